/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;

/**
 * A batcher's partitions, by topic and index, created on first use. Records mostly come in runs of one topic, so the
 * last topic's array is kept aside (an identity check instead of a map lookup per record). One batcher owns it: not
 * thread-safe.
 */
final class PartitionQueues {
    private final Map<String, PartitionQueue[]> byTopic = new HashMap<>();
    private final ToIntBiFunction<String, Integer> leaderOf;
    private String lastTopic;
    private PartitionQueue[] lastQueues;

    /**
     * Creates the registry.
     *
     * @param leaderOf the current leader of a topic-partition, or -1, for a new partition queue
     */
    PartitionQueues(ToIntBiFunction<String, Integer> leaderOf) {
        this.leaderOf = leaderOf;
    }

    /** The queue of a partition, created on first use. */
    PartitionQueue get(String topic, int partition) {
        PartitionQueue[] byIndex = topic == lastTopic ? lastQueues : byTopic.get(topic);
        if (byIndex == null || byIndex.length <= partition) {
            PartitionQueue[] grown = new PartitionQueue[Math.max(partition + 1, byIndex == null ? 0 : byIndex.length)];
            if (byIndex != null) {
                System.arraycopy(byIndex, 0, grown, 0, byIndex.length);
            }
            byIndex = grown;
            byTopic.put(topic, byIndex);
        }
        lastTopic = topic;
        lastQueues = byIndex;
        PartitionQueue q = byIndex[partition];
        if (q == null) {
            q = new PartitionQueue(topic, partition);
            q.leader = leaderOf.applyAsInt(topic, partition);
            byIndex[partition] = q;
        }
        return q;
    }

    /** The queue of a partition, or null when it has none (an answer for a partition never produced to). */
    PartitionQueue find(String topic, int partition) {
        PartitionQueue[] byIndex = byTopic.get(topic);
        return byIndex == null || partition < 0 || partition >= byIndex.length ? null : byIndex[partition];
    }

    /** Every queue. */
    List<PartitionQueue> all() {
        List<PartitionQueue> out = new ArrayList<>();
        for (PartitionQueue[] byIndex : byTopic.values()) {
            for (PartitionQueue q : byIndex) {
                if (q != null) {
                    out.add(q);
                }
            }
        }
        return out;
    }

    /** Looks every queue's leader up again (new metadata). */
    void refreshLeaders() {
        for (PartitionQueue q : all()) {
            q.leader = leaderOf.applyAsInt(q.topic, q.partition);
        }
    }
}
