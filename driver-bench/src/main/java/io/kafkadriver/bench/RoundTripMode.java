/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/**
 * The demo (the main command without arguments): per client, a fresh topic; produce {@code records} values, each
 * sent with {@code send} and timed from send to acknowledgement; then read the topic back from its earliest offsets
 * with the same client and check every record ({@link Verifier}). Reports records/s, MB/s, CPU and peak heap per
 * phase, the produce→ack percentiles and the check. Producing runs flat out, so its latency is mostly the time a
 * record waits in the 32 MiB buffer.
 */
final class RoundTripMode {

    private RoundTripMode() {
    }

    /**
     * Runs the round trip with ours, then (with {@code --compare}) with the official client.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        for (String label : run.clients()) {
            roundTrip(run, label);
        }
    }

    private static void roundTrip(BenchRun run, String label) {
        BenchSettings s = run.settings();
        String topic = run.createTopic(label + "-roundtrip");
        try (BenchClient client = run.start(label)) {
            ProduceTracker tracker = new ProduceTracker(topic, s.records(), System.nanoTime());
            long checksum = produce(run, client, topic, tracker);
            run.report().add(LatencySummary.of(label, LatencySummary.PRODUCE_ACK, tracker.latencies()));
            Verifier verifier = new Verifier(s.records(), s.records());
            try (BenchClient.Consumption consumption = client.open(topic, BenchRun.OPEN_BOUND)) {
                ResourceMeter meter = run.meter();
                try (Progress p = run.progress(label + " consume", s.records(), verifier::distinct)) {
                    consumption.start(verifier);
                    run.await(verifier);
                }
                ResourceUsage usage = meter.stop();
                run.report().add(new PhaseRun(label, "consume", 0, verifier.distinct(), s.recordSize(), usage));
            }
            run.report().add(verifier.result(label, checksum));
        }
    }

    /**
     * Produces every record, timed, and waits for their outcomes.
     *
     * @return the sum of the values' hashes
     */
    private static long produce(BenchRun run, BenchClient client, String topic, ProduceTracker tracker) {
        BenchSettings s = run.settings();
        Payload payload = new Payload(s.recordSize());
        long checksum = 0;
        ResourceMeter meter = run.meter();
        try (Progress p = run.progress(client.label() + " produce", s.records(), tracker::acknowledged)) {
            for (long seq = 0; seq < s.records(); seq++) {
                long now = System.nanoTime();
                byte[] value = payload.create(seq, now);
                checksum += Payload.hash(value);
                client.send(topic, value, now, tracker);
            }
            run.settle(client, tracker);
        }
        ResourceUsage usage = meter.stop();
        run.report().add(new PhaseRun(client.label(), "produce", 0, tracker.acknowledged(), s.recordSize(), usage));
        run.noteFailures(client.label(), tracker);
        return checksum;
    }
}
