/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;

/**
 * The Pekko Streams benchmark: ours ({@code KafkaSink}, {@code KafkaSource.topic}) against pekko-connectors-kafka
 * ({@code Producer.plainSink}, {@code Consumer.plainExternalSource}) on the same broker and workload, in two phases.
 *
 * <ul>
 *   <li>{@value #SINK}: as the producer benchmark ({@link ProduceBenchmark}): per measured run a fresh topic, a
 *   fresh actor system and client, a warm-up stream of {@code --warmup} of the records to a warm-up topic,
 *   {@code System.gc()}, then one stream of {@code --records} records from {@code Source.range} (values from a pool
 *   of 1,024 random ones made up front) into the sink; the clock runs from materializing it to the sink's
 *   completion (every record acknowledged). The topic's record count is checked afterwards.</li>
 *   <li>{@value #SOURCE}: as the consume mode ({@link ConsumeMode}): one topic pre-filled once by the official
 *   producer, one unmeasured warm-up read of {@code --warmup} of it per client, then per measured run a fresh
 *   actor system and client that first learns the partitions; the clock runs from materializing the source into a
 *   {@code Sink.foreach} to the last distinct record, every record checked ({@link Verifier}).</li>
 * </ul>
 *
 * <p>Both phases run {@code --repeat} pairs in A B B A order with {@code --compare}. Both clients' actor systems are
 * built alike ({@link #actorSystem}).
 */
final class StreamsMode {
    /** The label of pekko-connectors-kafka in the tables and the JSON. */
    static final String RIVAL = "pekko-kafka";
    /** The producing phase. */
    static final String SINK = "sink";
    /** The consuming phase. */
    static final String SOURCE = "source";
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(30);

    private StreamsMode() {
    }

    /**
     * Runs both phases.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        BenchSettings s = run.settings();
        run.report().note(String.format(Locale.ROOT, "streams: %,d records in flight per sink (both); ours' source"
                + " buffer %,d records; one actor system per client and run, alike for both (1 ms scheduler tick,"
                + " default dispatcher of 1 to 3 threads)", s.streamParallelism(), s.sourceBuffer()), false);
        produce(run);
        consume(run);
    }

    /** The sink phase: one fresh topic and client per measured run, with a warm-up run first. */
    private static void produce(BenchRun run) {
        BenchSettings s = run.settings();
        byte[][] pool = ProduceBenchmark.values(ProduceWorkload.ValueKind.RANDOM, s.recordSize(),
                ProduceBenchmark.VALUE_POOL_SIZE, 42);
        int warmup = (int) Math.round(s.records() * s.warmupFraction());
        Map<String, Integer> done = new HashMap<>();
        for (String label : run.schedule()) {
            int index = done.merge(label, 1, Integer::sum) - 1;
            // Topics before the client: the driver learns topics from its first metadata.
            String topic = run.createTopic(SINK + "-" + label + "-" + index);
            String warmupTopic = warmup > 0 ? run.createTopic(SINK + "-" + label + "-" + index + "-warmup") : null;
            try (StreamsClient client = start(run, label)) {
                if (warmupTopic != null) {
                    String what = label + " sink warm-up";
                    if (!await(run, what, client.produce(warmupTopic, warmup, pool, new AtomicLong()), warmup)) {
                        continue;
                    }
                }
                System.gc();
                AtomicLong handed = new AtomicLong();
                String what = label + " sink #" + index;
                ResourceMeter meter = run.meter();
                boolean ok;
                try (Progress p = run.progress(what + " (handed to the sink)", s.records(), handed::get)) {
                    ok = await(run, what, client.produce(topic, (int) s.records(), pool, handed), s.records());
                }
                ResourceUsage usage = meter.stop();
                if (!ok) {
                    continue;
                }
                long written = run.cluster().recordCount(topic);
                run.report().add(new PhaseRun(label, SINK, index, s.records(), s.recordSize(), usage));
                if (written != s.records()) {
                    run.report().note(String.format(Locale.ROOT, "FAILED: %s: the sink completed but the topic"
                            + " holds %,d of %,d records", what, written, s.records()), true);
                }
            }
        }
    }

    /** The source phase: a topic pre-filled once; a warm-up read per client; a fresh client per measured run. */
    private static void consume(BenchRun run) {
        ConsumeMode.readRuns(run, SOURCE, StreamsMode::readOnce);
    }

    /**
     * Reads the topic through a fresh client's source until {@code target} distinct records arrived.
     *
     * @param index the measured run's index, or -1 for the warm-up
     */
    private static void readOnce(BenchRun run, String label, String topic, long target, long checksum, int index) {
        BenchSettings s = run.settings();
        // No checksum, as in the consume mode: hashing every value would cost both clients alike.
        Verifier verifier = new Verifier(s.records(), target, false);
        String what = label + (index < 0 ? " source warm-up" : " source #" + index);
        try (StreamsClient client = start(run, label);
             BenchClient.Consumption consumption = client.open(topic, BenchRun.OPEN_BOUND)) {
            System.gc();
            ResourceMeter meter = run.meter();
            try (Progress p = run.progress(what, target, verifier::distinct)) {
                consumption.start(verifier);
                run.await(verifier);
            }
            ResourceUsage usage = meter.stop();
            if (index >= 0) {
                run.report().add(new PhaseRun(label, SOURCE, index, verifier.distinct(), s.recordSize(), usage));
                run.report().add(verifier.result(label + " (" + SOURCE + " #" + index + ")", checksum));
            } else if (verifier.distinct() < target) {
                run.report().note(String.format(Locale.ROOT, "FAILED: %s read %,d of %,d records", what,
                        verifier.distinct(), target), true);
            }
        }
    }

    private static StreamsClient start(BenchRun run, String label) {
        return label.equals(DriverBenchClient.LABEL) ? DriverStreamsClient.start(run.cluster().bootstrap(),
                run.settings()) : PekkoKafkaStreamsClient.start(run.cluster().bootstrap(), run.settings());
    }

    /**
     * Waits for a sink's completion, bounded by 60 s plus 1 s per 10,000 records; a failure or a timeout becomes a
     * failing note.
     *
     * @return true when the sink completed
     */
    private static boolean await(BenchRun run, String what, CompletionStage<?> completion, long records) {
        Duration bound = Duration.ofSeconds(60 + records / 10_000);
        try {
            completion.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            run.report().note("FAILED: " + what + ": " + e.getCause(), true);
        } catch (TimeoutException e) {
            run.report().note("FAILED: " + what + ": not complete after " + bound.toSeconds() + " s", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.report().note("FAILED: " + what + ": interrupted", true);
        }
        return false;
    }

    /**
     * Creates the actor system of one client and run, alike for both clients: the settings {@code ClusterClient}
     * gives the actor system it makes for itself (SLF4J logging, no dead-letter logging, no JVM shutdown hook, a
     * 1 ms scheduler tick for a few-millisecond linger, the default dispatcher at 1 to 3 threads, the driver's
     * default {@code maximumConcurrency}). A classic system: the consumer actor {@code plainExternalSource} needs is made
     * with a classic {@code actorOf}, which a typed system with a guardian of its own does not allow at the top
     * level; ours runs in its typed view.
     *
     * @param name the system's name
     * @return the system
     */
    static ActorSystem actorSystem(String name) {
        Config config = io.kafkadriver.api.internal.DriverSystemConfig.of(io.kafkadriver.api.Configuration.builder()
                .build());
        return ActorSystem.create(name, config);
    }

    /**
     * Terminates an actor system and waits, bounded, until it has.
     *
     * @param system the system
     */
    static void terminate(ActorSystem system) {
        system.terminate();
        await(system.getWhenTerminated(), "termination of " + system.name());
    }

    /**
     * Waits, bounded, for a shutdown step.
     *
     * @param stage the step
     * @param what  what it is, for the exception
     * @throws IllegalStateException when it fails or does not complete within 30 s
     */
    static void await(CompletionStage<?> stage, String what) {
        try {
            stage.toCompletableFuture().get(SHUTDOWN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }
}
