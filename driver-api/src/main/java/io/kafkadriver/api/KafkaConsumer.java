/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.api.internal.ConsumerEvents;
import io.kafkadriver.api.internal.Typed;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed consumer of one topic over a {@link ClusterClient}: kafka-sharp's {@code KafkaConsumer<TKey, TValue>}. It
 * consumes the topic as a simple consumer ({@code consumeFrom...}) or in a group ({@link #subscribe}), and hands its
 * listeners {@link Received} records whose key and value its deserializers made.
 *
 * <pre>{@code
 * KafkaConsumer<String, Long> prices = KafkaConsumer.create(client, "prices", Serdes.ofString(), Serdes.ofLong());
 * prices.onMessage(r -> book.update(r.key(), r.value()));
 * prices.subscribe("pricing", ConsumerGroupConfiguration.builder().build());
 * }</pre>
 *
 * <p><b>A deserializer that throws</b> never stops delivery of other partitions; the client's
 * {@code consumerErrorStrategy} decides what happens to the record:
 * <ul>
 *   <li>{@link ErrorStrategy#DISCARD} (the default): the record is skipped, {@link #onDeserializationFailed} hears it
 *       with its bytes, and consumption goes on (in a group, a commit moves past it).</li>
 *   <li>{@link ErrorStrategy#RETRY}: the partition pauses at the record, {@link #onDeserializationFailed} hears it
 *       ({@code held} true), and nothing after it is delivered; the record is not counted as consumed, so a group
 *       never commits past it. {@link #resume(int)} delivers it again (to every record listener of the client);
 *       a simple consumer skips it with {@link #consume(int, long)} at the next offset.</li>
 * </ul>
 *
 * <p>Listeners run on the client's delivery thread, one record at a time, in offset order per partition; a listener
 * that throws is logged and the others still run. In a group only the records of the group this consumer subscribed
 * are taken; records consumed outside any group are taken too.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KafkaConsumer<K, V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumer.class);

    private final ClusterClient client;
    private final String topic;
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final boolean holdOnFailure;
    private final List<Consumer<Received<K, V>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DeserializationFailure>> failureListeners = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> registrations = new CopyOnWriteArrayList<>();
    private volatile String groupId;
    private volatile boolean consuming;

    private KafkaConsumer(ClusterClient client, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this.client = client;
        this.topic = topic;
        this.keys = keys;
        this.values = values;
        this.holdOnFailure = client.configuration().consumerErrorStrategy() == ErrorStrategy.RETRY;
        registrations.add(client.onMessageReceived(this::onRecord));
    }

    /**
     * A consumer of a topic with its own deserializers.
     *
     * @param client            the client it consumes through
     * @param topic             the topic
     * @param keyDeserializer   deserializes keys (see {@link Serdes})
     * @param valueDeserializer deserializes values
     * @param <K>               the key type
     * @param <V>               the value type
     * @return the consumer; it consumes nothing until a {@code consumeFrom...} or {@link #subscribe}
     * @throws IllegalArgumentException for a blank topic
     * @throws NullPointerException     for a null client or deserializer
     */
    public static <K, V> KafkaConsumer<K, V> create(ClusterClient client, String topic,
                                                    Deserializer<K> keyDeserializer,
                                                    Deserializer<V> valueDeserializer) {
        Objects.requireNonNull(client, "client");
        ClusterClient.checkTopic(topic);
        Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        return new KafkaConsumer<>(client, topic, keyDeserializer, valueDeserializer);
    }

    /**
     * A consumer of a topic with the client's deserializers of the topic, or its default ones
     * ({@link ClusterClient#setDeserializers}, {@link ClusterClient#setDefaultDeserializers}), looked up now.
     *
     * @param client the client it consumes through
     * @param topic  the topic
     * @param <K>    the key type
     * @param <V>    the value type
     * @return the consumer
     * @throws IllegalArgumentException when the client has no deserializer for the topic's keys or values, naming
     *                                  which
     */
    @SuppressWarnings("unchecked")
    public static <K, V> KafkaConsumer<K, V> create(ClusterClient client, String topic) {
        Objects.requireNonNull(client, "client");
        ClusterClient.checkTopic(topic);
        Deserializer<K> k = (Deserializer<K>) client.deserializer(topic, 0);
        Deserializer<V> v = (Deserializer<V>) client.deserializer(topic, 1);
        if (k == null || v == null) {
            throw new IllegalArgumentException("no " + (k == null ? "key" : "value") + " deserializer for topic "
                    + topic + ": register one with ClusterClient.setDeserializers or setDefaultDeserializers, or pass"
                    + " them to KafkaConsumer.create");
        }
        return new KafkaConsumer<>(client, topic, k, v);
    }

    /**
     * The topic.
     *
     * @return the topic this consumer reads
     */
    public String topic() {
        return topic;
    }

    private void onRecord(ReceivedMessage m) {
        if (!m.topic().equals(topic) || (m.groupId() != null && !m.groupId().equals(groupId))) {
            return;
        }
        Received<K, V> r;
        try {
            r = Typed.received(m, keys, values);
        } catch (RuntimeException e) {
            DeserializationFailure failure = new DeserializationFailure(topic, m.partition(), m.offset(), m.groupId(),
                    m.key(), m.value(), e, holdOnFailure);
            LOG.warn("cannot deserialize {}-{}@{}, {}: {}", topic, m.partition(), m.offset(), holdOnFailure
                    ? "the partition pauses at it (consumerErrorStrategy RETRY)" : "skipped (consumerErrorStrategy "
                    + "DISCARD)", e.toString());
            LOG.debug("the deserializer's failure", e);
            ConsumerEvents.fire(failureListeners, failure);
            if (holdOnFailure) {
                throw new Delivery.HoldPartition(failure.toString());
            }
            return;
        }
        ConsumerEvents.fire(listeners, r);
    }

    /**
     * Hears each deserialized record.
     *
     * @param listener called on the delivery thread; should be quick
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessage(Consumer<Received<K, V>> listener) {
        return register(listeners, listener);
    }

    /**
     * Hears each record a deserializer could not read (see the class comment for what follows).
     *
     * @param listener called on the delivery thread
     * @return closing it unregisters the listener
     */
    public AutoCloseable onDeserializationFailed(Consumer<DeserializationFailure> listener) {
        return register(failureListeners, listener);
    }

    /**
     * Hears this topic's offset resets (an out-of-range position: records were skipped).
     *
     * @param listener called on the delivery thread
     * @return closing it unregisters the listener
     */
    public AutoCloseable onOffsetOutOfRange(Consumer<OffsetOutOfRange> listener) {
        Objects.requireNonNull(listener, "listener");
        AutoCloseable r = client.onOffsetOutOfRange(e -> {
            if (e.topic().equals(topic)) {
                listener.accept(e);
            }
        });
        registrations.add(r);
        return r;
    }

    private static <T> AutoCloseable register(List<Consumer<T>> list, Consumer<T> listener) {
        Objects.requireNonNull(listener, "listener");
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** Consumes every partition from its earliest offset. */
    public void consumeFromEarliest() {
        consuming = true;
        client.consumeFromEarliest(topic);
    }

    /**
     * Consumes a partition from its earliest offset.
     *
     * @param partition the partition
     */
    public void consumeFromEarliest(int partition) {
        consuming = true;
        client.consumeFromEarliest(topic, partition);
    }

    /** Consumes every partition from its end (new records only). */
    public void consumeFromLatest() {
        consuming = true;
        client.consumeFromLatest(topic);
    }

    /**
     * Consumes a partition from its end.
     *
     * @param partition the partition
     */
    public void consumeFromLatest(int partition) {
        consuming = true;
        client.consumeFromLatest(topic, partition);
    }

    /**
     * Consumes a partition from an offset.
     *
     * @param partition the partition
     * @param offset    the first offset delivered
     */
    public void consume(int partition, long offset) {
        consuming = true;
        client.consume(topic, partition, offset);
    }

    /**
     * Consumes every partition from the first record at or after a time.
     *
     * @param timestampMs milliseconds since the epoch
     */
    public void consumeFromTimestamp(long timestampMs) {
        consuming = true;
        client.consumeFromTimestamp(topic, timestampMs);
    }

    /**
     * Consumes a partition from the first record at or after a time.
     *
     * @param partition   the partition
     * @param timestampMs milliseconds since the epoch
     */
    public void consumeFromTimestamp(int partition, long timestampMs) {
        consuming = true;
        client.consumeFromTimestamp(topic, partition, timestampMs);
    }

    /** Stops consuming the topic outside a group; what is fetched and not delivered is dropped. */
    public void stopConsume() {
        consuming = false;
        client.stopConsume(topic);
    }

    /**
     * Stops consuming a partition outside a group.
     *
     * @param partition the partition
     */
    public void stopConsume(int partition) {
        client.stopConsume(topic, partition);
    }

    /** Pauses the topic: delivery stops at the next record and fetching stops, nothing is lost (groups too). */
    public void pause() {
        client.pause(topic);
    }

    /** Resumes the topic. */
    public void resume() {
        client.resume(topic);
    }

    /**
     * Pauses a partition.
     *
     * @param partition the partition
     */
    public void pause(int partition) {
        client.pause(topic, partition);
    }

    /**
     * Resumes a partition; a partition held at a record its deserializer could not read delivers that record again.
     *
     * @param partition the partition
     */
    public void resume(int partition) {
        client.resume(topic, partition);
    }

    /**
     * Joins a consumer group for this topic ({@link ClusterClient#subscribe}); this consumer takes that group's
     * records of the topic.
     *
     * @param groupId the group
     * @param config  the group's settings
     * @throws IllegalStateException when this consumer already subscribed, or the client already is in the group
     */
    public void subscribe(String groupId, ConsumerGroupConfiguration config) {
        if (this.groupId != null) {
            throw new IllegalStateException("this consumer of " + topic + " already subscribed to group "
                    + this.groupId);
        }
        client.subscribe(groupId, List.of(topic), config);
        this.groupId = groupId;
    }

    /**
     * Leaves the group this consumer subscribed to.
     *
     * @return completes once the member left
     */
    public CompletionStage<Void> unsubscribe() {
        String g = groupId;
        if (g == null) {
            return CompletableFuture.completedFuture(null);
        }
        return client.unsubscribe(g).whenComplete((ok, error) -> groupId = null);
    }

    /**
     * Commits the group's position after every record delivered so far.
     *
     * @return completes once committed; fails with a {@link CommitFailedException}
     * @throws IllegalStateException when this consumer has not subscribed
     */
    public CompletionStage<Void> commit() {
        return client.commit(group());
    }

    /**
     * Commits a partition's position.
     *
     * @param partition the partition
     * @param offset    the offset of the next record to consume
     * @return completes once committed
     * @throws IllegalStateException when this consumer has not subscribed
     */
    public CompletionStage<Void> commit(int partition, long offset) {
        return client.commit(group(), topic, partition, offset);
    }

    private String group() {
        String g = groupId;
        if (g == null) {
            throw new IllegalStateException("this consumer of " + topic + " has not subscribed to a group");
        }
        return g;
    }

    /**
     * Unregisters the listeners and stops what this consumer started: its simple consumption of the topic, and its
     * group (left, waiting a bounded time). The client stays open.
     */
    @Override
    public void close() {
        ConsumerEvents.closeAll(registrations);
        listeners.clear();
        failureListeners.clear();
        if (consuming) {
            consuming = false;
            client.stopConsume(topic);
        }
        if (groupId != null) {
            try {
                unsubscribe().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("leaving group {} on close did not finish: {}", groupId, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaConsumer[" + topic + (groupId == null ? "" : ", group " + groupId) + "]";
    }
}
