/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.GroupProtocol;
import io.kafkadriver.api.PartitionAssignor;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * kafka-driver's {@link ClusterClient} under test: the producer configured as in the producer benchmark
 * ({@link DriverProducer#builder}), the consumer with fetch settings pinned to the official client's
 * ({@link OfficialBenchClient#consumerConfiguration}). Records go out with {@code send} (one future per record, timed
 * by its completion); a topic is read with {@code consumeFromEarliest} and one {@code onMessageReceived} listener.
 * A consumer group's member ({@link #joinGroup}) is a client of its own with {@code subscribe}.
 */
final class DriverBenchClient implements BenchClient {
    /** The label of our client. */
    static final String LABEL = "ours";
    /** Longest a broker holds a Fetch without data, both clients. */
    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(100);
    /** Most bytes of one Fetch response, both clients (the official default). */
    static final int FETCH_MAX_BYTES = 50 * 1024 * 1024;
    /** Most bytes per partition in one Fetch response, both clients (the official default). */
    static final int PARTITION_MAX_BYTES = 1024 * 1024;

    private final ClusterClient client;
    private final int partitions;

    private DriverBenchClient(ClusterClient client, int partitions) {
        this.client = client;
        this.partitions = partitions;
    }

    /**
     * Builds the configuration for a workload.
     *
     * @param bootstrap the seeds
     * @param settings  the workload
     * @return the configuration
     */
    static Configuration configuration(String bootstrap, BenchSettings settings) {
        return settings.driverSecurity(DriverProducer.builder(bootstrap, settings.produceWorkload()))
                .fetchMaxWaitTime(FETCH_MAX_WAIT)
                .fetchMinBytes(1)
                .fetchMaxBytes(FETCH_MAX_BYTES)
                .fetchMessageMaxBytes(PARTITION_MAX_BYTES)
                .build();
    }

    /**
     * Starts a client.
     *
     * @param bootstrap the seeds
     * @param settings  the workload
     * @return the client
     */
    static DriverBenchClient start(String bootstrap, BenchSettings settings) {
        return new DriverBenchClient(ClusterClient.create(configuration(bootstrap, settings)), settings.partitions());
    }

    /**
     * Builds a group member's group settings: the classic protocol with the range assignor alone, from the earliest
     * offsets (the group has none committed), auto-commit off (the default); session, heartbeat and rebalance
     * timeouts at their defaults.
     *
     * @return the group settings
     */
    static ConsumerGroupConfiguration groupConfiguration() {
        return ConsumerGroupConfiguration.builder()
                .protocol(GroupProtocol.CLASSIC)
                .assignors(PartitionAssignor.RANGE)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .build();
    }

    /**
     * Starts one member of a consumer group: a fresh {@link ClusterClient} (configured as {@link #start}'s) with
     * its listeners, subscribed to {@code topic} in {@code groupId} ({@link #groupConfiguration}). Blocks until the
     * client started and took the subscription; the member then joins the group on its own.
     *
     * @param bootstrap the seeds
     * @param settings  the workload
     * @param groupId   the group, fresh
     * @param topic     the topic, which exists
     * @param listener  hears the member's assignments and records of {@code topic}, on the group's delivery thread
     * @return the member, to close
     */
    static GroupMember joinGroup(String bootstrap, BenchSettings settings, String groupId, String topic,
                                 GroupMember.Listener listener) {
        ClusterClient client = ClusterClient.create(configuration(bootstrap, settings));
        try {
            client.onPartitionsAssigned(p -> {
                if (groupId.equals(p.groupId())) {
                    listener.assigned(p.partitions().stream().filter(tp -> topic.equals(tp.topic()))
                            .map(TopicPartition::partition).toList());
                }
            });
            client.onMessageReceived(m -> {
                if (groupId.equals(m.groupId()) && topic.equals(m.topic())) {
                    listener.record(m.partition(), m.offset(), m.value());
                }
            });
            client.subscribe(groupId, List.of(topic), groupConfiguration());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        // close() leaves the group (LeaveGroup) within closeTimeout, then stops the client's actor system.
        return client::close;
    }

    @Override
    public String label() {
        return LABEL;
    }

    @Override
    public void send(String topic, byte[] value, long sentNanos, ProduceTracker tracker) {
        client.send(topic, null, value).whenComplete(new Outcome(sentNanos, tracker));
    }

    @Override
    public void flush(Duration bound) throws TimeoutException, InterruptedException {
        try {
            client.flush().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the driver's flush failed", e.getCause());
        }
    }

    /**
     * Prepares to read a topic: asks for every partition's earliest offset, which needs the topic's metadata and the
     * leaders' connections. (Not {@code partitions(topic)}: it asks for fresh metadata, which the client throttles
     * to one refresh per {@code minimumTimeBetweenRefreshMetadata}, 42 s, and so times out after 20 s on a client
     * that just bootstrapped.)
     */
    @Override
    public Consumption open(String topic, Duration bound) {
        try {
            for (int p = 0; p < partitions; p++) {
                client.earliestOffset(topic, p).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the driver did not learn the offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Consumption() {
            private AutoCloseable listener;

            @Override
            public void start(RecordSink sink) {
                listener = client.onMessageReceived(m -> {
                    if (topic.equals(m.topic())) {
                        sink.record(m.partition(), m.offset(), m.value());
                    }
                });
                client.consumeFromEarliest(topic);
            }

            @Override
            public void close() {
                client.stopConsume(topic);
                try {
                    if (listener != null) {
                        listener.close();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot unregister the listener", e);
                }
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }

    /** One record's outcome, timed from its send. */
    private record Outcome(long sentNanos, ProduceTracker tracker) implements BiConsumer<RecordMetadata, Throwable> {
        @Override
        public void accept(RecordMetadata metadata, Throwable error) {
            if (error == null) {
                tracker.acked(sentNanos);
            } else {
                tracker.failed(error);
            }
        }
    }
}
