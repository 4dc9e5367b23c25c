/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latency benchmark: per client, a fresh topic read from its start by the same client while records are sent
 * at a fixed moderate rate ({@code --rate}) for a warm-up (a quarter of {@code --duration}, at most 5 s) and then
 * {@code --duration} seconds. Each record carries its intended send time; latencies are measured from it (so a
 * sender that falls behind is not forgiven: no coordinated omission) to the acknowledgement (produce→ack) and to the
 * consumer's listener (produce→consume), for the records sent after the warm-up. Everything is also read back and
 * checked.
 *
 * <p>The broker is shared by the clients, and a fresh broker answers slowly for a minute or more at this rate, until
 * its own JIT has warmed up: the client measured first used to pay for it (measured on 2026-12-01: ours first, p99
 * x3.16; the official client first, x0.32; ours alone, four runs in a row after 10 s of warm-up: p99 35, 17, 13 and
 * 9 ms; a fresh client against a broker warmed by an earlier one: 17 then 10 ms). Ours needs about as long itself:
 * after 30 s of warm-up its next run still had p99 20-22 ms and the one after 9-11 ms, whatever ran between (its
 * per-request code runs a few hundred times a second, so the JIT takes that long to reach it). So every client first
 * runs the paced workload once unmeasured against the broker, for three times {@code --duration} and at most
 * {@link #BROKER_WARMUP_SECONDS} (the goals' 20 s runs get the whole minute), and the measured runs
 * then go in alternating order ({@code --repeat} pairs: A B B A ...), each client's latencies pooled over its runs.
 */
final class LatencyMode {
    /** The most seconds each client loads the broker, unmeasured, before the measured runs. */
    static final int BROKER_WARMUP_SECONDS = 60;
    /** The broker warm-up is this many times {@code --duration}, up to {@link #BROKER_WARMUP_SECONDS}. */
    static final int BROKER_WARMUP_PER_DURATION = 3;
    /** The schedule index of a client's broker warm-up run. */
    private static final int WARMUP = -1;

    private LatencyMode() {
    }

    /**
     * Runs the latency benchmark: the broker warm-up, then the measured runs of ours and (with {@code --compare})
     * the official client, in alternating order.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        BenchSettings s = run.settings();
        long warmupRecords = (long) s.rate() * brokerWarmupSeconds(s);
        for (String label : run.clients()) {
            paced(run, label, WARMUP, warmupRecords, 0, null);
        }
        Map<String, Histogram[]> pooled = new LinkedHashMap<>();
        List<String> schedule = run.schedule();
        for (int i = 0; i < schedule.size(); i++) {
            String label = schedule.get(i);
            Histogram[] h = pooled.computeIfAbsent(label, l -> new Histogram[] {new Histogram(3), new Histogram(3)});
            paced(run, label, i, s.latencyRecords(), s.latencyWarmupRecords(), h);
        }
        pooled.forEach((label, h) -> {
            run.report().add(LatencySummary.of(label, LatencySummary.PRODUCE_ACK, h[0]));
            run.report().add(LatencySummary.of(label, LatencySummary.PRODUCE_CONSUME, h[1]));
        });
    }

    /**
     * The seconds each client loads the broker before the measured runs.
     *
     * @param s the settings
     * @return {@link #BROKER_WARMUP_PER_DURATION} times {@code --duration}, at most {@link #BROKER_WARMUP_SECONDS}
     */
    static int brokerWarmupSeconds(BenchSettings s) {
        return Math.min(BROKER_WARMUP_SECONDS, BROKER_WARMUP_PER_DURATION * s.durationSeconds());
    }

    /**
     * One paced run on a fresh topic.
     *
     * @param index its place in the schedule, or {@link #WARMUP}
     * @param into  the produce→ack and produce→consume histograms to add this run's latencies to, or null for an
     *              unmeasured run (the broker warm-up: checked, not reported)
     */
    private static void paced(BenchRun run, String label, int index, long total, long warmupRecords,
                              Histogram[] into) {
        BenchSettings s = run.settings();
        String name = index == WARMUP ? "broker-warmup" : "run" + index;
        String topic = run.createTopic(label + "-latency-" + name);
        double interval = 1e9 / s.rate();
        Payload payload = new Payload(s.recordSize());
        Recorder endToEnd = new Recorder(3);
        Verifier verifier = new Verifier(total, total);
        long checksum = 0;
        ProduceTracker tracker;
        ResourceUsage usage;
        try (BenchClient client = run.start(label);
             BenchClient.Consumption consumption = client.open(topic, BenchRun.OPEN_BOUND)) {
            long t0 = System.nanoTime();
            long measureFrom = t0 + Math.round(warmupRecords * interval);
            tracker = new ProduceTracker(topic, total, measureFrom);
            consumption.start((partition, offset, value) -> {
                long sent = Payload.nanos(value);
                if (sent - measureFrom >= 0) {
                    endToEnd.recordValue(Math.max(0, System.nanoTime() - sent));
                }
                verifier.record(partition, offset, value);
            });
            ResourceMeter meter = run.meter();
            try (Progress p = run.progress(label + " latency " + name, total, tracker::acknowledged)) {
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
            usage = meter.stop();
        }
        run.noteFailures(label, tracker);
        if (into == null) {
            Verification check = verifier.result(label, checksum);
            if (!check.ok()) {
                run.report().add(check); // a warm-up that lost or mangled records fails the run too
            }
            return;
        }
        Histogram ack = tracker.latencies();
        Histogram consume = endToEnd.getIntervalHistogram();
        System.out.printf(Locale.ROOT, "%s %s: produce-ack p50 %.2f p99 %.2f p99.9 %.2f ms, produce-consume p50 %.2f"
                        + " p99 %.2f p99.9 %.2f ms%n", label, name, ms(ack, 50), ms(ack, 99), ms(ack, 99.9),
                ms(consume, 50), ms(consume, 99), ms(consume, 99.9));
        into[0].add(ack);
        into[1].add(consume);
        run.report().add(new PhaseRun(label, "paced", index, tracker.acknowledged(), s.recordSize(), usage));
        run.report().add(verifier.result(label, checksum));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
