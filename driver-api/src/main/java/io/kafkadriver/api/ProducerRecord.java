/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.List;
import java.util.Objects;

/**
 * A record to produce, and the record handed back by the discard and expiry events.
 *
 * <p>Key and value arrays are not copied: do not change them until the record is acknowledged or dropped.
 *
 * @param topic     the topic, not null
 * @param partition the partition, or {@link #ANY_PARTITION} to let the partitioner choose
 * @param timestamp the record's timestamp in milliseconds since the epoch, or {@link #NO_TIMESTAMP} for "now"
 * @param key       the key, or null
 * @param value     the value, or null (a tombstone)
 * @param headers   the headers, never null (empty for none)
 */
public record ProducerRecord(String topic, int partition, long timestamp, byte[] key, byte[] value,
                             List<Header> headers) {
    /** The partition value that lets the partitioner choose. */
    public static final int ANY_PARTITION = -1;
    /** The timestamp value that means "the time of the produce call". */
    public static final long NO_TIMESTAMP = -1L;

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the topic is null or blank, the partition is below -1, the timestamp is
     *                                  below -1, or a header is null
     */
    public ProducerRecord {
        ClusterClient.checkTopic(topic);
        if (partition < ANY_PARTITION) {
            throw new IllegalArgumentException("partition must be -1 (any) or a partition index, was " + partition);
        }
        if (timestamp < NO_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp must be -1 (now) or milliseconds since the epoch, was "
                    + timestamp);
        }
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /**
     * A record for any partition, stamped now, without headers.
     *
     * @param topic the topic
     * @param key   the key, or null
     * @param value the value, or null
     * @return the record
     */
    public static ProducerRecord of(String topic, byte[] key, byte[] value) {
        return new ProducerRecord(topic, ANY_PARTITION, NO_TIMESTAMP, key, value, List.of());
    }

    /**
     * A copy with an explicit partition.
     *
     * @param newPartition the partition
     * @return the copy
     */
    public ProducerRecord withPartition(int newPartition) {
        return new ProducerRecord(topic, newPartition, timestamp, key, value, headers);
    }

    /**
     * A copy with a timestamp.
     *
     * @param newTimestamp milliseconds since the epoch
     * @return the copy
     */
    public ProducerRecord withTimestamp(long newTimestamp) {
        return new ProducerRecord(topic, partition, newTimestamp, key, value, headers);
    }

    /**
     * A copy with headers.
     *
     * @param newHeaders the headers
     * @return the copy
     */
    public ProducerRecord withHeaders(List<Header> newHeaders) {
        return new ProducerRecord(topic, partition, timestamp, key, value, Objects.requireNonNull(newHeaders,
                "headers"));
    }

    @Override
    public String toString() {
        return "ProducerRecord[" + topic + (partition >= 0 ? "-" + partition : "") + ", key "
                + (key == null ? "null" : key.length + " bytes") + ", value "
                + (value == null ? "null" : value.length + " bytes") + ", " + headers.size() + " header(s)]";
    }
}
