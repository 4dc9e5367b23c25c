/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import com.typesafe.config.Config;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.consume.ConsumeRouterActor;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.consume.FetchBudget;
import io.kafkadriver.actors.consume.StartPosition;
import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.internal.DriverBehavior;
import io.kafkadriver.api.internal.Engine;
import io.kafkadriver.api.internal.ProducerFacade;
import io.kafkadriver.protocol.errors.KafkaError;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.CreateTopicsRequest;
import io.kafkadriver.protocol.message.CreateTopicsResponse;
import io.kafkadriver.protocol.message.DeleteTopicsRequest;
import io.kafkadriver.protocol.message.DeleteTopicsResponse;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.api.internal.EngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's entry point: kafka-sharp's {@code ClusterClient}. It owns a Pekko actor system running the cluster
 * actor (brokers, metadata, connections), the produce router with its batchers, the consumer, and one member per
 * consumer group it subscribed to ({@link #subscribe}; docs/groups.md), and sends into them.
 *
 * <pre>{@code
 * try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds("localhost:9092").build())) {
 *     client.produce("orders", key, value);                       // fire and forget
 *     client.send("orders", key, value).thenAccept(m -> ...);     // per-record future
 *     client.flush().toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>{@code produce} and {@code send} never block, except under {@link OverflowStrategy#BLOCK} when
 * {@code maxBufferedMessages} records are already pending. Every record ends exactly once: acknowledged (its future
 * completes, {@link #onProduceAcknowledged} hears its batch), or discarded or expired (its future fails with a
 * {@link ProduceFailedException}, {@link #onMessageDiscarded} or {@link #onMessageExpired} hears it with the original
 * record).
 *
 * <p>Thread-safe: any thread may produce. Listeners are called on driver threads, one batch at a time per batcher;
 * they must be quick and must not block.
 */
public final class ClusterClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final Configuration config;
    private final ActorSystem<?> system;
    private final boolean ownsSystem;
    private final ActorRef<KafkaDriver.Command> driver;
    private final ActorRef<ClusterActor.Command> cluster;
    private final ProducerFacade producer;
    private final ActorRef<ConsumeRouterActor.Command> consumeRouter;
    private final Delivery<ReceivedMessage> delivery;
    private final FetchBudget fetchBudget;
    private final Engine engine;
    private final Map<String, Deserializer<?>[]> deserializers = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Deserializer<?>[] defaultDeserializers;
    private volatile boolean closed;

    private ClusterClient(Configuration config, ActorSystem<?> system, boolean ownsSystem) {
        this.config = config;
        this.system = system;
        this.ownsSystem = ownsSystem;
        CompletableFuture<Engine> started = new CompletableFuture<>();
        this.driver = system.systemActorOf(DriverBehavior.create(config, started::complete),
                "kafka-driver-" + INSTANCES.incrementAndGet(), Props.empty());
        Engine engine = answer(started, "the driver started", "the driver did not start");
        this.cluster = engine.cluster();
        this.producer = engine.producer();
        this.consumeRouter = engine.consumeRouter();
        this.delivery = engine.delivery();
        this.fetchBudget = engine.fetchBudget();
        this.engine = engine;
    }

    /**
     * Starts a client in an actor system of its own: the cluster bootstrap from the seeds, the producer, the
     * consumer. {@link #close()} stops that system.
     *
     * @param config the configuration; must name at least one seed
     * @return the client, to close when done
     * @throws ConfigurationException when the configuration has no seed, a TLS store cannot be opened, or a SASL or
     *                                TLS setting is given while the security protocol does not use it
     */
    public static ClusterClient create(Configuration config) {
        Engine.check(config);
        return new ClusterClient(config, ActorSystem.create(Behaviors.empty(), "kafka-driver", pekkoConfig(config)),
                true);
    }

    /**
     * Starts a client inside an application's own actor system: the driver's behavior ({@link KafkaDriver}) is
     * spawned there as a system actor, and {@link #close()} stops it and leaves the system running. The one method
     * of this package whose signature mentions Pekko. The system's own settings apply: its scheduler's
     * {@code tick-duration} bounds how precisely a linger is kept (the driver's own system ticks every 1 ms; Pekko's
     * default is 10 ms), and {@code maximumConcurrency} does not resize its dispatcher.
     *
     * @param config the configuration; must name at least one seed
     * @param system the application's actor system, left running on close
     * @return the client, to close when done
     * @throws ConfigurationException as {@link #create(Configuration)}
     */
    public static ClusterClient create(Configuration config, ActorSystem<?> system) {
        Engine.check(config);
        Objects.requireNonNull(system, "system");
        return new ClusterClient(config, system, false);
    }

    private static Config pekkoConfig(Configuration config) {
        return io.kafkadriver.api.internal.DriverSystemConfig.of(config);
    }

    /**
     * Produces a record, fire and forget: kafka-sharp's {@code Produce}.
     *
     * @param topic the topic
     * @param key   the key, or null
     * @param value the value, or null
     * @return true when accepted; false when the {@link OverflowStrategy#DISCARD} policy dropped it (the discard
     *         event is raised too)
     * @throws IllegalStateException   after {@link #close()}
     * @throws ProduceFailedException  under {@link OverflowStrategy#BLOCK} when no room came within
     *                                 {@code overflowBlockTimeout}
     */
    public boolean produce(String topic, byte[] key, byte[] value) {
        checkTopic(topic);
        return producer.submit(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, key, value, null,
                null, null);
    }

    /**
     * Produces a record to a given partition, fire and forget.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 to let the partitioner choose
     * @param key       the key, or null
     * @param value     the value, or null
     * @return see {@link #produce(String, byte[], byte[])}
     */
    public boolean produce(String topic, int partition, byte[] key, byte[] value) {
        checkTopic(topic);
        if (partition < ProducerRecord.ANY_PARTITION) {
            throw new IllegalArgumentException("partition must be -1 (any) or a partition index, was " + partition);
        }
        return producer.submit(topic, partition, ProducerRecord.NO_TIMESTAMP, key, value, null, null, null);
    }

    /**
     * Produces a record with any of partition, timestamp and headers, fire and forget.
     *
     * @param record the record
     * @return see {@link #produce(String, byte[], byte[])}
     */
    public boolean produce(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        return producer.submit(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(),
                ProducerFacade.protocolHeaders(record.headers()), null, record);
    }

    /**
     * Produces a record and returns its future.
     *
     * @param topic the topic
     * @param key   the key, or null
     * @param value the value, or null
     * @return completes with where the record was written, or fails with a {@link ProduceFailedException}
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<RecordMetadata> send(String topic, byte[] key, byte[] value) {
        checkTopic(topic);
        ProducerFacade.SendFuture future = new ProducerFacade.SendFuture();
        producer.submit(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, key, value, null, future,
                null);
        return future;
    }

    /**
     * Produces a record with any of partition, timestamp and headers, and returns its future.
     *
     * @param record the record
     * @return see {@link #send(String, byte[], byte[])}
     */
    public CompletionStage<RecordMetadata> send(ProducerRecord record) {
        Objects.requireNonNull(record, "record");
        ProducerFacade.SendFuture future = new ProducerFacade.SendFuture();
        producer.submit(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(),
                ProducerFacade.protocolHeaders(record.headers()), future, record);
        return future;
    }

    /**
     * Produces a record whose key and value are objects, fire and forget: kafka-sharp's {@code Produce(topic, key,
     * data)}. Each of key and value is used as is when it is a {@code byte[]}, else serialized by the topic's
     * serializer, else by the default one, else by itself when it is {@link MemorySerializable}. With
     * {@code serializeOnProduce} (false by default) they are serialized here and not kept; otherwise they are
     * serialized when their batch is encoded, kept until the record is acknowledged or dropped (the discard and
     * expiry events hand them back) and then closed when {@link AutoCloseable}.
     *
     * @param topic the topic
     * @param key   the key, or null
     * @param value the value, or null
     * @return see {@link #produce(String, byte[], byte[])}
     * @throws IllegalArgumentException when no serializer can take the key's or the value's type
     */
    public boolean produce(String topic, Object key, Object value) {
        checkTopic(topic);
        return producer.submitObjects(topic, key, value, null);
    }

    /**
     * Produces a record whose key and value are objects, and returns its future; see
     * {@link #produce(String, Object, Object)}.
     *
     * @param topic the topic
     * @param key   the key, or null
     * @param value the value, or null
     * @return completes with where the record was written, or fails with a {@link ProduceFailedException}
     */
    public CompletionStage<RecordMetadata> send(String topic, Object key, Object value) {
        checkTopic(topic);
        ProducerFacade.SendFuture future = new ProducerFacade.SendFuture();
        producer.submitObjects(topic, key, value, future);
        return future;
    }

    /**
     * Sets the serializers of one topic's keys and values (either may be null to leave that side to the default).
     *
     * @param topic           the topic
     * @param keySerializer   serializes keys, or null
     * @param valueSerializer serializes values, or null
     */
    public void setSerializers(String topic, Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        checkTopic(topic);
        producer.setSerializers(topic, keySerializer, valueSerializer);
    }

    /**
     * Sets the serializers used for the topics that have none of their own.
     *
     * @param keySerializer   serializes keys, or null
     * @param valueSerializer serializes values, or null
     */
    public void setDefaultSerializers(Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        producer.setDefaultSerializers(keySerializer, valueSerializer);
    }

    /**
     * Sets the deserializers of one topic's keys and values, used by the {@link KafkaConsumer}s of the topic created
     * without deserializers of their own (kafka-sharp's {@code SetDeserializersForTopic}); either may be null to
     * leave that side to the default. {@link #onMessageReceived} listeners still get bytes.
     *
     * @param topic             the topic
     * @param keyDeserializer   deserializes keys, or null
     * @param valueDeserializer deserializes values, or null
     */
    public void setDeserializers(String topic, Deserializer<?> keyDeserializer, Deserializer<?> valueDeserializer) {
        checkTopic(topic);
        deserializers.put(topic, new Deserializer<?>[] {keyDeserializer, valueDeserializer});
    }

    /**
     * Sets the deserializers used by the typed consumers of topics that have none of their own.
     *
     * @param keyDeserializer   deserializes keys, or null
     * @param valueDeserializer deserializes values, or null
     */
    public void setDefaultDeserializers(Deserializer<?> keyDeserializer, Deserializer<?> valueDeserializer) {
        defaultDeserializers = new Deserializer<?>[] {keyDeserializer, valueDeserializer};
    }

    /** The deserializer of a topic's keys (side 0) or values (side 1), or null when none is registered. */
    Deserializer<?> deserializer(String topic, int side) {
        Deserializer<?>[] own = deserializers.get(topic);
        if (own != null && own[side] != null) {
            return own[side];
        }
        Deserializer<?>[] fallback = defaultDeserializers;
        return fallback == null ? null : fallback[side];
    }

    /** The producer side, for the typed producer. */
    ProducerFacade producerFacade() {
        return producer;
    }

    /** Refuses an illegal topic name, naming it; shared with {@link ProducerRecord}. */
    static void checkTopic(String topic) {
        io.kafkadriver.api.internal.Checks.topic(topic);
    }

    /**
     * Hears every acknowledged batch: kafka-sharp's {@code ProduceAcknowledged}.
     *
     * @param listener called with topic, partition, count and first offset
     * @return closing it unregisters the listener
     */
    public AutoCloseable onProduceAcknowledged(Consumer<ProduceAcknowledgement> listener) {
        return register(producer.ackListeners(), listener);
    }

    /**
     * Hears every discarded record (irrecoverable error, retries used up, overflow, close): kafka-sharp's
     * {@code MessageDiscarded}.
     *
     * @param listener called with the original record and the reason
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessageDiscarded(Consumer<UndeliveredMessage> listener) {
        return register(producer.discardListeners(), listener);
    }

    /**
     * Hears every expired record (its {@code messageTtl} ran out): kafka-sharp's {@code MessageExpired}.
     *
     * @param listener called with the original record and the reason
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessageExpired(Consumer<UndeliveredMessage> listener) {
        return register(producer.expiryListeners(), listener);
    }

    private static <T> AutoCloseable register(List<Consumer<T>> list, Consumer<T> listener) {
        Objects.requireNonNull(listener, "listener");
        list.add(listener);
        return () -> list.remove(listener);
    }

    /**
     * Sends every buffered record now, whatever its linger, and completes when every record produced before this call
     * is acknowledged, discarded or expired. With {@link RequiredAcks#NONE} "acknowledged" means queued on the
     * broker's connection (the broker answers nothing); {@link #close()} still waits until such records are written.
     *
     * @return the completion
     */
    public CompletionStage<Void> flush() {
        return producer.front().flush();
    }

    /**
     * Records produced and not yet acknowledged, discarded or expired.
     *
     * @return the count
     */
    public long bufferedRecords() {
        return producer.front().accounting().buffered();
    }

    /**
     * Closes the client: the consumer groups leave, new records are refused, the producer flushes within
     * {@code closeTimeout} and reports every record still not acknowledged then as discarded, each broker's fetch
     * session is closed (KIP-227), and every actor and connection stops. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.leaveGroups();
        engine.drainProducer();
        engine.closeFetchSessions();
        if (ownsSystem) {
            system.terminate();
            await(system.getWhenTerminated(), "the driver's actor system did not stop");
        } else {
            await(AskPattern.<KafkaDriver.Command, KafkaDriver.Stopped>ask(driver, KafkaDriver.Stop::new,
                    STOP_TIMEOUT, system.scheduler()), "the driver did not stop");
        }
    }

    private static void await(CompletionStage<?> stage, String what) {
        try {
            stage.toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("{} within {} ms", what, STOP_TIMEOUT.toMillis());
        }
    }

    // ---------------------------------------------------------------------------------------------------- consumer

    /**
     * Consumes every partition of a topic from the earliest offset still in the log.
     *
     * @param topic the topic
     */
    public void consumeFromEarliest(String topic) {
        start(topic, -1, StartPosition.EARLIEST);
    }

    /**
     * Consumes one partition from the earliest offset still in the log.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void consumeFromEarliest(String topic, int partition) {
        start(topic, checkPartition(partition), StartPosition.EARLIEST);
    }

    /**
     * Consumes every partition of a topic from its end: only records produced from now on.
     *
     * @param topic the topic
     */
    public void consumeFromLatest(String topic) {
        start(topic, -1, StartPosition.LATEST);
    }

    /**
     * Consumes one partition from its end.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void consumeFromLatest(String topic, int partition) {
        start(topic, checkPartition(partition), StartPosition.LATEST);
    }

    /**
     * Consumes one partition from an offset (out of range: reset per {@code autoOffsetReset}, with an
     * {@link #onOffsetOutOfRange} event).
     *
     * @param topic     the topic
     * @param partition the partition
     * @param offset    the first offset to deliver, at least 0
     */
    public void consume(String topic, int partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0, was " + offset);
        }
        start(topic, checkPartition(partition), new StartPosition.AtOffset(offset));
    }

    /**
     * Consumes every partition of a topic from the first record at or after a time (the end when there is none).
     *
     * @param topic       the topic
     * @param timestampMs milliseconds since the epoch
     */
    public void consumeFromTimestamp(String topic, long timestampMs) {
        start(topic, -1, new StartPosition.AtTimestamp(checkTimestamp(timestampMs)));
    }

    /**
     * Consumes one partition from the first record at or after a time.
     *
     * @param topic       the topic
     * @param partition   the partition
     * @param timestampMs milliseconds since the epoch
     */
    public void consumeFromTimestamp(String topic, int partition, long timestampMs) {
        start(topic, checkPartition(partition), new StartPosition.AtTimestamp(checkTimestamp(timestampMs)));
    }

    private static int checkPartition(int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be at least 0, was " + partition);
        }
        return partition;
    }

    private static long checkTimestamp(long timestampMs) {
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestamp must be milliseconds since the epoch, was " + timestampMs);
        }
        return timestampMs;
    }

    private void start(String topic, int partition, StartPosition position) {
        checkTopic(topic);
        checkOpen();
        delivery.start(topic, partition, position);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /**
     * Stops consuming every partition of a topic; records already fetched are dropped.
     *
     * @param topic the topic
     */
    public void stopConsume(String topic) {
        checkTopic(topic);
        delivery.stopConsuming(topic, -1);
    }

    /**
     * Stops consuming one partition.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void stopConsume(String topic, int partition) {
        checkTopic(topic);
        delivery.stopConsuming(topic, checkPartition(partition));
    }

    /**
     * Pauses a consumed topic: delivery stops at once (at a record boundary) and fetching stops; nothing is lost.
     *
     * @param topic the topic
     */
    public void pause(String topic) {
        setPaused(topic, -1, true);
    }

    /**
     * Resumes a paused topic where it stopped, without gaps or repeats.
     *
     * @param topic the topic
     */
    public void resume(String topic) {
        setPaused(topic, -1, false);
    }

    /**
     * Pauses one consumed partition.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void pause(String topic, int partition) {
        setPaused(topic, checkPartition(partition), true);
    }

    /**
     * Resumes one paused partition.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void resume(String topic, int partition) {
        setPaused(topic, checkPartition(partition), false);
    }

    private void setPaused(String topic, int partition, boolean paused) {
        checkTopic(topic);
        delivery.pause(topic, partition, paused);
        engine.groups().pause(topic, partition, paused);
    }

    /**
     * Hears every consumed record: kafka-sharp's {@code MessageReceived}. Listeners run on the consumer's delivery
     * actor (Pekko's blocking-I/O dispatcher), one record at a time, each partition in offset order; while they are
     * busy the consumer stops fetching beyond a bounded buffer.
     *
     * @param listener called with each record
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessageReceived(Consumer<ReceivedMessage> listener) {
        return register(delivery.listeners(), listener);
    }

    /**
     * Hears every offset reset after an out-of-range offset: records were skipped (a data-loss signal).
     *
     * @param listener called with the partition and the offsets
     * @return closing it unregisters the listener
     */
    public AutoCloseable onOffsetOutOfRange(Consumer<OffsetOutOfRange> listener) {
        return register(engine.consumerEvents().resetListeners(), listener);
    }

    /**
     * Hears every partition whose consumption stopped on an error.
     *
     * @param listener called with the partition and the error
     * @return closing it unregisters the listener
     */
    public AutoCloseable onConsumeFailed(Consumer<ConsumeFailure> listener) {
        return register(engine.consumerEvents().failureListeners(), listener);
    }

    /**
     * Bytes fetched and not yet delivered to the listeners, all partitions together: bounded by
     * {@code consumerFetchBufferBytes} (plus, at most, one oversized first batch that brokers return so that
     * consumption never stalls).
     *
     * @return the bytes
     */
    public long fetchedBytesBuffered() {
        return fetchBudget.used();
    }

    // --------------------------------------------------------------------------------------------- consumer groups

    /**
     * Joins a consumer group for a list of topics: kafka-sharp's {@code Subscribe}. The group's member takes its
     * share of the topics' partitions (the group splits them among its members, ours and other clients' alike) and
     * consumes each from the group's committed offset, or per the group's {@code autoOffsetReset} when it has none.
     * Its records reach {@link #onMessageReceived} listeners, carrying the group id. Several groups per client; one
     * subscription per group.
     *
     * @param groupId the group
     * @param topics  the topics, at least one
     * @param config  the group's settings
     * @throws IllegalStateException when already subscribed to the group, or after {@link #close()}
     */
    public void subscribe(String groupId, java.util.Collection<String> topics, ConsumerGroupConfiguration config) {
        Objects.requireNonNull(topics, "topics");
        topics.forEach(ClusterClient::checkTopic);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics must name at least one topic");
        }
        subscribe(new KafkaDriver.Subscribe(checkGroup(groupId), List.copyOf(new java.util.LinkedHashSet<>(topics)),
                null, Objects.requireNonNull(config, "config"), null, 0, null));
    }

    /**
     * Joins a consumer group for every topic whose whole name matches a pattern (internal {@code __} topics
     * excepted), now and as topics appear or disappear; see {@link #subscribe(String, java.util.Collection,
     * ConsumerGroupConfiguration)}.
     *
     * @param groupId the group
     * @param pattern the pattern
     * @param config  the group's settings
     */
    public void subscribe(String groupId, java.util.regex.Pattern pattern, ConsumerGroupConfiguration config) {
        subscribe(new KafkaDriver.Subscribe(checkGroup(groupId), null, Objects.requireNonNull(pattern, "pattern"),
                Objects.requireNonNull(config, "config"), null, 0, null));
    }

    private void subscribe(KafkaDriver.Subscribe request) {
        checkOpen();
        KafkaDriver.SubscribeResult result = answer(AskPattern.<KafkaDriver.Command, KafkaDriver.SubscribeResult>ask(
                driver, replyTo -> new KafkaDriver.Subscribe(request.groupId(), request.topics(), request.pattern(),
                        request.config(), null, 0, replyTo), STOP_TIMEOUT, system.scheduler()),
                "waiting for the driver to take a subscription", "the driver did not answer");
        if (result instanceof KafkaDriver.SubscribeResult.Refused r) {
            throw new IllegalStateException("subscription to group " + r.groupId() + " refused: " + r.reason());
        }
    }

    /**
     * Waits up to {@code STOP_TIMEOUT} for the driver's answer; an interrupt or no answer in time is an
     * {@link IllegalStateException} ({@link #await} only logs: a close must go on).
     */
    private static <T> T answer(CompletionStage<T> stage, String whileWhat, String late) {
        try {
            return stage.toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + whileWhat, e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException(late + " within " + STOP_TIMEOUT.toMillis() + " ms", e);
        }
    }

    private static String checkGroup(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be a non-blank group id, was "
                    + (groupId == null ? "null" : "'" + groupId + "'"));
        }
        return groupId;
    }

    /**
     * Leaves a consumer group: its partitions are revoked (revoke listeners run; under auto-commit the delivered
     * positions are committed), the member sends LeaveGroup (dynamic members) and stops, within
     * {@code closeTimeout}. Unsubscribing a group not subscribed completes at once.
     *
     * @param groupId the group
     * @return completes when the member stopped
     */
    public CompletionStage<Void> unsubscribe(String groupId) {
        checkGroup(groupId);
        return AskPattern.<KafkaDriver.Command, KafkaDriver.Unsubscribed>ask(driver,
                replyTo -> new KafkaDriver.Unsubscribe(groupId, replyTo),
                config.closeTimeout().plusSeconds(1), system.scheduler()).thenApply(u -> null);
    }

    /**
     * Commits, for every partition the group's member owns, the offset after the last record delivered so far (the
     * record listeners returned): kafka-sharp's {@code RequireCommit}, with its outcome. A position already
     * committed is not sent again; commits from here never go backwards.
     *
     * @param groupId the group
     * @return completes once the coordinator took the offsets; fails with a {@link CommitFailedException} naming
     *         why (not subscribed, a rebalance took a partition away, the coordinator unreachable within
     *         {@code clientRequestTimeout})
     */
    public CompletionStage<Void> commit(String groupId) {
        return engine.groups().commit(checkGroup(groupId), null);
    }

    /**
     * Commits one partition's offset: kafka-sharp's {@code CommitAsync(topic, partition, offset)}. The offset is the
     * next one to read (the offset of the last processed record plus one). Committed as given, even below an
     * earlier commit.
     *
     * @param groupId   the group
     * @param topic     the topic
     * @param partition the partition, which the member must own
     * @param offset    the next offset to read, at least 0
     * @return completes once the coordinator took it; fails with a {@link CommitFailedException}
     */
    public CompletionStage<Void> commit(String groupId, String topic, int partition, long offset) {
        checkTopic(topic);
        checkPartition(partition);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0, was " + offset);
        }
        return engine.groups().commit(checkGroup(groupId), Map.of(
                new ClusterMetadata.TopicPartitionRef(topic, partition), offset));
    }

    /**
     * Hears the partitions a group assigns to this client: kafka-sharp's {@code PartitionsAssigned}. Called on the
     * group's delivery thread before the first record of those partitions.
     *
     * @param listener called with the group and the new partitions
     * @return closing it unregisters the listener
     */
    public AutoCloseable onPartitionsAssigned(Consumer<GroupPartitions> listener) {
        return register(engine.groupEvents().assignedListeners(), listener);
    }

    /**
     * Hears the partitions a rebalance takes away: kafka-sharp's {@code PartitionsRevoked}. Called on the group's
     * delivery thread once those partitions stopped: no record of them is delivered after it returns. It may commit
     * and wait for the commit: the member waits for it, up to the group's {@code rebalanceTimeout}.
     *
     * @param listener called with the group and the partitions
     * @return closing it unregisters the listener
     */
    public AutoCloseable onPartitionsRevoked(Consumer<GroupPartitions> listener) {
        return register(engine.groupEvents().revokedListeners(), listener);
    }

    /**
     * Hears partitions lost: the member was dropped from the group (its session expired, it was fenced), so they
     * may already be consumed elsewhere and nothing of them is committed. The member then rejoins.
     *
     * @param listener called with the group and the partitions
     * @return closing it unregisters the listener
     */
    public AutoCloseable onPartitionsLost(Consumer<GroupPartitions> listener) {
        return register(engine.groupEvents().lostListeners(), listener);
    }

    /**
     * Hears a group member that stopped on an error it cannot get past (authorisation, a fenced static id...).
     *
     * @param listener called with the group and the error
     * @return closing it unregisters the listener
     */
    public AutoCloseable onGroupFailed(Consumer<GroupFailure> listener) {
        return register(engine.groupEvents().failureListeners(), listener);
    }

    // --------------------------------------------------------------------------------------------------- discovery

    /**
     * The topics of the cluster, from fresh metadata.
     *
     * @return the topic names
     */
    public CompletionStage<java.util.Set<String>> listTopics() {
        return freshMetadata().thenApply(m -> java.util.Set.copyOf(m.topics().keySet()));
    }

    /**
     * The partitions of a topic, from fresh metadata.
     *
     * @param topic the topic
     * @return the partition indexes in order; fails with {@link IllegalArgumentException} for an unknown topic
     */
    public CompletionStage<List<Integer>> partitions(String topic) {
        checkTopic(topic);
        return freshMetadata().thenApply(m -> {
            TopicState t = m.topic(topic);
            if (t == null) {
                throw new IllegalArgumentException("unknown topic " + topic);
            }
            List<Integer> out = new ArrayList<>();
            for (int p = 0; p < t.partitionCount(); p++) {
                out.add(p);
            }
            return out;
        });
    }

    private CompletionStage<ClusterMetadata> freshMetadata() {
        // Urgent: a caller waits for the answer; the plain refresh may be held for minimumTimeBetweenRefreshMetadata.
        return AskPattern.<ClusterActor.Command, ClusterMetadata>ask(cluster, ClusterActor.RefreshUrgently::new,
                config.clientRequestTimeout(), system.scheduler());
    }

    /**
     * The earliest offset still in a partition's log.
     *
     * @param topic     the topic
     * @param partition the partition
     * @return the offset
     */
    public CompletionStage<Long> earliestOffset(String topic, int partition) {
        return offset(topic, partition, -2L);
    }

    /**
     * The end of a partition's log: the offset the next record will get.
     *
     * @param topic     the topic
     * @param partition the partition
     * @return the offset
     */
    public CompletionStage<Long> latestOffset(String topic, int partition) {
        return offset(topic, partition, -1L);
    }

    /**
     * The offset of the first record at or after a time, or -1 when there is none.
     *
     * @param topic       the topic
     * @param partition   the partition
     * @param timestampMs milliseconds since the epoch
     * @return the offset
     */
    public CompletionStage<Long> offsetForTimestamp(String topic, int partition, long timestampMs) {
        return offset(topic, partition, checkTimestamp(timestampMs));
    }

    private CompletionStage<Long> offset(String topic, int partition, long timestamp) {
        checkTopic(topic);
        checkPartition(partition);
        CompletableFuture<Long> result = new CompletableFuture<>();
        consumeRouter.tell(new ConsumeRouterActor.GetOffset(topic, partition, timestamp, result));
        return result;
    }

    // ------------------------------------------------------------------------------------------------------- admin

    /**
     * Creates a topic (CreateTopics, sent to any broker, which forwards it to the controller), then refreshes the
     * metadata so the new topic can be produced to at once.
     *
     * @param topic             the name
     * @param partitions        the partition count, at least 1
     * @param replicationFactor the replica count, at least 1
     * @return completes when the controller created it; fails with the broker's error (TOPIC_ALREADY_EXISTS, ...)
     */
    public CompletionStage<Void> createTopic(String topic, int partitions, int replicationFactor) {
        checkTopic(topic);
        if (partitions < 1 || replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("partitions and replicationFactor must be at least 1, were "
                    + partitions + " and " + replicationFactor);
        }
        CreateTopicsRequest request = new CreateTopicsRequest().setTimeoutMs(timeoutMs())
                .setTopics(new ArrayList<>(List.of(new CreateTopicsRequest.CreatableTopic().setName(topic)
                        .setNumPartitions(partitions).setReplicationFactor((short) replicationFactor))));
        return admin(ApiKey.CREATE_TOPICS, request).thenApply(m -> {
            for (CreateTopicsResponse.CreatableTopicResult r : ((CreateTopicsResponse) m).topics()) {
                check("create topic " + topic, r.errorCode(), r.errorMessage());
            }
            cluster.tell(new ClusterActor.RefreshUrgently(null));
            return null;
        });
    }

    /**
     * Deletes a topic (DeleteTopics v6, sent to any broker).
     *
     * @param topic the name
     * @return completes when the controller deleted it; fails with the broker's error (UNKNOWN_TOPIC_OR_PARTITION,
     *         ...)
     */
    public CompletionStage<Void> deleteTopic(String topic) {
        checkTopic(topic);
        DeleteTopicsRequest request = new DeleteTopicsRequest().setTimeoutMs(timeoutMs())
                .setTopics(new ArrayList<>(List.of(new DeleteTopicsRequest.DeleteTopicState().setName(topic))));
        return admin(ApiKey.DELETE_TOPICS, request).thenApply(m -> {
            for (DeleteTopicsResponse.DeletableTopicResult r : ((DeleteTopicsResponse) m).responses()) {
                check("delete topic " + topic, r.errorCode(), r.errorMessage());
            }
            cluster.tell(new ClusterActor.RefreshUrgently(null));
            return null;
        });
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
    }

    private CompletionStage<Message> admin(ApiKey api, Message request) {
        checkOpen();
        return AskPattern.<ClusterActor.Command, ConnectionActor.Reply>ask(cluster,
                replyTo -> new ClusterActor.SendToAny(new ConnectionActor.Send(api, request, true, null, api,
                        replyTo)), config.clientRequestTimeout().plusSeconds(1), system.scheduler())
                .thenApply(reply -> {
                    if (reply instanceof ConnectionActor.Failed f) {
                        throw new java.util.concurrent.CompletionException(f.error());
                    }
                    return ((ConnectionActor.Response) reply).response();
                });
    }

    private static void check(String what, short code, String message) {
        if (code != 0) {
            KafkaError e = KafkaError.forCode(code);
            throw new java.util.concurrent.CompletionException(new IllegalStateException(what + " failed: "
                    + (e == null ? "error code " + code : e.name() + " (" + code + ")")
                    + (message != null ? ": " + message : "")));
        }
    }

    /** The configuration this client runs with. */
    Configuration configuration() {
        return config;
    }

    // ------------------------------------------------------- internal access for io.kafkadriver.stream (ClientAccess)

    static {
        io.kafkadriver.api.internal.ClientAccess.register(new io.kafkadriver.api.internal.ClientAccess.Accessor() {
            @Override
            public Engine engine(ClusterClient client) {
                return client.engine();
            }

            @Override
            public ActorRef<KafkaDriver.Command> driver(ClusterClient client) {
                return client.driver();
            }
        });
    }

    /** The running engine, for the streams (through {@code ClientAccess}). */
    Engine engine() {
        return engine;
    }

    /** The driver actor, for the streams (through {@code ClientAccess}). */
    ActorRef<KafkaDriver.Command> driver() {
        return driver;
    }
}
