/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * The latency benchmark: per client, a fresh topic read from its start by the same client while records are sent
 * at a fixed moderate rate ({@code --rate}) for a warm-up (a quarter of {@code --duration}, at most 5 s) and then
 * {@code --duration} seconds. Each record carries its intended send time; latencies are measured from it (so a
 * sender that falls behind is not forgiven: no coordinated omission) to the acknowledgement (produce→ack) and to the
 * consumer's listener (produce→consume), for the records sent after the warm-up. Everything is also read back and
 * checked.
 */
final class LatencyMode {

    private LatencyMode() {
    }

    /**
     * Runs the latency benchmark with ours, then (with {@code --compare}) the official client.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        for (String label : run.clients()) {
            paced(run, label);
        }
    }

    private static void paced(BenchRun run, String label) {
        BenchSettings s = run.settings();
        String topic = run.createTopic(label + "-latency");
        long total = s.latencyRecords();
        double interval = 1e9 / s.rate();
        Payload payload = new Payload(s.recordSize());
        Recorder endToEnd = new Recorder(3);
        Verifier verifier = new Verifier(total, total);
        long checksum = 0;
        try (BenchClient client = run.start(label);
             BenchClient.Consumption consumption = client.open(topic, BenchRun.OPEN_BOUND)) {
            long t0 = System.nanoTime();
            long measureFrom = t0 + Math.round(s.latencyWarmupRecords() * interval);
            ProduceTracker tracker = new ProduceTracker(topic, total, measureFrom);
            consumption.start((partition, offset, value) -> {
                long sent = Payload.nanos(value);
                if (sent - measureFrom >= 0) {
                    endToEnd.recordValue(Math.max(0, System.nanoTime() - sent));
                }
                verifier.record(partition, offset, value);
            });
            ResourceMeter meter = run.meter();
            try (Progress p = run.progress(label + " latency", total, tracker::acknowledged)) {
                for (long seq = 0; seq < total; seq++) {
                    long intended = t0 + Math.round(seq * interval);
                    for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                        // Pacing to the fixed rate, not a synchronisation.
                        LockSupport.parkNanos(wait);
                    }
                    byte[] value = payload.create(seq, intended);
                    checksum += Payload.hash(value);
                    client.send(topic, value, intended, tracker);
                }
                run.settle(client, tracker);
                run.await(verifier);
            }
            ResourceUsage usage = meter.stop();
            run.report().add(new PhaseRun(label, "paced", 0, tracker.acknowledged(), s.recordSize(), usage));
            run.report().add(LatencySummary.of(label, LatencySummary.PRODUCE_ACK, tracker.latencies()));
            run.report().add(LatencySummary.of(label, LatencySummary.PRODUCE_CONSUME,
                    endToEnd.getIntervalHistogram()));
            run.noteFailures(label, tracker);
        }
        run.report().add(verifier.result(label, checksum));
    }
}
