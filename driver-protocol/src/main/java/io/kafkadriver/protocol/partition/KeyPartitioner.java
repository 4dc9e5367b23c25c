/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.partition;

import java.util.Objects;

/**
 * The partition of a keyed record, exactly as the official Java client's default partitioner chooses it:
 * {@code (murmur2(key) & 0x7fffffff) % numPartitions}, over all partitions of the topic.
 */
public final class KeyPartitioner {
    private KeyPartitioner() {
    }

    /**
     * The partition for a key.
     *
     * @param key           the serialized key, not null
     * @param numPartitions the topic's partition count, at least 1
     * @return the partition, in {@code [0, numPartitions)}
     */
    public static int partition(byte[] key, int numPartitions) {
        Objects.requireNonNull(key, "key");
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be at least 1, was " + numPartitions);
        }
        return positiveHash(key) % numPartitions;
    }

    /**
     * The key's hash made non-negative the way the official client does it (masking the sign bit, not
     * {@code Math.abs}, which stays negative for {@code Integer.MIN_VALUE}).
     *
     * @param key the serialized key
     * @return a non-negative hash
     */
    public static int positiveHash(byte[] key) {
        return Murmur2.hash(key) & 0x7fffffff;
    }
}
