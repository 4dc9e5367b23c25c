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
 * in alternating order) on the run's cluster and settings, its runs added to the report. {@code --api send} measures
 * ours through {@code send} (client {@code ours-send}) instead, {@code --api both} both of ours' calls in one run.
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
        Set<Client> clients = clients(s);
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

    /**
     * Returns the clients a run measures: ours with the chosen call(s), and the official client with
     * {@code --compare}.
     *
     * @param s the settings
     * @return the clients
     */
    static Set<Client> clients(BenchSettings s) {
        Set<Client> clients = switch (s.api()) {
            case PRODUCE -> EnumSet.of(Client.OURS);
            case SEND -> EnumSet.of(Client.OURS_SEND);
            case BOTH -> EnumSet.of(Client.OURS, Client.OURS_SEND);
        };
        if (s.compare()) {
            clients.add(Client.OFFICIAL);
        }
        return clients;
    }
}
