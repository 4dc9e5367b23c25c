/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import java.util.Set;

/**
 * Hears a member's assignment changes. {@link #assigned}, {@link #revoked} and {@link #lost} run on the group's
 * delivery actor, in order with the records: nothing of a partition is delivered before its {@code assigned}
 * returns, nor after its {@code revoked} or {@code lost} starts. {@link #failed} runs on the member's actor.
 */
public interface GroupListener {
    /**
     * Partitions were assigned; their first record follows the return.
     *
     * @param partitions the new partitions
     */
    void assigned(Set<TopicPartitionRef> partitions);

    /**
     * Partitions are taken away in a rebalance; nothing of them is delivered any more. The listener may commit (and
     * wait for the commit): the member waits for it, up to the rebalance timeout, before it releases them.
     *
     * @param partitions the partitions
     */
    void revoked(Set<TopicPartitionRef> partitions);

    /**
     * Partitions were lost: the member was dropped from the group (session expired, fenced) and they may already be
     * consumed by another member, so nothing of them is committed.
     *
     * @param partitions the partitions
     */
    void lost(Set<TopicPartitionRef> partitions);

    /**
     * The member stopped on an error it cannot get past.
     *
     * @param error why
     */
    void failed(Exception error);
}
