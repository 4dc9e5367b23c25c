/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.actors.cluster.TopicState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of each produced record, as the produce router's pure decision class.
 *
 * <ul>
 *   <li><b>Explicit partition</b>: used as given when the topic has it; otherwise {@link #NO_PARTITION}.</li>
 *   <li><b>Keyed record</b> (when key hashing is on): {@code toPositive(murmur2(key)) % partitionCount}, over
 *       <em>all</em> partitions, exactly as the official Java client, so both clients put a key in the same
 *       partition. A key's partition never changes while its leader is away: the record waits (and expires by TTL)
 *       rather than moving, which would break per-key order.</li>
 *   <li><b>Otherwise round robin</b> over the partitions that have a leader, moving to the next one after
 *       {@code recordsBeforeMoving} records (kafka-sharp's {@code NumberOfMessagesBeforeRoundRobin}: larger runs
 *       make larger, better-compressed batches). Each topic starts at a position drawn from the seed so that many
 *       clients do not all begin on partition 0.</li>
 * </ul>
 */
public final class PartitionChooser {
    /** Returned when no partition can take the record now (no leader, unknown partition). */
    public static final int NO_PARTITION = -1;

    private final int recordsBeforeMoving;
    private final boolean hashKeys;
    private final ToIntFunction<byte[]> keyHash;
    private final int seed;
    private final Map<String, Cursor> cursors = new HashMap<>();
    private String lastTopic;
    private Cursor lastCursor;

    /**
     * Creates a chooser.
     *
     * @param recordsBeforeMoving records sent to one partition before round robin moves on, at least 1
     * @param hashKeys            whether keyed records go by key hash (true) or round robin like the others (false)
     * @param keyHash             the key hash, non-negative (murmur2 made positive, for Java-client compatibility)
     * @param seed                where round robin starts, per topic
     */
    public PartitionChooser(int recordsBeforeMoving, boolean hashKeys, ToIntFunction<byte[]> keyHash, int seed) {
        if (recordsBeforeMoving < 1) {
            throw new IllegalArgumentException("recordsBeforeMoving must be at least 1, was " + recordsBeforeMoving);
        }
        this.recordsBeforeMoving = recordsBeforeMoving;
        this.hashKeys = hashKeys;
        this.keyHash = Objects.requireNonNull(keyHash, "keyHash");
        this.seed = seed;
    }

    /**
     * Chooses a partition.
     *
     * @param topic     the topic's current metadata
     * @param explicit  the partition the caller asked for, or a negative number for "any"
     * @param key       the serialized key, or null
     * @return the partition, or {@link #NO_PARTITION} when none can take the record now
     */
    public int choose(TopicState topic, int explicit, byte[] key) {
        return choose(topic, topic.partitionsWithLeader(), explicit, key);
    }

    /**
     * Chooses a partition, round robin going over a given set of partitions (the router's cached list of those with
     * a leader and enough in-sync replicas, which saves a copy per record).
     *
     * @param topic     the topic's current metadata
     * @param available the partitions round robin may use, in increasing order
     * @param explicit  the partition the caller asked for, or a negative number for "any"
     * @param key       the serialized key, or null
     * @return the partition, or {@link #NO_PARTITION} when none can take the record now
     */
    public int choose(TopicState topic, int[] available, int explicit, byte[] key) {
        int count = topic.partitionCount();
        if (count == 0) {
            return NO_PARTITION;
        }
        if (explicit >= 0) {
            return explicit < count ? explicit : NO_PARTITION;
        }
        if (hashKeys && key != null) {
            return keyHash.applyAsInt(key) % count;
        }
        return roundRobin(topic, available);
    }

    private int roundRobin(TopicState topic, int[] available) {
        if (available.length == 0) {
            return NO_PARTITION;
        }
        Cursor cursor = topic.name() == lastTopic ? lastCursor : cursors.get(topic.name());
        if (cursor == null) { // not computeIfAbsent: its capturing lambda would allocate on every record
            cursor = new Cursor(Math.floorMod(seed + topic.name().hashCode(), 1 << 16));
            cursors.put(topic.name(), cursor);
        }
        lastTopic = topic.name(); // records mostly come in runs of one topic: skip the map for them
        lastCursor = cursor;
        if (cursor.sentToCurrent >= recordsBeforeMoving) {
            cursor.position++;
            cursor.sentToCurrent = 0;
        }
        cursor.sentToCurrent++;
        return available[Math.floorMod(cursor.position, available.length)];
    }

    /** Round-robin state of one topic. */
    private static final class Cursor {
        int position;
        int sentToCurrent;

        Cursor(int position) {
            this.position = position;
        }
    }
}
