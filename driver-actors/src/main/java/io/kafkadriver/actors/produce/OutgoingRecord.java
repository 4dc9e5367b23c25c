/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.record.Header;
import java.util.List;
import java.util.Objects;

/**
 * One record on its way from a {@code produce} call to the broker. Created on the caller's thread, then owned by one
 * actor at a time (router, then batcher), so its mutable routing fields need no synchronisation: the hand-over between
 * actors is a safe publication.
 */
public final class OutgoingRecord {
    final String topic;
    byte[] key;
    byte[] value;
    /** The key and value objects to serialize at send time, or null (already bytes). */
    final Object keyObject;
    final Object valueObject;
    final RecordEncoder encoder;
    final List<Header> headers;
    final long timestampMs;
    final long enqueuedMs;
    final long sequence;
    final ProduceCallback callback;
    /** The partition asked for by the caller, or negative for "choose one". */
    final int requestedPartition;
    /** The partition chosen by the router. */
    int partition = -1;
    private boolean encoded;

    /**
     * Creates a record.
     *
     * @param topic              the topic, not null
     * @param requestedPartition the caller's partition, or negative to let the router choose
     * @param key                the key, or null
     * @param value              the value, or null
     * @param headers            the headers, or null for none
     * @param timestampMs        the record's timestamp
     * @param enqueuedMs         when it entered the driver (its TTL counts from here)
     * @param sequence           its number in the producer's accounting
     * @param callback           told the record's fate, or null
     */
    public OutgoingRecord(String topic, int requestedPartition, byte[] key, byte[] value, List<Header> headers,
                          long timestampMs, long enqueuedMs, long sequence, ProduceCallback callback) {
        this(topic, requestedPartition, key, value, null, null, null, headers, timestampMs, enqueuedMs, sequence,
                callback);
    }

    /**
     * Creates a record whose key and value objects are serialized at send time (or bytes, when the encoder is null).
     *
     * @param topic              the topic, not null
     * @param requestedPartition the caller's partition, or negative to let the router choose
     * @param key                the key bytes, or null (the key object is then serialized when non-null)
     * @param value              the value bytes, or null (likewise)
     * @param keyObject          the key object to serialize, or null
     * @param valueObject        the value object to serialize, or null
     * @param encoder            serializes the objects, or null when there are none
     * @param headers            the headers, or null for none
     * @param timestampMs        the record's timestamp
     * @param enqueuedMs         when it entered the driver (its TTL counts from here)
     * @param sequence           its number in the producer's accounting
     * @param callback           told the record's fate, or null
     */
    public OutgoingRecord(String topic, int requestedPartition, byte[] key, byte[] value, Object keyObject,
                          Object valueObject, RecordEncoder encoder, List<Header> headers, long timestampMs,
                          long enqueuedMs, long sequence, ProduceCallback callback) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.requestedPartition = requestedPartition;
        this.key = key;
        this.value = value;
        this.keyObject = keyObject;
        this.valueObject = valueObject;
        this.encoder = encoder;
        this.headers = headers;
        this.timestampMs = timestampMs;
        this.enqueuedMs = enqueuedMs;
        this.sequence = sequence;
        this.callback = callback;
    }

    /**
     * The topic.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * The partition the record went to, or the one the caller asked for, or -1 when none was chosen yet.
     *
     * @return the partition
     */
    public int partition() {
        return partition >= 0 ? partition : requestedPartition;
    }

    /**
     * The key.
     *
     * @return the key, or null
     */
    public byte[] key() {
        return key;
    }

    /**
     * The value.
     *
     * @return the value, or null
     */
    public byte[] value() {
        return value;
    }

    /**
     * Serializes the key and value objects, once; on the thread that encodes the record.
     *
     * @throws RuntimeException whatever a serializer throws
     */
    void encode() {
        if (encoder != null && !encoded) {
            encoded = true;
            if (keyObject != null) {
                key = encoder.key(topic, keyObject);
            }
            if (valueObject != null) {
                value = encoder.value(topic, valueObject);
            }
        }
    }

    /**
     * Closes the key and value objects that are {@link AutoCloseable} (so that users can pool them), once the record
     * is acknowledged or its drop reported.
     *
     * @param log where a failing close is reported
     */
    void release(org.slf4j.Logger log) {
        close(keyObject, log);
        if (valueObject != keyObject) {
            close(valueObject, log);
        }
    }

    private static void close(Object o, org.slf4j.Logger log) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing a produced key or value of type {} failed; ignored", o.getClass().getName(), e);
            }
        }
    }

    /**
     * The key object as given, when it is serialized at send time.
     *
     * @return the key object, or null
     */
    public Object keyObject() {
        return keyObject;
    }

    /**
     * The value object as given, when it is serialized at send time.
     *
     * @return the value object, or null
     */
    public Object valueObject() {
        return valueObject;
    }

    /**
     * The headers.
     *
     * @return the headers, or null for none
     */
    public List<Header> headers() {
        return headers;
    }

    /**
     * The record's timestamp.
     *
     * @return milliseconds since the epoch
     */
    public long timestampMs() {
        return timestampMs;
    }

    /**
     * The record's number in the producer's accounting (see {@link ProducerAccounting}).
     *
     * @return the sequence
     */
    public long sequence() {
        return sequence;
    }

    /**
     * Who is told the record's fate.
     *
     * @return the callback, or null
     */
    public ProduceCallback callback() {
        return callback;
    }

    @Override
    public String toString() {
        return "OutgoingRecord[" + topic + "-" + partition() + ", seq " + sequence + "]";
    }

    /**
     * An upper bound of the record's encoded size, for the batch byte limit.
     *
     * @return bytes
     */
    int approximateSize() {
        int size = 24 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (headers != null) {
            for (Header h : headers) {
                size += 10 + 3 * h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
        }
        return size;
    }
}
