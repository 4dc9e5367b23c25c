/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;

/**
 * What a member does with a new assignment, and what it commits. Pure.
 *
 * @param revoke what it owns and no longer has: revoked (listeners, commit) before it rejoins (cooperative)
 * @param add    what it has and did not own: its committed offsets are fetched, then it is consumed
 */
public record Reconciliation(Set<TopicPartitionRef> revoke, Set<TopicPartitionRef> add) {
    private static final Comparator<TopicPartitionRef> ORDER =
            Comparator.comparing(TopicPartitionRef::topic).thenComparingInt(TopicPartitionRef::partition);

    /**
     * Compares what a member owns with what it was assigned.
     *
     * @param owned    what it consumes now
     * @param assigned its new assignment
     * @return what to revoke and what to add, each in topic and partition order
     */
    public static Reconciliation of(Collection<TopicPartitionRef> owned, Collection<TopicPartitionRef> assigned) {
        Set<TopicPartitionRef> revoke = sorted();
        Set<TopicPartitionRef> add = sorted();
        for (TopicPartitionRef tp : owned) {
            if (!assigned.contains(tp)) {
                revoke.add(tp);
            }
        }
        for (TopicPartitionRef tp : assigned) {
            if (!owned.contains(tp)) {
                add.add(tp);
            }
        }
        return new Reconciliation(revoke, add);
    }

    /**
     * The offsets worth committing: those past what is known to be committed, for partitions the member owns.
     * Commits never go backwards.
     *
     * @param positions the delivered positions
     * @param committed what is known to be committed
     * @param owned     what the member owns
     * @return the offsets to commit, in partition order
     */
    public static Map<TopicPartitionRef, Long> toCommit(Map<TopicPartitionRef, Long> positions,
                                                        Map<TopicPartitionRef, Long> committed,
                                                        Set<TopicPartitionRef> owned) {
        Map<TopicPartitionRef, Long> out = new java.util.TreeMap<>(ORDER);
        positions.forEach((tp, offset) -> {
            if (owned.contains(tp) && offset > committed.getOrDefault(tp, -1L)) {
                out.put(tp, offset);
            }
        });
        return out;
    }

    private static Set<TopicPartitionRef> sorted() {
        return new TreeSet<>(ORDER);
    }

    /**
     * Whether nothing changes.
     *
     * @return true when there is nothing to revoke and nothing to add
     */
    public boolean unchanged() {
        return revoke.isEmpty() && add.isEmpty();
    }

    /**
     * A copy of a set in topic and partition order.
     *
     * @param partitions the partitions
     * @return the ordered copy
     */
    public static Set<TopicPartitionRef> ordered(Collection<TopicPartitionRef> partitions) {
        Set<TopicPartitionRef> out = new TreeSet<>(ORDER);
        out.addAll(partitions);
        return out;
    }
}
