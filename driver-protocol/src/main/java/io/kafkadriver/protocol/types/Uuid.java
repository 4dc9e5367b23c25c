/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

import java.util.Base64;

/**
 * A 128-bit Kafka UUID (topic ids, directory ids), written on the wire as two big-endian int64s. Immutable.
 *
 * <p>{@link #toString()} uses Kafka's URL-safe, unpadded base64 form so ids read the same in our logs and in Kafka's
 * tools.
 */
public final class Uuid {
    /** The all-zero id, Kafka's "no id" (the default value of every uuid field). */
    public static final Uuid ZERO = new Uuid(0L, 0L);

    private final long mostSignificantBits;
    private final long leastSignificantBits;

    /**
     * Creates an id from its two halves.
     *
     * @param mostSignificantBits  the first 8 bytes on the wire
     * @param leastSignificantBits the last 8 bytes on the wire
     */
    public Uuid(long mostSignificantBits, long leastSignificantBits) {
        this.mostSignificantBits = mostSignificantBits;
        this.leastSignificantBits = leastSignificantBits;
    }

    /**
     * The first 8 bytes on the wire.
     *
     * @return the high half
     */
    public long mostSignificantBits() {
        return mostSignificantBits;
    }

    /**
     * The last 8 bytes on the wire.
     *
     * @return the low half
     */
    public long leastSignificantBits() {
        return leastSignificantBits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Uuid other && other.mostSignificantBits == mostSignificantBits
                && other.leastSignificantBits == leastSignificantBits;
    }

    @Override
    public int hashCode() {
        long x = mostSignificantBits ^ leastSignificantBits;
        return (int) (x >> 32) ^ (int) x;
    }

    @Override
    public String toString() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (mostSignificantBits >>> (56 - 8 * i));
            b[8 + i] = (byte) (leastSignificantBits >>> (56 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
