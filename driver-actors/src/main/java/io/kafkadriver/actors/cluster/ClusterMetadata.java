/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the cluster as the last metadata responses described it: brokers, topics, partitions,
 * leaders and leader epochs. The cluster actor swaps in a new snapshot on each refresh and sends it to the routers;
 * nobody mutates one.
 *
 * <p>This is kafka-sharp's {@code RoutingTable}, plus brokers and leader epochs.
 */
public final class ClusterMetadata {
    /** The empty snapshot used before the first metadata response. */
    public static final ClusterMetadata EMPTY = new ClusterMetadata(null, -1, Map.of(), Map.of(), 0L);

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, BrokerAddress> brokers;
    private final Map<String, TopicState> topics;
    private final long refreshedAtMs;

    /**
     * Creates a snapshot.
     *
     * @param clusterId     the cluster id, or null when the broker does not say
     * @param controllerId  the controller id, or -1
     * @param brokers       the brokers by node id
     * @param topics        the topics by name
     * @param refreshedAtMs when the metadata was received, on the actor's clock
     */
    public ClusterMetadata(String clusterId, int controllerId, Map<Integer, BrokerAddress> brokers,
                           Map<String, TopicState> topics, long refreshedAtMs) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.brokers = Map.copyOf(brokers);
        this.topics = Map.copyOf(topics);
        this.refreshedAtMs = refreshedAtMs;
    }

    /**
     * This snapshot with no leader for the partitions that dead brokers lead ({@code maxSuccessiveNodeErrors}): the
     * routers then route around them (round robin skips them; their fetches and explicit-partition records wait for
     * a leader) until a newer snapshot names their leaders again.
     *
     * @param dead the brokers declared dead
     * @return the masked snapshot, or this one when none is dead
     */
    public ClusterMetadata withoutLeaders(java.util.Set<Integer> dead) {
        if (dead.isEmpty()) {
            return this;
        }
        Map<String, TopicState> masked = new java.util.HashMap<>();
        for (TopicState t : topics.values()) {
            List<PartitionState> ps = new java.util.ArrayList<>(t.partitions().size());
            for (PartitionState p : t.partitions()) {
                ps.add(dead.contains(p.leaderId()) ? new PartitionState(p.partition(), -1, p.leaderEpoch(),
                        p.replicas(), p.isr(), p.errorCode()) : p);
            }
            masked.put(t.name(), new TopicState(t.name(), t.errorCode(), ps, t.topicId()));
        }
        return new ClusterMetadata(clusterId, controllerId, brokers, masked, refreshedAtMs);
    }

    /**
     * The cluster id.
     *
     * @return the id, or null
     */
    public String clusterId() {
        return clusterId;
    }

    /**
     * The controller's node id.
     *
     * @return the id, or -1
     */
    public int controllerId() {
        return controllerId;
    }

    /**
     * The brokers by node id.
     *
     * @return an immutable map
     */
    public Map<Integer, BrokerAddress> brokers() {
        return brokers;
    }

    /**
     * The topics by name.
     *
     * @return an immutable map
     */
    public Map<String, TopicState> topics() {
        return topics;
    }

    /**
     * A topic, or null when the metadata does not know it.
     *
     * @param topic the name
     * @return the state or null
     */
    public TopicState topic(String topic) {
        return topics.get(topic);
    }

    /**
     * When the metadata was received.
     *
     * @return a time on the cluster actor's clock
     */
    public long refreshedAtMs() {
        return refreshedAtMs;
    }

    /**
     * The leader of a partition, or null when it has none or the broker is not in the metadata.
     *
     * @param topic     the topic
     * @param partition the partition
     * @return the leader's address or null
     */
    public BrokerAddress leader(String topic, int partition) {
        TopicState t = topics.get(topic);
        PartitionState p = t == null ? null : t.partition(partition);
        return p == null || !p.hasLeader() ? null : brokers.get(p.leaderId());
    }

    /**
     * A new snapshot with these brokers and these topics replaced (a metadata response for some topics), keeping the
     * other topics of this one. Topics the response marks with an error and no partitions are dropped so routers
     * stop using them.
     *
     * @param newBrokers    the brokers of the response (they replace all brokers)
     * @param updatedTopics the topics of the response
     * @param clusterId     the cluster id of the response
     * @param controllerId  the controller id of the response
     * @param nowMs         the time the response was received
     * @return the merged snapshot
     */
    public ClusterMetadata merge(Map<Integer, BrokerAddress> newBrokers, Collection<TopicState> updatedTopics,
                                 String clusterId, int controllerId, long nowMs) {
        Map<String, TopicState> merged = new HashMap<>(topics);
        for (TopicState t : updatedTopics) {
            if (t.partitionCount() == 0 && t.errorCode() != 0) {
                merged.remove(t.name());
            } else {
                merged.put(t.name(), t);
            }
        }
        return new ClusterMetadata(clusterId, controllerId, newBrokers, merged, nowMs);
    }

    /**
     * The partitions whose leader or leader epoch differs between this snapshot and a newer one, including
     * partitions that appeared or disappeared.
     *
     * @param newer the newer snapshot
     * @return the changed partitions
     */
    public List<TopicPartitionRef> leadershipChanges(ClusterMetadata newer) {
        Objects.requireNonNull(newer, "newer");
        List<TopicPartitionRef> changed = new ArrayList<>();
        for (TopicState t : newer.topics.values()) {
            TopicState old = topics.get(t.name());
            for (PartitionState p : t.partitions()) {
                PartitionState before = old == null ? null : old.partition(p.partition());
                if (before == null || before.leaderId() != p.leaderId() || before.leaderEpoch() != p.leaderEpoch()) {
                    changed.add(new TopicPartitionRef(t.name(), p.partition()));
                }
            }
        }
        for (TopicState old : topics.values()) {
            TopicState now = newer.topics.get(old.name());
            for (PartitionState p : old.partitions()) {
                if (now == null || now.partition(p.partition()) == null) {
                    changed.add(new TopicPartitionRef(old.name(), p.partition()));
                }
            }
        }
        return changed;
    }

    @Override
    public String toString() {
        return "ClusterMetadata[cluster=" + clusterId + " brokers=" + brokers.keySet() + " topics=" + topics.keySet()
                + " at=" + refreshedAtMs + "]";
    }

    /**
     * A topic and partition.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public record TopicPartitionRef(String topic, int partition) {
    }
}
