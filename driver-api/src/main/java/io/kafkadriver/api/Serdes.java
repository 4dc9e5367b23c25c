/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The built-in serializers and deserializers, both directions in one {@link Serde}, byte for byte compatible with the
 * official Java client's serializers of the same types: {@code Integer} and {@code Long} big-endian in 4 and 8 bytes,
 * {@code String} and {@code UUID} (its canonical text form) in UTF-8, {@code byte[]} and {@code ByteBuffer} as they
 * are. Each is stateless and thread-safe. A deserializer given bytes of the wrong size throws a
 * {@link SerializationException} naming the topic and the size.
 */
public final class Serdes {
    private static final Serde<byte[]> BYTE_ARRAY = Serde.of((topic, data) -> data, (topic, data) -> data);
    private static final Serde<String> STRING = Serde.of((topic, data) -> data.getBytes(StandardCharsets.UTF_8),
            (topic, data) -> new String(data, StandardCharsets.UTF_8));
    private static final Serde<ByteBuffer> BYTE_BUFFER = Serde.of(Serdes::bytesOf, (topic, data) -> ByteBuffer.wrap(
            data));
    private static final Serde<Integer> INTEGER = Serde.of((topic, data) -> ByteBuffer.allocate(4).putInt(data)
            .array(), (topic, data) -> ByteBuffer.wrap(sized(topic, data, 4, "an Integer")).getInt());
    private static final Serde<Long> LONG = Serde.of((topic, data) -> ByteBuffer.allocate(8).putLong(data).array(),
            (topic, data) -> ByteBuffer.wrap(sized(topic, data, 8, "a Long")).getLong());
    private static final Serde<UUID> UUIDS = Serde.of((topic, data) -> data.toString().getBytes(
            StandardCharsets.UTF_8), Serdes::uuidOf);

    private Serdes() {
    }

    /**
     * Bytes as they are (no copy either way).
     *
     * @return the serde
     */
    public static Serde<byte[]> ofByteArray() {
        return BYTE_ARRAY;
    }

    /**
     * Text in UTF-8.
     *
     * @return the serde
     */
    public static Serde<String> ofString() {
        return STRING;
    }

    /**
     * A buffer's remaining bytes, from its position to its limit (the position is left alone); deserialized as a
     * buffer wrapping the consumed bytes. (The official 4.1 serializer writes the whole backing array of a heap buffer
     * whose position is not 0; from position 0 the bytes are the same.)
     *
     * @return the serde
     */
    public static Serde<ByteBuffer> ofByteBuffer() {
        return BYTE_BUFFER;
    }

    /**
     * A 32-bit integer, big-endian.
     *
     * @return the serde
     */
    public static Serde<Integer> ofInteger() {
        return INTEGER;
    }

    /**
     * A 64-bit integer, big-endian.
     *
     * @return the serde
     */
    public static Serde<Long> ofLong() {
        return LONG;
    }

    /**
     * A UUID as its 36-character text in UTF-8, as the official client writes it.
     *
     * @return the serde
     */
    public static Serde<UUID> ofUuid() {
        return UUIDS;
    }

    private static byte[] bytesOf(String topic, ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        if (view.hasArray() && view.arrayOffset() == 0 && view.position() == 0
                && view.remaining() == view.array().length) {
            return view.array();
        }
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private static byte[] sized(String topic, byte[] data, int size, String what) {
        if (data.length != size) {
            throw new SerializationException(what + " takes " + size + " bytes, got " + data.length + " on topic "
                    + topic);
        }
        return data;
    }

    private static UUID uuidOf(String topic, byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("not a UUID on topic " + topic + ": " + (text.length() > 40
                    ? text.substring(0, 40) + "..." : text));
        }
    }
}
