/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * Turns consumed key or value bytes into objects: the other half of kafka-sharp's per-topic serialization, with the
 * Java client's signature. Used by {@link KafkaConsumer}; called on the driver's delivery thread, one record at a
 * time per client, so implementations need not be thread-safe unless shared between clients.
 *
 * <p>A deserializer that throws does not stop delivery: the consumer's {@code consumerErrorStrategy} decides (see
 * {@link KafkaConsumer}).
 *
 * @param <T> the type produced
 */
@FunctionalInterface
public interface Deserializer<T> {
    /**
     * Deserializes bytes.
     *
     * @param topic the topic they were consumed from
     * @param data  the bytes, never null (a null key or value is handed over as null without calling this)
     * @return the object
     */
    T deserialize(String topic, byte[] data);
}
