/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The official Java client under test: a {@code KafkaProducer<byte[], byte[]>} configured as in the producer
 * benchmark ({@link OfficialProducer#configuration}), created on the first send, with a per-record callback; and a
 * {@code KafkaConsumer<byte[], byte[]>} without a group that assigns every partition, seeks to the beginning and
 * polls on its own thread. A consumer group's member ({@link #joinGroup}) is a {@code KafkaConsumer} of its own
 * that subscribes and polls on its own thread.
 */
final class OfficialBenchClient implements BenchClient {
    /** The label of the official client. */
    static final String LABEL = "official";
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrap;
    private final BenchSettings settings;
    private KafkaProducer<byte[], byte[]> producer;

    private OfficialBenchClient(String bootstrap, BenchSettings settings) {
        this.bootstrap = bootstrap;
        this.settings = settings;
    }

    /**
     * Starts a client (the producer itself starts on the first send).
     *
     * @param bootstrap the bootstrap servers
     * @param settings  the workload
     * @return the client
     */
    static OfficialBenchClient start(String bootstrap, BenchSettings settings) {
        return new OfficialBenchClient(bootstrap, settings);
    }

    /**
     * Builds the consumer's configuration: no group, no commits, fetch settings pinned to ours (min 1 byte, max
     * wait 100 ms, 50 MiB per response, 1 MiB per partition), everything else at its default
     * ({@code max.poll.records} 500).
     *
     * @param bootstrap the bootstrap servers
     * @return the configuration
     */
    static Properties consumerConfiguration(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-official-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(DriverBenchClient.FETCH_MAX_WAIT.toMillis()));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(DriverBenchClient.FETCH_MAX_BYTES));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(DriverBenchClient.PARTITION_MAX_BYTES));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Builds a group member's configuration: {@link #consumerConfiguration}'s (auto-commit off, earliest, the
     * pinned fetch settings) with the group, the classic protocol and the range assignor alone; session, heartbeat
     * and {@code max.poll.interval.ms} (the rebalance timeout) at their defaults.
     *
     * @param bootstrap the bootstrap servers
     * @param groupId   the group
     * @param member    the member's index, for its client id
     * @return the configuration
     */
    static Properties groupConfiguration(String bootstrap, String groupId, int member) {
        Properties p = consumerConfiguration(bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-official-member-" + member);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return p;
    }

    /**
     * Starts one member of a consumer group: a thread of its own that creates a {@code KafkaConsumer}
     * ({@link #groupConfiguration}), subscribes to {@code topic} with a rebalance listener and polls until closed.
     * Returns at once; the consumer joins the group in its first polls.
     *
     * @param bootstrap the bootstrap servers
     * @param groupId   the group, fresh
     * @param member    the member's index, for its client id and thread name
     * @param topic     the topic, which exists
     * @param listener  hears the member's assignments and records, on its poll thread
     * @return the member, to close
     */
    static GroupMember joinGroup(String bootstrap, String groupId, int member, String topic,
                                 GroupMember.Listener listener) {
        GroupPollLoop loop = new GroupPollLoop(groupConfiguration(bootstrap, groupId, member), topic, listener,
                "bench-official-member-" + member);
        loop.thread.start();
        return loop;
    }

    @Override
    public String label() {
        return LABEL;
    }

    @Override
    public void send(String topic, byte[] value, long sentNanos, ProduceTracker tracker) {
        if (producer == null) {
            producer = new KafkaProducer<>(settings.officialSecurity(OfficialProducer.configuration(bootstrap,
                    settings.produceWorkload())));
        }
        producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
            if (error == null) {
                tracker.acked(sentNanos);
            } else {
                tracker.failed(error);
            }
        });
    }

    /**
     * Flushes: the official {@code flush()} has no bound of its own; {@code delivery.timeout.ms} bounds it.
     *
     * @param bound unused
     */
    @Override
    public void flush(Duration bound) {
        if (producer != null) {
            producer.flush();
        }
    }

    @Override
    public Consumption open(String topic, Duration bound) {
        PollLoop loop = new PollLoop(topic, settings.officialSecurity(consumerConfiguration(bootstrap)), bound);
        loop.thread.start();
        try {
            loop.ready.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            loop.close();
            throw new IllegalStateException("the official consumer did not learn the partitions of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.close();
            throw new IllegalStateException("interrupted", e);
        }
        return loop;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** The consumer's own thread: assign, seek to the beginning, then poll until closed. */
    private static final class PollLoop implements Consumption {
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<RecordSink> started = new CompletableFuture<>();
        private final Thread thread;
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private volatile boolean stopped;

        PollLoop(String topic, Properties config, Duration bound) {
            this.thread = new Thread(() -> run(topic, config, bound), "bench-official-consumer");
            this.thread.setDaemon(true);
        }

        private void run(String topic, Properties config, Duration bound) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(topic, bound).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                ready.complete(null);
                RecordSink sink = started.get();
                while (!stopped && sink != null) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        sink.record(r.partition(), r.offset(), r.value());
                    }
                }
            } catch (WakeupException e) {
                // close() woke the poll up: done.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | ExecutionException e) {
                ready.completeExceptionally(e);
                if (!stopped) {
                    throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }

        @Override
        public void start(RecordSink sink) {
            started.complete(sink);
        }

        @Override
        public void close() {
            stopped = true;
            started.complete(null);
            stopPolling(consumer, thread);
        }
    }

    /** A group member's own thread: create the consumer, subscribe, then poll until closed (which leaves the group). */
    private static final class GroupPollLoop implements GroupMember {
        private final Thread thread;
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private volatile boolean stopped;

        /** Prepares the member's thread (not started): its consumer is created on it. */
        GroupPollLoop(Properties config, String topic, GroupMember.Listener listener, String name) {
            this.thread = new Thread(() -> run(config, topic, listener), name);
            this.thread.setDaemon(true);
        }

        /** The thread's body: create, subscribe, poll and hand every record over until closed. */
        private void run(Properties config, String topic, GroupMember.Listener listener) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
                consumer = c;
                if (stopped) {
                    // close() ran before the consumer existed, so its wakeup() reached nobody.
                    return;
                }
                c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        listener.assigned(partitions.stream().map(TopicPartition::partition).toList());
                    }

                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // Nothing to commit: the benchmark commits nothing.
                    }
                });
                while (!stopped) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        listener.record(r.partition(), r.offset(), r.value());
                    }
                }
            } catch (WakeupException e) {
                // close() woke the poll up: done (the consumer's close leaves the group).
            }
        }

        /** Stops the polls and waits (bounded) for the thread, whose consumer's close leaves the group. */
        @Override
        public void close() {
            stopped = true;
            stopPolling(consumer, thread);
        }
    }

    /** Wakes a poll loop's consumer (when it exists yet) and waits, bounded, for its thread to end. */
    private static void stopPolling(KafkaConsumer<byte[], byte[]> consumer, Thread thread) {
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
