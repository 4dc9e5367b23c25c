/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * Turns produced key or value objects into bytes: kafka-sharp's per-topic serializers, with the Java client's
 * signature. Called in {@code produce} or, by default, on a driver thread when the record's batch is encoded (see
 * {@link SerializationConfig#serializeOnProduce()}): implementations must be thread-safe.
 *
 * @param <T> the type serialized
 */
@FunctionalInterface
public interface Serializer<T> {
    /**
     * Serializes an object.
     *
     * @param topic the topic it is produced to
     * @param data  the object, never null (a null key or value is produced as null)
     * @return the bytes
     */
    byte[] serialize(String topic, T data);
}
