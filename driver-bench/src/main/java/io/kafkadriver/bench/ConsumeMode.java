/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The consumer benchmark: one topic pre-filled once by the official producer with {@code records} {@link Payload}s,
 * then read whole from its earliest offsets by ours ({@code consumeFromEarliest} and a listener) and by the official
 * {@code KafkaConsumer} (assign, seek to the beginning, poll), each run with a fresh client, in alternating order.
 * Each client first reads the first {@code warmup} fraction of the topic once, unmeasured (JIT warm-up). A measured
 * run's clock starts once the client knows the topic's partitions and stops at the last distinct record; every run
 * is checked ({@link Verifier}: every sequence number once, offsets in order; no checksum, to keep the listener
 * cheap).
 */
final class ConsumeMode {

    private ConsumeMode() {
    }

    /**
     * Runs the consumer benchmark.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        readRuns(run, "consume", ConsumeMode::readOnce);
    }

    /** One read of the topic by one client: the warm-up ({@code index} -1) or a measured run. */
    @FunctionalInterface
    interface Reader {
        void read(BenchRun run, String label, String topic, long target, long checksum, int index);
    }

    /**
     * The consume phases, shared with the streams mode's source phase: a topic pre-filled once by the official
     * producer, an unmeasured warm-up read per client, then the measured reads in the run's schedule.
     *
     * @param run    the run
     * @param name   the topic's name
     * @param reader reads the topic once through one client
     */
    static void readRuns(BenchRun run, String name, Reader reader) {
        BenchSettings s = run.settings();
        String topic = run.createTopic(name);
        Long checksum = prefill(run, topic);
        if (checksum == null) {
            return;
        }
        long warmup = Math.round(s.records() * s.warmupFraction());
        if (warmup > 0) {
            for (String label : run.clients()) {
                reader.read(run, label, topic, warmup, checksum, -1);
            }
        }
        Map<String, Integer> done = new HashMap<>();
        for (String label : run.schedule()) {
            reader.read(run, label, topic, s.records(), checksum, done.merge(label, 1, Integer::sum) - 1);
        }
    }

    /**
     * Writes {@code records} {@link Payload}s to the topic with the official producer (also the group mode's
     * pre-fill); failures become failing notes.
     *
     * @param run   the run
     * @param topic the topic, which exists
     * @return the values' hash sum, or null when records failed
     */
    static Long prefill(BenchRun run, String topic) {
        BenchSettings s = run.settings();
        Payload payload = new Payload(s.recordSize());
        ProduceTracker tracker = new ProduceTracker(topic, s.records(), System.nanoTime());
        long checksum = 0;
        try (BenchClient official = OfficialBenchClient.start(run.clientBootstrap(), s);
             Progress p = run.progress("pre-fill (official)", s.records(), tracker::acknowledged)) {
            for (long seq = 0; seq < s.records(); seq++) {
                long now = System.nanoTime();
                byte[] value = payload.create(seq, now);
                checksum += Payload.hash(value);
                official.send(topic, value, now, tracker);
            }
            if (!run.settle(official, tracker) || tracker.failed() > 0) {
                run.noteFailures("pre-fill (official)", tracker);
                return null;
            }
        }
        return checksum;
    }

    /**
     * Reads the topic with a fresh client until {@code target} distinct records arrived.
     *
     * @param index the measured run's index, or -1 for the warm-up
     */
    private static void readOnce(BenchRun run, String label, String topic, long target, long checksum, int index) {
        BenchSettings s = run.settings();
        // No checksum here: hashing every value would cost both clients' single delivery thread alike and hide
        // the difference between them; the round trip and latency modes check the bytes.
        Verifier verifier = new Verifier(s.records(), target, false);
        String what = label + (index < 0 ? " warm-up" : " consume #" + index);
        try (BenchClient client = run.start(label);
             BenchClient.Consumption consumption = client.open(topic, BenchRun.OPEN_BOUND)) {
            System.gc();
            ResourceMeter meter = run.meter();
            try (Progress p = run.progress(what, target, verifier::distinct)) {
                consumption.start(verifier);
                run.await(verifier);
            }
            ResourceUsage usage = meter.stop();
            if (index >= 0) {
                run.report().add(new PhaseRun(label, "consume", index, verifier.distinct(), s.recordSize(), usage));
                run.report().add(verifier.result(label, checksum));
            } else if (verifier.distinct() < target) {
                run.report().note(String.format("FAILED: %s read %,d of %,d records", what, verifier.distinct(),
                        target), true);
            }
        }
    }
}
