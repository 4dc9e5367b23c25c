package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;
import org.apache.kafka.common.TopicPartition;

/** Seeded random groups for the assignor tests, and conversions to and from the Java client's types. */
final class GroupFixtures {

    /** An assignor's input. */
    record Group(Map<String, Integer> partitionsPerTopic, Map<String, Member> members) {
    }

    private GroupFixtures() {
    }

    /**
     * A group of 1 to 5 members over 1 to 3 topics of 1 to 12 partitions. Member ids are random (so the member order
     * is not the creation order), about a third of the members are static, some have a rack, and unless
     * {@code sameTopics} each subscribes to a random non-empty subset of the topics, sometimes plus one the metadata
     * does not know.
     */
    static Group randomGroup(long seed, boolean sameTopics) {
        Random random = new Random(seed);
        Map<String, Integer> partitionsPerTopic = new TreeMap<>();
        int topicCount = 1 + random.nextInt(3);
        for (int t = 0; t < topicCount; t++) {
            partitionsPerTopic.put("topic-" + (char) ('a' + t), 1 + random.nextInt(12));
        }
        List<String> known = new ArrayList<>(partitionsPerTopic.keySet());
        Map<String, Member> members = new LinkedHashMap<>();
        int memberCount = 1 + random.nextInt(5);
        for (int i = 0; i < memberCount; i++) {
            String id = "consumer-" + Integer.toString(random.nextInt(1 << 20), 36) + "-" + i;
            String instance = random.nextInt(3) == 0 ? "instance-" + (char) ('a' + random.nextInt(26)) + i : null;
            List<String> topics = sameTopics ? known : subset(random, known);
            String rack = random.nextBoolean() ? "rack-" + random.nextInt(2) : null;
            members.put(id, new Member(id, instance, new Subscription(topics, null, List.of(), -1, rack)));
        }
        return new Group(partitionsPerTopic, members);
    }

    private static List<String> subset(Random random, List<String> known) {
        List<String> topics = new ArrayList<>();
        for (String t : known) {
            if (random.nextBoolean()) {
                topics.add(t);
            }
        }
        if (topics.isEmpty()) {
            topics.add(known.get(random.nextInt(known.size())));
        }
        if (random.nextInt(5) == 0) {
            topics.add("not-in-metadata");
        }
        return topics;
    }

    /** The group with each member's owned partitions and generation replaced (absent members own nothing). */
    static Group withOwned(Group group, Map<String, List<TopicPartitionRef>> owned, Map<String, Integer> generations) {
        Map<String, Member> members = new LinkedHashMap<>();
        group.members().forEach((id, m) -> {
            Subscription s = m.subscription();
            members.put(id, new Member(id, m.groupInstanceId(), new Subscription(s.topics(), s.userData(),
                    owned.getOrDefault(id, List.of()), generations.getOrDefault(id, -1), s.rackId())));
        });
        return new Group(group.partitionsPerTopic(), members);
    }

    static TopicPartition toJava(TopicPartitionRef tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    static TopicPartitionRef fromJava(TopicPartition tp) {
        return new TopicPartitionRef(tp.topic(), tp.partition());
    }

    static ConsumerPartitionAssignor.Subscription toJava(Member m) {
        Subscription s = m.subscription();
        ConsumerPartitionAssignor.Subscription java = new ConsumerPartitionAssignor.Subscription(s.topics(),
                s.userData() == null ? null : ByteBuffer.wrap(s.userData()),
                s.ownedPartitions().stream().map(GroupFixtures::toJava).toList(), s.generationId(),
                Optional.ofNullable(s.rackId()));
        java.setGroupInstanceId(Optional.ofNullable(m.groupInstanceId()));
        return java;
    }

    static Map<String, ConsumerPartitionAssignor.Subscription> toJava(Map<String, Member> members) {
        Map<String, ConsumerPartitionAssignor.Subscription> java = new LinkedHashMap<>();
        members.forEach((id, m) -> java.put(id, toJava(m)));
        return java;
    }

    /**
     * Checks what every assignor promises: each member present with a sorted list, no partition given twice, only
     * existing partitions of topics the member subscribes to.
     */
    static void assertValid(Group group, Map<String, List<TopicPartitionRef>> result) {
        assertEquals(group.members().keySet(), result.keySet());
        Set<TopicPartitionRef> seen = new HashSet<>();
        result.forEach((id, partitions) -> {
            assertEquals(partitions.stream().sorted(AssignorSupport.PARTITION_ORDER).toList(), partitions, id);
            for (TopicPartitionRef tp : partitions) {
                assertTrue(seen.add(tp), () -> tp + " given twice in " + result);
                assertTrue(group.members().get(id).subscription().topics().contains(tp.topic()), () -> id + " " + tp);
                assertTrue(tp.partition() >= 0 && tp.partition() < group.partitionsPerTopic().get(tp.topic()));
            }
        });
    }

    /** Every partition of every topic someone subscribes to that the metadata knows. */
    static Set<TopicPartitionRef> assignable(Group group) {
        Set<TopicPartitionRef> all = new HashSet<>();
        group.members().values().forEach(m -> m.subscription().topics().forEach(t -> {
            for (int p = 0; p < group.partitionsPerTopic().getOrDefault(t, 0); p++) {
                all.add(new TopicPartitionRef(t, p));
            }
        }));
        return all;
    }

    /** Every partition the result gives someone. */
    static Set<TopicPartitionRef> assigned(Map<String, List<TopicPartitionRef>> result) {
        Set<TopicPartitionRef> all = new HashSet<>();
        result.values().forEach(all::addAll);
        return all;
    }

    /** Checks that our assignor gives exactly what the Java one gives for a group. */
    static void assertSameAsJava(Assignor ours, AbstractPartitionAssignor java, Group group, long seed) {
        Map<String, List<TopicPartitionRef>> expected =
                fromJava(java.assign(group.partitionsPerTopic(), toJava(group.members())));
        assertEquals(expected, ours.assign(group.partitionsPerTopic(), group.members()),
                () -> "seed " + seed + ", " + group);
    }

    /** A Java assignor's result in ours' shape: each list sorted by topic, then partition. */
    static Map<String, List<TopicPartitionRef>> fromJava(Map<String, List<TopicPartition>> java) {
        Map<String, List<TopicPartitionRef>> result = new LinkedHashMap<>();
        java.forEach((id, partitions) -> result.put(id, partitions.stream().map(GroupFixtures::fromJava)
                .sorted(AssignorSupport.PARTITION_ORDER).toList()));
        return result;
    }
}
