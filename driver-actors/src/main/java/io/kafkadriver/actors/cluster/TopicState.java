/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the metadata says of one topic: its partitions in index order, and the ones that have a leader.
 */
public final class TopicState {
    private final String name;
    private final io.kafkadriver.protocol.types.Uuid topicId;
    private final short errorCode;
    private final List<PartitionState> partitions;
    private final int[] withLeader;

    /**
     * Creates a topic state.
     *
     * @param name       the topic name
     * @param errorCode  the topic-level error code, 0 for none
     * @param partitions the partitions, in any order; indexes must be 0..n-1 without gaps
     * @throws IllegalArgumentException if the partition indexes are not 0..n-1
     */
    public TopicState(String name, short errorCode, List<PartitionState> partitions) {
        this(name, errorCode, partitions, io.kafkadriver.protocol.types.Uuid.ZERO);
    }

    /**
     * Creates a topic state with its topic id (Metadata v10 and later carry it).
     *
     * @param name       the topic name
     * @param errorCode  the topic-level error code, 0 for none
     * @param partitions the partitions, in any order; indexes must be 0..n-1 without gaps
     * @param topicId    the topic id, or {@link io.kafkadriver.protocol.types.Uuid#ZERO} when unknown
     * @throws IllegalArgumentException if the partition indexes are not 0..n-1
     */
    public TopicState(String name, short errorCode, List<PartitionState> partitions,
                      io.kafkadriver.protocol.types.Uuid topicId) {
        this.name = Objects.requireNonNull(name, "name");
        this.topicId = Objects.requireNonNull(topicId, "topicId");
        this.errorCode = errorCode;
        PartitionState[] byIndex = new PartitionState[partitions.size()];
        for (PartitionState p : partitions) {
            if (p.partition() < 0 || p.partition() >= byIndex.length || byIndex[p.partition()] != null) {
                throw new IllegalArgumentException("topic " + name + ": partition index " + p.partition()
                        + " is out of 0.." + (byIndex.length - 1) + " or repeated");
            }
            byIndex[p.partition()] = p;
        }
        this.partitions = List.of(byIndex);
        this.withLeader = this.partitions.stream().filter(PartitionState::hasLeader)
                .mapToInt(PartitionState::partition).toArray();
    }

    /**
     * The topic id.
     *
     * @return the id, or {@link io.kafkadriver.protocol.types.Uuid#ZERO} when the broker did not send it
     */
    public io.kafkadriver.protocol.types.Uuid topicId() {
        return topicId;
    }

    /**
     * The topic name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The topic-level error code of the metadata response.
     *
     * @return 0 for none
     */
    public short errorCode() {
        return errorCode;
    }

    /**
     * The partitions, indexed by partition number.
     *
     * @return an immutable list
     */
    public List<PartitionState> partitions() {
        return partitions;
    }

    /**
     * The number of partitions.
     *
     * @return the count
     */
    public int partitionCount() {
        return partitions.size();
    }

    /**
     * The partition with an index, or {@code null} when there is none.
     *
     * @param partition the index
     * @return the state or null
     */
    public PartitionState partition(int partition) {
        return partition >= 0 && partition < partitions.size() ? partitions.get(partition) : null;
    }

    /**
     * The indexes of the partitions that have a leader, ascending. Shared: callers must not modify it.
     *
     * @return the indexes
     */
    int[] partitionsWithLeaderShared() {
        return withLeader;
    }

    /**
     * The indexes of the partitions that have a leader, ascending.
     *
     * @return a copy of the indexes
     */
    public int[] partitionsWithLeader() {
        return withLeader.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicState t && t.name.equals(name) && t.errorCode == errorCode
                && t.partitions.equals(partitions) && t.topicId.equals(topicId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, errorCode, partitions, topicId);
    }

    @Override
    public String toString() {
        return "TopicState[" + name + (errorCode != 0 ? " error=" + errorCode : "") + " partitions=" + partitions.size()
                + " withLeader=" + Arrays.toString(withLeader) + "]";
    }
}
