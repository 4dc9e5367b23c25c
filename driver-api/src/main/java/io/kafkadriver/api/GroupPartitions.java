/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.Set;

/**
 * Partitions of a consumer group that changed hands at this member: assigned, revoked or lost.
 *
 * @param groupId    the group
 * @param partitions the partitions, in topic and partition order
 */
public record GroupPartitions(String groupId, Set<TopicPartition> partitions) {
    /** Copies the set. */
    public GroupPartitions {
        partitions = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(partitions));
    }
}
