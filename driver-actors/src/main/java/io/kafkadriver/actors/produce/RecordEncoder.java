/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

/**
 * Serializes a record's key and value objects at send time (kafka-sharp's {@code SerializeOnProduce = false}): on the
 * batcher's thread, when the record is encoded into its batch. Implementations must be thread-safe.
 */
public interface RecordEncoder {
    /**
     * Serializes a key.
     *
     * @param topic the topic
     * @param key   the key object, not null
     * @return the bytes
     */
    byte[] key(String topic, Object key);

    /**
     * Serializes a value.
     *
     * @param topic the topic
     * @param value the value object, not null
     * @return the bytes
     */
    byte[] value(String topic, Object value);
}
