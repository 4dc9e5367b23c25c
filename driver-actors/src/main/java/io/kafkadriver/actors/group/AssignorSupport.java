/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the assignors share: the Java client's member order, the partition order and the result's shape. */
final class AssignorSupport {
    /**
     * Java's {@code AbstractPartitionAssignor.MemberInfo.compareTo}: static members (with a group instance id) first,
     * ordered by it, then dynamic members ordered by member id. Java leaves two static members with the same instance
     * id unordered; the broker never lets that happen, and we break the tie by member id.
     */
    static final Comparator<Member> MEMBER_ORDER = Comparator
            .comparing((Member m) -> m.groupInstanceId() == null)
            .thenComparing(m -> m.groupInstanceId() == null ? "" : m.groupInstanceId())
            .thenComparing(Member::memberId);

    /** By topic, then partition: the order of every list in a result. */
    static final Comparator<TopicPartitionRef> PARTITION_ORDER =
            Comparator.comparing(TopicPartitionRef::topic).thenComparingInt(TopicPartitionRef::partition);

    private AssignorSupport() {
    }

    /** The members in {@link #MEMBER_ORDER}, after checking that each key is its member's id. */
    static List<Member> sorted(Map<String, Member> members) {
        members.forEach((id, m) -> {
            if (!id.equals(m.memberId())) {
                throw new IllegalArgumentException("member keyed '" + id + "' has member id '" + m.memberId() + "'");
            }
        });
        List<Member> sorted = new ArrayList<>(members.values());
        sorted.sort(MEMBER_ORDER);
        return sorted;
    }

    /**
     * The topics to assign, sorted, each with its subscribers in member order: the topics someone subscribes to that
     * have at least one partition in the metadata.
     */
    static SortedMap<String, List<Member>> subscribersByTopic(Map<String, Integer> partitionsPerTopic,
                                                              List<Member> sortedMembers) {
        SortedMap<String, List<Member>> byTopic = new TreeMap<>();
        for (Member m : sortedMembers) {
            for (String topic : new HashSet<>(m.subscription().topics())) {
                if (partitionsPerTopic.getOrDefault(topic, 0) > 0) {
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(m);
                }
            }
        }
        return byTopic;
    }

    /** An empty list per member, in member order. */
    static Map<String, List<TopicPartitionRef>> emptyResult(List<Member> sortedMembers) {
        Map<String, List<TopicPartitionRef>> result = new LinkedHashMap<>();
        sortedMembers.forEach(m -> result.put(m.memberId(), new ArrayList<>()));
        return result;
    }

    /** The result with each list sorted, unmodifiable. */
    static Map<String, List<TopicPartitionRef>> finish(Map<String, List<TopicPartitionRef>> result) {
        Map<String, List<TopicPartitionRef>> done = new LinkedHashMap<>();
        result.forEach((id, partitions) -> done.put(id, partitions.stream().sorted(PARTITION_ORDER).toList()));
        return Collections.unmodifiableMap(done);
    }
}
