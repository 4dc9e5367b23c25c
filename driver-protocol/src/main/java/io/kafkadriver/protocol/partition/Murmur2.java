/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.partition;

import java.nio.ByteBuffer;

/**
 * MurmurHash2, 32-bit, with the seed and constants the official Java client uses to place keyed records, so that a
 * key lands on the same partition whichever client produced it.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /**
     * Hashes a whole array.
     *
     * @param data the bytes
     * @return the 32-bit hash
     */
    public static int hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /**
     * Hashes a range of an array.
     *
     * @param data   the bytes
     * @param offset the first byte
     * @param length the number of bytes
     * @return the 32-bit hash
     */
    public static int hash(byte[] data, int offset, int length) {
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = offset + (i << 2);
            int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
                    | (data[at + 3] & 0xff) << 24;
            h = mixBlock(h, k);
        }
        int tail = offset + (blocks << 2);
        switch (length & 3) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        return finish(h);
    }

    /**
     * Hashes the remaining bytes of a buffer without moving its position or copying.
     *
     * @param data the bytes, from position to limit
     * @return the 32-bit hash
     */
    public static int hash(ByteBuffer data) {
        if (data.hasArray()) {
            return hash(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        int length = data.remaining();
        int base = data.position();
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int at = base + (i << 2);
            int k = (data.get(at) & 0xff) | (data.get(at + 1) & 0xff) << 8 | (data.get(at + 2) & 0xff) << 16
                    | (data.get(at + 3) & 0xff) << 24;
            h = mixBlock(h, k);
        }
        int tail = base + (blocks << 2);
        int left = length & 3;
        if (left > 0) {
            if (left == 3) {
                h ^= (data.get(tail + 2) & 0xff) << 16;
            }
            if (left >= 2) {
                h ^= (data.get(tail + 1) & 0xff) << 8;
            }
            h ^= data.get(tail) & 0xff;
            h *= M;
        }
        return finish(h);
    }

    private static int mixBlock(int h, int block) {
        int k = block * M;
        k ^= k >>> R;
        k *= M;
        return h * M ^ k;
    }

    private static int finish(int hash) {
        int h = hash;
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
