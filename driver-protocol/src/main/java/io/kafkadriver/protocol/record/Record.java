/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One record read from a fetched batch. Key and value are read-only views of the fetched (or decompressed) bytes, not
 * copies: copy them if they must outlive that buffer.
 *
 * @param offset    the record's offset
 * @param timestamp the record's timestamp
 * @param key       the key, or null
 * @param value     the value, or null
 * @param headers   the headers (empty when none)
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {

    /**
     * The key as a new array.
     *
     * @return the key bytes, or null
     */
    public byte[] keyBytes() {
        return copy(key);
    }

    /**
     * The value as a new array.
     *
     * @return the value bytes, or null
     */
    public byte[] valueBytes() {
        return copy(value);
    }

    private static byte[] copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
