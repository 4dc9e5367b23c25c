/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A partition assignor of the classic consumer group protocol: the code the group leader runs between JoinGroup and
 * SyncGroup to split the subscribed partitions among the members.
 *
 * <p>Groups mix our members with Java members and either may be the leader, so each implementation gives the same
 * assignment as the Java assignor of the same {@link #name()} (for the sticky one: an assignment with the same
 * guarantees). Implementations are pure and stateless, safe to share.
 *
 * <p>Every member of {@code members} appears in the result, possibly with an empty list; a member is never given a
 * topic it did not subscribe to; topics missing from {@code partitionsPerTopic} (unknown to the metadata) are
 * skipped. Each member's list is sorted by topic, then partition.
 */
public interface Assignor {

    /**
     * The assignor's name on the wire: the protocol name in JoinGroup, which all members must share.
     *
     * @return for example {@code "range"}
     */
    String name();

    /**
     * Whether the assignor follows the cooperative (incremental, KIP-429) rebalance protocol: members keep their
     * partitions through a rebalance and revoke only those missing from their new assignment. Eager assignors make
     * every member revoke everything before it rejoins.
     *
     * @return true for cooperative, false for eager
     */
    boolean cooperative();

    /**
     * The user data this member puts in its subscription for this assignor.
     *
     * @param owned      the partitions the member owns now
     * @param generation the generation in which it got them, or -1
     * @return the bytes, or null for none (the default)
     */
    default byte[] userData(Set<TopicPartitionRef> owned, int generation) {
        return null;
    }

    /**
     * Computes the assignment.
     *
     * @param partitionsPerTopic the partition count of every subscribed topic the metadata knows
     * @param members            every member of the group, by member id
     * @return each member's partitions, by member id, every member present
     * @throws IllegalArgumentException when a key is not its member's id
     */
    Map<String, List<TopicPartitionRef>> assign(Map<String, Integer> partitionsPerTopic, Map<String, Member> members);

    /**
     * The assignor of a wire name.
     *
     * @param name {@code "range"}, {@code "roundrobin"} or {@code "cooperative-sticky"}
     * @return a new assignor
     * @throws IllegalArgumentException for any other name
     */
    static Assignor byName(String name) {
        return switch (Objects.requireNonNull(name, "name")) {
            case RangeAssignor.NAME -> new RangeAssignor();
            case RoundRobinAssignor.NAME -> new RoundRobinAssignor();
            case CooperativeStickyAssignor.NAME -> new CooperativeStickyAssignor();
            default -> throw new IllegalArgumentException("unknown assignor '" + name + "'; known: "
                    + RangeAssignor.NAME + ", " + RoundRobinAssignor.NAME + ", " + CooperativeStickyAssignor.NAME);
        };
    }

    /**
     * A member as the leader sees it in the JoinGroup response.
     *
     * @param memberId        its member id
     * @param groupInstanceId its static {@code group.instance.id}, or null for a dynamic member
     * @param subscription    its decoded subscription
     */
    record Member(String memberId, String groupInstanceId, Subscription subscription) {
        /**
         * Checks the required fields.
         */
        public Member {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(subscription, "subscription");
        }
    }
}
