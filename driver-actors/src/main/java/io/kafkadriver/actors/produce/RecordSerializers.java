/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which serializer turns a produced key or value object into bytes: the topic's own, else the default, else the
 * object itself when it knows how (kafka-sharp's {@code SerializationConfig}). Thread-safe: set from any thread,
 * read by producing threads and, for objects serialized at send time, by the batchers.
 */
public final class RecordSerializers {
    /** Turns an object into bytes for a topic. */
    @FunctionalInterface
    public interface Encoder {
        /**
         * The bytes of an object.
         *
         * @param topic  the topic it is produced to
         * @param object the object
         * @return its bytes
         */
        byte[] encode(String topic, Object object);
    }

    private static final int KEY = 0;
    private static final int VALUE = 1;

    private final Map<String, Encoder[]> byTopic = new ConcurrentHashMap<>();
    private final Function<Object, Encoder> selfEncoding;
    private volatile Encoder[] defaults;
    private final RecordEncoder encoder = new RecordEncoder() {
        @Override
        public byte[] key(String topic, Object key) {
            return forKey(topic, key).encode(topic, key);
        }

        @Override
        public byte[] value(String topic, Object value) {
            return forValue(topic, value).encode(topic, value);
        }
    };

    /**
     * Creates the registry.
     *
     * @param selfEncoding the encoder of an object that serializes itself, or null when it does not
     */
    public RecordSerializers(Function<Object, Encoder> selfEncoding) {
        this.selfEncoding = Objects.requireNonNull(selfEncoding, "selfEncoding");
    }

    /**
     * Sets a topic's serializers.
     *
     * @param topic the topic
     * @param key   for keys, or null
     * @param value for values, or null
     */
    public void set(String topic, Encoder key, Encoder value) {
        byTopic.put(topic, new Encoder[] {key, value});
    }

    /**
     * Sets the default serializers.
     *
     * @param key   for keys, or null
     * @param value for values, or null
     */
    public void setDefaults(Encoder key, Encoder value) {
        defaults = new Encoder[] {key, value};
    }

    /**
     * The serializer of a key.
     *
     * @param topic the topic
     * @param key   the key object
     * @return its serializer
     * @throws IllegalArgumentException when nothing can serialize it
     */
    public Encoder forKey(String topic, Object key) {
        return lookUp(topic, key, KEY);
    }

    /**
     * The serializer of a value.
     *
     * @param topic the topic
     * @param value the value object
     * @return its serializer
     * @throws IllegalArgumentException when nothing can serialize it
     */
    public Encoder forValue(String topic, Object value) {
        return lookUp(topic, value, VALUE);
    }

    /**
     * The encoder the batchers call for records serialized at send time.
     *
     * @return the encoder
     */
    public RecordEncoder encoder() {
        return encoder;
    }

    private Encoder lookUp(String topic, Object o, int side) {
        Encoder[] own = byTopic.get(topic);
        if (own != null && own[side] != null) {
            return own[side];
        }
        Encoder[] fallback = defaults;
        if (fallback != null && fallback[side] != null) {
            return fallback[side];
        }
        Encoder self = selfEncoding.apply(o);
        if (self != null) {
            return self;
        }
        throw new IllegalArgumentException("no serializer for a " + (side == KEY ? "key" : "value") + " of type "
                + o.getClass().getName() + " on topic " + topic + ": pass byte[], register one with setSerializers"
                + " or setDefaultSerializers, or implement MemorySerializable");
    }
}
