/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.GroupListener;
import io.kafkadriver.api.GroupFailure;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.TopicPartition;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The consumer groups' side of the public API: the listeners of assignment changes and of member failures, for every
 * group of a client. Internal: not part of the API.
 */
public final class GroupEvents {
    private final List<Consumer<GroupPartitions>> assigned = new CopyOnWriteArrayList<>();
    private final List<Consumer<GroupPartitions>> revoked = new CopyOnWriteArrayList<>();
    private final List<Consumer<GroupPartitions>> lost = new CopyOnWriteArrayList<>();
    private final List<Consumer<GroupFailure>> failed = new CopyOnWriteArrayList<>();

    /** {@return the live list of assigned listeners} */
    public List<Consumer<GroupPartitions>> assignedListeners() {
        return assigned;
    }

    /** {@return the live list of revoked listeners} */
    public List<Consumer<GroupPartitions>> revokedListeners() {
        return revoked;
    }

    /** {@return the live list of lost listeners} */
    public List<Consumer<GroupPartitions>> lostListeners() {
        return lost;
    }

    /** {@return the live list of failure listeners} */
    public List<Consumer<GroupFailure>> failureListeners() {
        return failed;
    }

    /**
     * What a group's member tells: these listeners hear it, named with the group.
     *
     * @param groupId the group
     * @return the member's listener
     */
    public GroupListener listenerFor(String groupId) {
        return new GroupListener() {
            @Override
            public void assigned(Set<TopicPartitionRef> partitions) {
                ConsumerEvents.fire(assigned, of(groupId, partitions));
            }

            @Override
            public void revoked(Set<TopicPartitionRef> partitions) {
                ConsumerEvents.fire(revoked, of(groupId, partitions));
            }

            @Override
            public void lost(Set<TopicPartitionRef> partitions) {
                ConsumerEvents.fire(lost, of(groupId, partitions));
            }

            @Override
            public void failed(Exception error) {
                ConsumerEvents.fire(failed, new GroupFailure(groupId, error));
            }
        };
    }

    private static GroupPartitions of(String groupId, Set<TopicPartitionRef> partitions) {
        return new GroupPartitions(groupId, partitions.stream().map(tp -> new TopicPartition(tp.topic(),
                tp.partition())).collect(Collectors.toSet()));
    }
}
