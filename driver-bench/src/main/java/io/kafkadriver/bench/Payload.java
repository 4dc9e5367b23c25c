/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The values the demo and the benchmarks produce, so that a consumer can check what it reads: each value starts with
 * its sequence number (8 bytes) and a {@code System.nanoTime()} stamp (8 bytes, the intended send time, for the
 * produce→consume latency in the same JVM), followed by filler bytes from a pool of random values. A 64-bit hash of
 * the whole value lets the reader check, with a sum over all records, that the bytes arrived intact.
 */
final class Payload {
    /** Bytes of the header: sequence number and time stamp. */
    static final int HEADER_BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long PRIME = 0x9E3779B97F4A7C15L;
    private static final int POOL_SIZE = 1024;

    private final byte[][] filler;
    private final int size;

    /**
     * Creates the value factory for one value size.
     *
     * @param size bytes per value, at least {@link #HEADER_BYTES}
     */
    Payload(int size) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("record-size must be at least " + HEADER_BYTES + ", was " + size);
        }
        this.size = size;
        this.filler = ProduceBenchmark.values(ProduceWorkload.ValueKind.RANDOM, size, POOL_SIZE, 42);
    }

    /**
     * Makes a fresh value (a new array: the clients may hold it until acknowledged).
     *
     * @param seq   the record's sequence number
     * @param nanos its intended send time, {@code System.nanoTime()}
     * @return the value
     */
    byte[] create(long seq, long nanos) {
        byte[] v = new byte[size];
        System.arraycopy(filler[(int) (seq & (POOL_SIZE - 1))], HEADER_BYTES, v, HEADER_BYTES, size - HEADER_BYTES);
        LONGS.set(v, 0, seq);
        LONGS.set(v, 8, nanos);
        return v;
    }

    /**
     * Reads a value's sequence number.
     *
     * @param value the value
     * @return its sequence number, or -1 when the value is too short to hold one
     */
    static long seq(byte[] value) {
        return value == null || value.length < HEADER_BYTES ? -1 : (long) LONGS.get(value, 0);
    }

    /**
     * Reads a value's send-time stamp.
     *
     * @param value the value, at least {@link #HEADER_BYTES} long
     * @return its {@code System.nanoTime()} stamp
     */
    static long nanos(byte[] value) {
        return (long) LONGS.get(value, 8);
    }

    /**
     * Hashes a whole value (length included): 8 bytes at a time, mixed, then the tail.
     *
     * @param value the value
     * @return a 64-bit hash
     */
    static long hash(byte[] value) {
        long h = value.length * PRIME;
        int i = 0;
        for (; i + 8 <= value.length; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(value, i) * PRIME), 29) * PRIME;
        }
        for (; i < value.length; i++) {
            h = Long.rotateLeft(h ^ (value[i] * PRIME), 29) * PRIME;
        }
        return h ^ (h >>> 32);
    }
}
