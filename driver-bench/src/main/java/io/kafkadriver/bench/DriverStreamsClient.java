/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.stream.ConsumerSettings;
import io.kafkadriver.stream.Control;
import io.kafkadriver.stream.KafkaSink;
import io.kafkadriver.stream.KafkaSource;
import io.kafkadriver.stream.ProducerSettings;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Ours in the streams mode: a {@link ClusterClient} inside the run's actor system
 * ({@code ClusterClient.create(config, system)}, configured as {@link DriverBenchClient#configuration}: the producer
 * benchmark's producer settings and the consumer's pinned fetch settings), producing through
 * {@link KafkaSink#create(ClusterClient, ProducerSettings)} with {@code --stream-parallelism} records in flight and
 * reading through {@link KafkaSource#topic} from {@code Earliest} with a buffer of {@code --source-buffer} records.
 */
final class DriverStreamsClient implements StreamsClient {
    private final ActorSystem system;
    private final ClusterClient client;
    private final BenchSettings settings;

    private DriverStreamsClient(ActorSystem system, ClusterClient client, BenchSettings settings) {
        this.system = system;
        this.client = client;
        this.settings = settings;
    }

    /**
     * Starts an actor system and a client in it.
     *
     * @param bootstrap the seeds
     * @param settings  the workload
     * @return the client
     */
    static DriverStreamsClient start(String bootstrap, BenchSettings settings) {
        ActorSystem system = StreamsMode.actorSystem("bench-ours");
        try {
            return new DriverStreamsClient(system, ClusterClient.create(DriverBenchClient.configuration(bootstrap,
                    settings), Adapter.toTyped(system)), settings);
        } catch (RuntimeException e) {
            StreamsMode.terminate(system);
            throw e;
        }
    }

    @Override
    public String label() {
        return DriverBenchClient.LABEL;
    }

    @Override
    public CompletionStage<Done> produce(String topic, int records, byte[][] pool, AtomicLong handed) {
        int mask = pool.length - 1;
        return Source.range(0, records - 1)
                .map(i -> {
                    handed.lazySet(i + 1L); // one writer: the stage
                    return ProducerRecord.of(topic, null, pool[i & mask]);
                })
                .runWith(KafkaSink.create(client, ProducerSettings.defaults()
                        .withParallelism(settings.streamParallelism())), system);
    }

    /**
     * Prepares as {@link DriverBenchClient#open} does: every partition's earliest offset, which needs the topic's
     * metadata and the leaders' connections.
     */
    @Override
    public BenchClient.Consumption open(String topic, Duration bound) {
        try {
            for (int p = 0; p < settings.partitions(); p++) {
                client.earliestOffset(topic, p).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the driver did not learn the offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new BenchClient.Consumption() {
            private Control control;

            @Override
            public void start(RecordSink sink) {
                control = KafkaSource.topic(client, topic, new KafkaDriver.StartFrom.Earliest(),
                                ConsumerSettings.defaults().withBufferSize(settings.sourceBuffer()))
                        .toMat(Sink.foreach(m -> sink.record(m.partition(), m.offset(), m.value())), Keep.left())
                        .run(system);
            }

            @Override
            public void close() {
                if (control != null) {
                    StreamsMode.await(control.shutdown(), "ours' source shutdown");
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            StreamsMode.terminate(system);
        }
    }
}
