/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.List;

/**
 * A consumed record with its key and value deserialized: what a {@link KafkaConsumer} hands its listeners
 * (kafka-sharp's typed {@code KafkaRecord<TKey, TValue>}).
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    its offset
 * @param key       the key, or null when the record had none
 * @param value     the value, or null for a tombstone
 * @param timestamp its timestamp, milliseconds since the epoch
 * @param headers   its headers, never null
 * @param groupId   the consumer group it was consumed for, or null outside a group
 * @param <K>       the key type
 * @param <V>       the value type
 */
public record Received<K, V>(String topic, int partition, long offset, K key, V value, long timestamp,
                             List<Header> headers, String groupId) {
}
