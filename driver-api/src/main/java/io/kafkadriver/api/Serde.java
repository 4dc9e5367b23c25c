/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.Objects;

/**
 * A serializer and a deserializer of the same type, usable as either ({@link Serdes} has the built-in ones).
 *
 * @param <T> the type
 */
public interface Serde<T> extends Serializer<T>, Deserializer<T> {
    /**
     * A serde from its two halves.
     *
     * @param serializer   the serializing half
     * @param deserializer the deserializing half
     * @param <T>          the type
     * @return the serde
     */
    static <T> Serde<T> of(Serializer<T> serializer, Deserializer<T> deserializer) {
        Objects.requireNonNull(serializer, "serializer");
        Objects.requireNonNull(deserializer, "deserializer");
        return new Serde<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                return serializer.serialize(topic, data);
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                return deserializer.deserialize(topic, data);
            }
        };
    }
}
