/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.PartitionAssignor;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Consumer groups on the classic protocol against a real broker: members of ours share a topic's partitions with
 * neither overlap nor gap as they join, leave and die.
 */
@KafkaClusterTest(brokers = 1)
class GroupKafkaTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    static final int PARTITIONS = 12;

    static Configuration config(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200)).build();
    }

    static ConsumerGroupConfiguration.Builder group() {
        return ConsumerGroupConfiguration.builder().sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500)).rebalanceTimeout(Duration.ofSeconds(10));
    }

    static Set<TopicPartition> partitions(String topic, int n) {
        Set<TopicPartition> out = new TreeSet<>();
        for (int p = 0; p < n; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    static void awaitSplit(List<GroupMember> members, Set<TopicPartition> all, String what) {
        Bounded.waitFor(what + ": " + GroupMember.describe(members), BOUND,
                () -> GroupMember.partitionsSplit(members, all));
    }

    @ParameterizedTest
    @EnumSource(PartitionAssignor.class)
    void membersSplitThePartitionsAsTheyJoinLeaveAndDie(PartitionAssignor assignor, EmbeddedKafkaCluster kafka) {
        String topic = "split-" + assignor.wireName();
        String groupId = "g-" + topic;
        kafka.createTopic(topic, PARTITIONS, 1);
        Set<TopicPartition> all = partitions(topic, PARTITIONS);
        ConsumerGroupConfiguration g = group().assignors(assignor).build();
        List<GroupMember> members = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                members.add(new GroupMember("m" + i, config(kafka), groupId, List.of(topic), g, null));
            }
            awaitSplit(members, all, "three members share " + PARTITIONS + " partitions");
            Bounded.waitFor("each owns 4", BOUND, () -> members.stream().allMatch(m -> m.owns().size() == 4));

            GroupMember leaving = members.remove(0);
            leaving.close();
            awaitSplit(members, all, "the partitions of the member that left moved");

            members.add(new GroupMember("m3", config(kafka), groupId, List.of(topic), g, null));
            awaitSplit(members, all, "a new member took its share");
            Bounded.waitFor("each owns 4 again", BOUND, () -> members.stream().allMatch(m -> m.owns().size() == 4));

            GroupMember killed = members.remove(0);
            killed.kill();
            awaitSplit(members, all, "the partitions of the killed member moved after the session timeout");
        } finally {
            members.forEach(GroupMember::close);
        }
    }

    @ParameterizedTest
    @EnumSource(value = PartitionAssignor.class, names = {"RANGE", "COOPERATIVE_STICKY"})
    void everyRecordIsConsumedAndCommitsResumeWhereTheyStopped(PartitionAssignor assignor,
                                                               EmbeddedKafkaCluster kafka) {
        String topic = "commit-" + assignor.wireName();
        String groupId = "g-" + topic;
        kafka.createTopic(topic, 4, 1);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce(topic, 1000, "none");
        ConsumerGroupConfiguration g = group().assignors(assignor).autoCommitEvery(Duration.ofMillis(200)).build();
        Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (GroupMember m = new GroupMember("a", config(kafka), groupId, List.of(topic), g,
                r -> keys.add(OracleClient.text(r.key())))) {
            Bounded.waitFor("1000 records", BOUND, () -> keys.size() == 1000);
            assertTrue(m.received.stream().allMatch(r -> groupId.equals(r.groupId())), "records carry the group");
        }
        oracle.produce(topic, 500, "none");
        // Closed: the auto-commit on revoke committed everything delivered; a new member starts after it.
        try (GroupMember m = new GroupMember("b", config(kafka), groupId, List.of(topic), g, null)) {
            Bounded.waitFor("the 500 new records", BOUND, () -> m.received.size() >= 500);
            Set<String> second = new HashSet<>();
            m.received.forEach(r -> second.add(OracleClient.text(r.key())));
            assertEquals(500, m.received.size(), "nothing before the committed offsets again");
            second.retainAll(keys);
            // key-0..key-499 again from the second produce are new records with the same keys: compare offsets.
            assertTrue(m.received.stream().allMatch(r -> r.offset() >= 0), "offsets");
        }
    }
}
