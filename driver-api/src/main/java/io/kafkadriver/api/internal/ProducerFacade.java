/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.produce.Drop;
import io.kafkadriver.actors.produce.OutgoingRecord;
import io.kafkadriver.actors.produce.ProduceCallback;
import io.kafkadriver.actors.produce.ProduceException;
import io.kafkadriver.actors.produce.ProduceListener;
import io.kafkadriver.actors.produce.ProducerFront;
import io.kafkadriver.actors.produce.RecordEncoder;
import io.kafkadriver.actors.produce.RecordSerializers;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.MemorySerializable;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.Serializer;
import io.kafkadriver.api.UndeliveredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The public API's side of the producer: the listener lists and the events in the API's types, the per-record
 * futures, the API's serializers, and the API's exception. The engine's state (admission, overflow, the router's
 * inbox, the accounting, serializer lookup) is the {@link ProducerFront} of {@code driver-actors}. Internal: not part
 * of the API.
 */
public final class ProducerFacade {
    private static final RecordSerializers.Encoder SELF_SERIALIZING = (topic, o) ->
            ((MemorySerializable) o).serialize();

    private final List<Consumer<ProduceAcknowledgement>> ackListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<UndeliveredMessage>> discardListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<UndeliveredMessage>> expiryListeners = new CopyOnWriteArrayList<>();
    private final ProducerFront front;
    private final java.util.concurrent.atomic.AtomicBoolean drained = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Creates the producer's front and its API side.
     *
     * @param config the configuration
     */
    public ProducerFacade(Configuration config) {
        this.front = new ProducerFront(config.maxBufferedMessages() < 0 ? -1 : config.maxBufferedMessages(),
                config.overflowStrategy() == OverflowStrategy.DISCARD, config.overflowBlockTimeout(),
                config.serializationConfig().serializeOnProduce(),
                new RecordSerializers(o -> o instanceof MemorySerializable ? SELF_SERIALIZING : null), new Events());
    }

    /**
     * The engine's front, for the driver's actors.
     *
     * @return the front
     */
    public ProducerFront front() {
        return front;
    }

    /**
     * Claims the producer's drain on close, which must run once: {@code ClusterClient.close()} drains before it
     * stops the driver, and the driver's {@code Stop} drains too when an actor sent it.
     *
     * @return true the first time only
     */
    public boolean claimDrain() {
        return drained.compareAndSet(false, true);
    }

    /**
     * The acknowledgement listeners.
     *
     * @return the live list
     */
    public List<Consumer<ProduceAcknowledgement>> ackListeners() {
        return ackListeners;
    }

    /**
     * The discard listeners.
     *
     * @return the live list
     */
    public List<Consumer<UndeliveredMessage>> discardListeners() {
        return discardListeners;
    }

    /**
     * The expiry listeners.
     *
     * @return the live list
     */
    public List<Consumer<UndeliveredMessage>> expiryListeners() {
        return expiryListeners;
    }

    /**
     * Sets a topic's serializers.
     *
     * @param topic           the topic
     * @param keySerializer   for keys, or null
     * @param valueSerializer for values, or null
     */
    public void setSerializers(String topic, Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        front.serializers().set(topic, encoder(keySerializer), encoder(valueSerializer));
    }

    /**
     * Sets the default serializers.
     *
     * @param keySerializer   for keys, or null
     * @param valueSerializer for values, or null
     */
    public void setDefaultSerializers(Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        front.serializers().setDefaults(encoder(keySerializer), encoder(valueSerializer));
    }

    @SuppressWarnings("unchecked")
    private static RecordSerializers.Encoder encoder(Serializer<?> serializer) {
        if (serializer == null) {
            return null;
        }
        Serializer<Object> s = (Serializer<Object>) serializer;
        return s::serialize;
    }

    /**
     * Submits a record of bytes.
     *
     * @param topic     the topic
     * @param partition the partition, or -1
     * @param timestamp the timestamp, or -1 for now
     * @param key       the key, or null
     * @param value     the value, or null
     * @param headers   the headers, or null
     * @param callback  the record's future or callback, or null
     * @param original  the record as the caller gave it, for drop events, or null
     * @return whether it was admitted (false: DISCARD dropped it, with its event)
     * @throws IllegalStateException  after close
     * @throws ProduceFailedException under BLOCK when no room came within {@code overflowBlockTimeout}
     */
    public boolean submit(String topic, int partition, long timestamp, byte[] key, byte[] value,
                          List<io.kafkadriver.protocol.record.Header> headers, ProduceCallback callback,
                          ProducerRecord original) {
        if (callback instanceof SendFuture f) {
            f.original = original;
        }
        try {
            return front.submit(topic, partition, timestamp, key, value, headers, callback);
        } catch (ProduceException e) {
            throw new ProduceFailedException(e.getMessage(), e.getCause(), false);
        }
    }

    /**
     * Submits a record whose key and value may be objects; see {@code ClusterClient.produce(String, Object, Object)}.
     *
     * @param topic    the topic
     * @param key      the key, bytes or an object, or null
     * @param value    the value, bytes or an object, or null
     * @param callback the record's future, or null
     * @return whether it was admitted
     */
    public boolean submitObjects(String topic, Object key, Object value, ProduceCallback callback) {
        try {
            return front.submitObjects(topic, key, value, callback);
        } catch (ProduceException e) {
            throw new ProduceFailedException(e.getMessage(), e.getCause(), false);
        }
    }

    /**
     * Submits a typed producer's record: objects serialized by its own encoder, or, without one, by the client's
     * serializers of the topic (checked before anything is admitted).
     *
     * @param topic     the topic
     * @param partition the partition, or -1
     * @param timestamp the timestamp, or -1 for now
     * @param key       the key object, or null
     * @param value     the value object, or null
     * @param headers   the headers, or null
     * @param encoder   the producer's serializers ({@link #encoder}), or null for the client's
     * @param callback  the record's future, or null
     * @return whether it was admitted
     * @throws IllegalArgumentException when no serializer of the client fits an object
     */
    public boolean submitTyped(String topic, int partition, long timestamp, Object key, Object value,
                               List<io.kafkadriver.protocol.record.Header> headers, RecordEncoder encoder,
                               ProduceCallback callback) {
        RecordEncoder serializing = encoder;
        if (serializing == null) {
            RecordSerializers registry = front.serializers();
            if (key != null && !(key instanceof byte[])) {
                registry.forKey(topic, key);
            }
            if (value != null && !(value instanceof byte[])) {
                registry.forValue(topic, value);
            }
            serializing = registry.encoder();
        }
        try {
            return front.submitObjects(topic, partition, timestamp, key, value, headers, serializing, callback);
        } catch (ProduceException e) {
            throw new ProduceFailedException(e.getMessage(), e.getCause(), false);
        }
    }

    /**
     * The encoder of a typed producer's own serializers.
     *
     * @param keySerializer   for keys
     * @param valueSerializer for values
     * @return the encoder
     */
    @SuppressWarnings("unchecked")
    public static RecordEncoder encoder(Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        Serializer<Object> keys = (Serializer<Object>) keySerializer;
        Serializer<Object> values = (Serializer<Object>) valueSerializer;
        return new RecordEncoder() {
            @Override
            public byte[] key(String topic, Object key) {
                return keys.serialize(topic, key);
            }

            @Override
            public byte[] value(String topic, Object value) {
                return values.serialize(topic, value);
            }
        };
    }

    /**
     * The protocol's headers for the API's.
     *
     * @param headers the API headers
     * @return the protocol headers, or null for none
     */
    public static List<io.kafkadriver.protocol.record.Header> protocolHeaders(List<Header> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        List<io.kafkadriver.protocol.record.Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(new io.kafkadriver.protocol.record.Header(h.key(), h.value()));
        }
        return out;
    }

    private static ProducerRecord toRecord(OutgoingRecord r) {
        List<Header> headers = List.of();
        if (r.headers() != null) {
            headers = r.headers().stream().map(h -> new Header(h.key(), h.value())).toList();
        }
        return new ProducerRecord(r.topic(), r.partition() < 0 ? -1 : r.partition(), r.timestampMs(), r.key(),
                r.value(), headers);
    }

    /** Turns the actors' outcomes into the public events. */
    private final class Events implements ProduceListener {
        @Override
        public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
            if (!ackListeners.isEmpty()) {
                ConsumerEvents.fire(ackListeners, new ProduceAcknowledgement(topic, partition, records.size(),
                        baseOffset));
            }
        }

        @Override
        public void dropped(List<OutgoingRecord> records, Drop drop) {
            List<Consumer<UndeliveredMessage>> listeners = drop.kind() == Drop.Kind.EXPIRED ? expiryListeners
                    : discardListeners;
            if (listeners.isEmpty()) {
                return;
            }
            for (OutgoingRecord r : records) {
                ProducerRecord original = r.callback() instanceof SendFuture f && f.original != null ? f.original
                        : toRecord(r);
                ConsumerEvents.fire(listeners, new UndeliveredMessage(original, r.partition(), drop.cause(),
                        r.keyObject(), r.valueObject()));
            }
        }
    }

    /** The future of one sent record, which is also its callback: a send costs one allocation more than a produce. */
    public static final class SendFuture extends CompletableFuture<RecordMetadata> implements ProduceCallback {
        ProducerRecord original;

        /** Creates a pending future. */
        public SendFuture() {
        }

        @Override
        public void acknowledged(OutgoingRecord record, long offset) {
            complete(new RecordMetadata(record.topic(), record.partition(), offset, record.timestampMs()));
        }

        @Override
        public void dropped(OutgoingRecord record, Drop drop) {
            completeExceptionally(new ProduceFailedException(drop.cause().getMessage(), drop.cause(),
                    drop.kind() == Drop.Kind.EXPIRED));
        }
    }
}
