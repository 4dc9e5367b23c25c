/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.ProduceWorkload.Client;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The producer benchmark in the main command: {@link ProduceBenchmark} (fire-and-forget {@code produce} for ours,
 * {@code send} with a counting callback for the official client, warm-up, fresh topics and clients per run, pairs
 * in alternating order) on the run's cluster and settings, its runs added to the report.
 */
final class ProduceMode {

    private ProduceMode() {
    }

    /**
     * Runs the producer benchmark: ours, and the official client with {@code --compare}.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        BenchSettings s = run.settings();
        Set<Client> clients = s.compare() ? EnumSet.allOf(Client.class) : EnumSet.of(Client.OURS);
        ProduceBenchmarkResult result = ProduceBenchmark.run(run.cluster(), s.produceWorkload(), clients, run.log(),
                (label, total, done) -> run.progress(label, total, done)::close);
        for (RunResult r : result.runs()) {
            run.report().add(new PhaseRun(r.client().label(), "produce", r.index(), r.acknowledged(),
                    r.recordSize(), r.usage()));
            if (!r.complete()) {
                run.report().note(String.format(Locale.ROOT, "FAILED: %s produce #%d: %,d of %,d records"
                        + " acknowledged (%,d failed%s)", r.client().label(), r.index(), r.acknowledged(),
                        r.records(), r.failed(), r.firstError() == null ? "" : "; first error: " + r.firstError()),
                        true);
            }
        }
    }
}
