/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import java.util.List;
import java.util.Map;

/**
 * The {@code roundrobin} assignor (eager), giving the same assignment as Java's
 * {@code org.apache.kafka.clients.consumer.RoundRobinAssignor}.
 *
 * <p>All partitions of all subscribed topics, sorted by topic then partition, are dealt in turn to the members in
 * {@link AssignorSupport#MEMBER_ORDER}; a member not subscribed to a partition's topic is passed over. As in Java,
 * the turn carries on from one topic to the next rather than restarting at the first member, so the result is
 * balanced over all topics when every member subscribes to the same ones.
 */
public final class RoundRobinAssignor implements Assignor {
    /** The wire name. */
    public static final String NAME = "roundrobin";

    /** Creates the assignor (it has no state). */
    public RoundRobinAssignor() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean cooperative() {
        return false;
    }

    @Override
    public Map<String, List<TopicPartitionRef>> assign(Map<String, Integer> partitionsPerTopic,
                                                       Map<String, Member> members) {
        List<Member> sorted = AssignorSupport.sorted(members);
        Map<String, List<TopicPartitionRef>> result = AssignorSupport.emptyResult(sorted);
        int turn = 0;
        for (String topic : AssignorSupport.subscribersByTopic(partitionsPerTopic, sorted).keySet()) {
            for (int p = 0; p < partitionsPerTopic.get(topic); p++) {
                while (!sorted.get(turn).subscription().topics().contains(topic)) {
                    turn = (turn + 1) % sorted.size();
                }
                result.get(sorted.get(turn).memberId()).add(new TopicPartitionRef(topic, p));
                turn = (turn + 1) % sorted.size();
            }
        }
        return AssignorSupport.finish(result);
    }
}
