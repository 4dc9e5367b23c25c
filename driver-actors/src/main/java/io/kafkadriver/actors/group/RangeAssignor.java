/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import java.util.List;
import java.util.Map;

/**
 * The {@code range} assignor (eager), giving the same assignment as Java's
 * {@code org.apache.kafka.clients.consumer.RangeAssignor} without rack awareness.
 *
 * <p>Each topic is split on its own: its subscribers in {@link AssignorSupport#MEMBER_ORDER} each take a contiguous
 * range of its partitions, {@code n / m} each, the first {@code n % m} one more. Topics with the same partition count
 * and subscribers are therefore co-partitioned (partition i of each goes to the same member), which is why it is
 * Java's default; the price is imbalance across many small topics, since the first members get every extra.
 */
public final class RangeAssignor implements Assignor {
    /** The wire name. */
    public static final String NAME = "range";

    /** Creates the assignor (it has no state). */
    public RangeAssignor() {
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
        AssignorSupport.subscribersByTopic(partitionsPerTopic, sorted).forEach((topic, subscribers) -> {
            int partitions = partitionsPerTopic.get(topic);
            int each = partitions / subscribers.size();
            int extra = partitions % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int end = next + each + (i < extra ? 1 : 0);
                List<TopicPartitionRef> mine = result.get(subscribers.get(i).memberId());
                for (; next < end; next++) {
                    mine.add(new TopicPartitionRef(topic, next));
                }
            }
        });
        return AssignorSupport.finish(result);
    }
}
