/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import io.kafkadriver.actors.produce.RecordEncoder;
import io.kafkadriver.api.internal.ConsumerEvents;
import io.kafkadriver.api.internal.ProducerFacade;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A typed producer of one topic over a {@link ClusterClient}: kafka-sharp's {@code KafkaProducer<TKey, TValue>}.
 * Keys and values are serialized by the producer's own serializers (or, created without, by the client's serializers
 * of the topic, see {@link ClusterClient#setSerializers}); by default when their batch is encoded, so the discard
 * and expiry events hand back the original objects ({@link SerializationConfig#serializeOnProduce()}).
 *
 * <pre>{@code
 * KafkaProducer<String, Long> prices = KafkaProducer.create(client, "prices", Serdes.ofString(), Serdes.ofLong());
 * prices.produce("EURUSD", 10_712L);                                    // fire and forget
 * prices.send("EURUSD", 10_713L).thenAccept(m -> log(m.offset()));      // per-record future
 * }</pre>
 *
 * <p>Thread-safe. Closing it unregisters its listeners; the client stays open (it may serve several producers).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KafkaProducer<K, V> implements AutoCloseable {
    private final ClusterClient client;
    private final ProducerFacade producer;
    private final String topic;
    private final RecordEncoder encoder;
    private final boolean serializeOnProduce;
    private final List<AutoCloseable> registrations = new CopyOnWriteArrayList<>();

    private KafkaProducer(ClusterClient client, String topic, RecordEncoder encoder) {
        this.client = client;
        this.producer = client.producerFacade();
        this.topic = topic;
        this.encoder = encoder;
        this.serializeOnProduce = client.configuration().serializationConfig().serializeOnProduce();
    }

    /**
     * A producer of a topic with its own serializers.
     *
     * @param client          the client it produces through
     * @param topic           the topic
     * @param keySerializer   serializes keys (see {@link Serdes})
     * @param valueSerializer serializes values
     * @param <K>             the key type
     * @param <V>             the value type
     * @return the producer
     * @throws IllegalArgumentException for a blank topic
     * @throws NullPointerException     for a null client or serializer
     */
    public static <K, V> KafkaProducer<K, V> create(ClusterClient client, String topic, Serializer<K> keySerializer,
                                                    Serializer<V> valueSerializer) {
        Objects.requireNonNull(client, "client");
        ClusterClient.checkTopic(topic);
        Objects.requireNonNull(keySerializer, "keySerializer");
        Objects.requireNonNull(valueSerializer, "valueSerializer");
        return new KafkaProducer<>(client, topic, ProducerFacade.encoder(keySerializer, valueSerializer));
    }

    /**
     * A producer of a topic serializing with the client's serializers of the topic, its default ones, or
     * {@link MemorySerializable}, in that order (kafka-sharp's {@code new KafkaProducer<K, V>(topic, client)});
     * {@code byte[]} keys and values are taken as they are.
     *
     * @param client the client it produces through
     * @param topic  the topic
     * @param <K>    the key type
     * @param <V>    the value type
     * @return the producer
     */
    public static <K, V> KafkaProducer<K, V> create(ClusterClient client, String topic) {
        Objects.requireNonNull(client, "client");
        ClusterClient.checkTopic(topic);
        return new KafkaProducer<>(client, topic, null);
    }

    /**
     * The topic.
     *
     * @return the topic this producer writes to
     */
    public String topic() {
        return topic;
    }

    /**
     * Produces a record, fire and forget; the partitioner chooses its partition.
     *
     * @param key   the key, or null
     * @param value the value, or null
     * @return true when accepted; false when {@link OverflowStrategy#DISCARD} dropped it (with its event)
     * @throws IllegalStateException    after the client is closed
     * @throws ProduceFailedException   under {@link OverflowStrategy#BLOCK} when no room came in time
     * @throws IllegalArgumentException when the producer has no serializers and the client none for the type
     */
    public boolean produce(K key, V value) {
        return producer.submitTyped(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, key, value,
                null, encoder, null);
    }

    /**
     * Produces a record to a partition, fire and forget.
     *
     * @param key       the key, or null
     * @param value     the value, or null
     * @param partition the partition, or -1 to let the partitioner choose
     * @return see {@link #produce(Object, Object)}
     */
    public boolean produce(K key, V value, int partition) {
        checkPartition(partition);
        return producer.submitTyped(topic, partition, ProducerRecord.NO_TIMESTAMP, key, value, null, encoder, null);
    }

    /**
     * Produces a record and returns its future. Never throws: a closed client, a full buffer under either overflow
     * strategy and a missing serializer all fail the stage.
     *
     * @param key   the key, or null
     * @param value the value, or null
     * @return completes with where the record was written, or fails (a {@link ProduceFailedException} when it was
     *         discarded or expired)
     */
    public CompletionStage<RecordMetadata> send(K key, V value) {
        return send(key, value, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, List.of());
    }

    /**
     * Produces a record to a partition and returns its future; see {@link #send(Object, Object)}.
     *
     * @param key       the key, or null
     * @param value     the value, or null
     * @param partition the partition, or -1
     * @return see {@link #send(Object, Object)}
     */
    public CompletionStage<RecordMetadata> send(K key, V value, int partition) {
        return send(key, value, partition, ProducerRecord.NO_TIMESTAMP, List.of());
    }

    /**
     * Produces a record with a partition, a timestamp and headers, and returns its future; see
     * {@link #send(Object, Object)}.
     *
     * @param key       the key, or null
     * @param value     the value, or null
     * @param partition the partition, or -1
     * @param timestamp milliseconds since the epoch, or -1 for now
     * @param headers   the headers, or an empty list
     * @return see {@link #send(Object, Object)}; a bad partition, timestamp or header fails it too
     */
    public CompletionStage<RecordMetadata> send(K key, V value, int partition, long timestamp, List<Header> headers) {
        ProducerFacade.SendFuture future = new ProducerFacade.SendFuture();
        try {
            checkPartition(partition);
            if (timestamp < ProducerRecord.NO_TIMESTAMP) {
                throw new IllegalArgumentException("timestamp must be -1 (now) or milliseconds since the epoch, was "
                        + timestamp);
            }
            producer.submitTyped(topic, partition, timestamp, key, value,
                    ProducerFacade.protocolHeaders(List.copyOf(Objects.requireNonNull(headers, "headers"))), encoder,
                    future);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return future;
    }

    private static void checkPartition(int partition) {
        if (partition < ProducerRecord.ANY_PARTITION) {
            throw new IllegalArgumentException("partition must be -1 (any) or a partition index, was " + partition);
        }
    }

    /**
     * Hears this topic's acknowledged batches.
     *
     * @param listener called on a driver thread; must not block
     * @return closing it unregisters the listener
     */
    public AutoCloseable onProduceAcknowledged(Consumer<ProduceAcknowledgement> listener) {
        Objects.requireNonNull(listener, "listener");
        return keep(client.onProduceAcknowledged(a -> {
            if (a.topic().equals(topic)) {
                listener.accept(a);
            }
        }));
    }

    /**
     * Hears this topic's discarded records, with their original key and value.
     *
     * @param listener called on a driver thread; must not block
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessageDiscarded(Consumer<Undelivered<K, V>> listener) {
        Objects.requireNonNull(listener, "listener");
        return keep(client.onMessageDiscarded(m -> typed(m, false, listener)));
    }

    /**
     * Hears this topic's expired records ({@code messageTtl}), with their original key and value.
     *
     * @param listener called on a driver thread; must not block
     * @return closing it unregisters the listener
     */
    public AutoCloseable onMessageExpired(Consumer<Undelivered<K, V>> listener) {
        Objects.requireNonNull(listener, "listener");
        return keep(client.onMessageExpired(m -> typed(m, true, listener)));
    }

    @SuppressWarnings("unchecked")
    private void typed(UndeliveredMessage m, boolean expired, Consumer<Undelivered<K, V>> listener) {
        if (!m.record().topic().equals(topic)) {
            return;
        }
        Object key = m.originalKey();
        Object value = m.originalValue();
        if (!serializeOnProduce) {
            // Objects are kept until their batch is encoded; a side without an object was given as bytes.
            key = key != null ? key : m.record().key();
            value = value != null ? value : m.record().value();
        }
        listener.accept(new Undelivered<>(topic, m.partition(), (K) key, (V) value, m.record(), m.reason(), expired));
    }

    private AutoCloseable keep(AutoCloseable registration) {
        registrations.add(registration);
        return () -> {
            registrations.remove(registration);
            registration.close();
        };
    }

    /** Unregisters this producer's listeners; records already produced keep their outcome. The client stays open. */
    @Override
    public void close() {
        ConsumerEvents.closeAll(registrations);
    }

    @Override
    public String toString() {
        return "KafkaProducer[" + topic + "]";
    }
}
