/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.List;

/**
 * A consumed record: kafka-sharp's {@code RawKafkaRecord}.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    its offset
 * @param key       the key, or null
 * @param value     the value, or null
 * @param timestamp its timestamp, milliseconds since the epoch
 * @param headers   its headers, never null
 * @param groupId   the consumer group it was consumed for, or null when consumed outside a group
 */
public record ReceivedMessage(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp,
                              List<Header> headers, String groupId) {
    /**
     * A record consumed outside a group.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param offset    its offset
     * @param key       the key, or null
     * @param value     the value, or null
     * @param timestamp its timestamp
     * @param headers   its headers
     */
    public ReceivedMessage(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp,
                           List<Header> headers) {
        this(topic, partition, offset, key, value, timestamp, headers, null);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[" + topic + "-" + partition + "@" + offset + (groupId == null ? "" : ", group "
                + groupId) + ", key "
                + (key == null ? "null" : key.length + " bytes") + ", value "
                + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
