/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import java.util.Arrays;

/**
 * A growable output array for decompression: {@code bytes[0, size)} is the result so far. Reused from batch to batch
 * by {@link Scratch}, so its capacity settles at the largest batch a thread decodes.
 */
final class Inflated {
    byte[] bytes;
    int size;

    Inflated(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * Makes room for {@code needed} bytes in all, keeping {@code [0, size)}, growing by doubling but never past
     * {@code maxBytes} (the caller has checked that {@code needed <= maxBytes}).
     */
    void ensure(int needed, int maxBytes) {
        if (needed > bytes.length) {
            int grown = (int) Math.min(maxBytes, Math.max(needed, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, Math.max(grown, needed));
        }
    }
}
