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
// KIP-848 groups get the session and heartbeat the classic ones ask for (the broker's minimums are 45 s and 5 s).
@KafkaClusterTest(brokers = 1, brokerProperties = {"group.consumer.session.timeout.ms=6000",
        "group.consumer.min.session.timeout.ms=6000", "group.consumer.heartbeat.interval.ms=500",
        "group.consumer.min.heartbeat.interval.ms=500"})
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

    /** A KIP-848 group's settings: the broker sets the session and the heartbeat. */
    static ConsumerGroupConfiguration.Builder kip848() {
        return ConsumerGroupConfiguration.builder().protocol(io.kafkadriver.api.GroupProtocol.CONSUMER)
                .rebalanceTimeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(PartitionAssignor.class)
    void membersSplitThePartitionsAsTheyJoinLeaveAndDie(PartitionAssignor assignor, EmbeddedKafkaCluster kafka) {
        split("split-" + assignor.wireName(), group().assignors(assignor).build(), kafka);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"uniform", "range"})
    void underKip848MembersSplitThePartitionsAsTheyJoinLeaveAndDie(String remoteAssignor,
                                                                   EmbeddedKafkaCluster kafka) {
        split("split-848-" + remoteAssignor, kip848().remoteAssignor(remoteAssignor).build(), kafka);
    }

    private void split(String topic, ConsumerGroupConfiguration g, EmbeddedKafkaCluster kafka) {
        String groupId = "g-" + topic;
        kafka.createTopic(topic, PARTITIONS, 1);
        Set<TopicPartition> all = partitions(topic, PARTITIONS);
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

    /** How the first member commits before it goes. */
    enum CommitMode { AUTO, MANUAL, KIP848_AUTO }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aRestartedMemberResumesAfterWhatWasCommitted(CommitMode mode, EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "resume-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        String groupId = "g-" + topic;
        kafka.createTopic(topic, 4, 1);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce(topic, 1000, "none");
        ConsumerGroupConfiguration.Builder b = mode == CommitMode.KIP848_AUTO ? kip848()
                : group().assignors(mode == CommitMode.AUTO ? PartitionAssignor.COOPERATIVE_STICKY
                : PartitionAssignor.RANGE);
        ConsumerGroupConfiguration g = (mode == CommitMode.MANUAL ? b : b.autoCommitEvery(Duration.ofMillis(200)))
                .build();
        java.util.Map<Integer, Long> next = new java.util.HashMap<>();
        try (GroupMember m = new GroupMember("a", config(kafka), groupId, List.of(topic), g, null)) {
            Bounded.waitFor("1000 records", BOUND, () -> m.receivedCount() == 1000);
            assertTrue(m.received().stream().allMatch(r -> groupId.equals(r.groupId())), "records carry the group");
            m.received().forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
            if (mode == CommitMode.MANUAL) {
                m.client.commit(groupId).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        oracle.produce(topic, 500, "none");
        try (GroupMember m = new GroupMember("b", config(kafka), groupId, List.of(topic), g, null)) {
            Bounded.waitFor("the 500 new records", BOUND, () -> m.receivedCount() >= 500);
            for (io.kafkadriver.api.ReceivedMessage r : m.received()) {
                assertTrue(r.offset() >= next.get(r.partition()), "delivered again after the commit: " + r);
            }
            assertEquals(500, m.receivedCount(), "the new records, once");
        }
    }

    @org.junit.jupiter.api.Test
    void anActorSubscribesReceivesWithinItsDemandCommitsAndUnsubscribes(EmbeddedKafkaCluster kafka) {
        String topic = "actor-group";
        kafka.createTopic(topic, 3, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 300, "none");
        org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit kit =
                org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit.create();
        try {
            var driver = kit.spawn(io.kafkadriver.actor.KafkaDriver.create(config(kafka)), "driver");
            var records = kit.<io.kafkadriver.actor.KafkaDriver.Records>createTestProbe();
            var events = kit.<io.kafkadriver.actor.KafkaDriver.Event>createTestProbe();
            var subscribed = kit.<io.kafkadriver.actor.KafkaDriver.SubscribeResult>createTestProbe();
            driver.tell(new io.kafkadriver.actor.KafkaDriver.SubscribeEvents(events.ref()));
            driver.tell(new io.kafkadriver.actor.KafkaDriver.Subscribe("g-actor", List.of(topic), null,
                    group().build(), records.ref(), 100, subscribed.ref()));
            subscribed.expectMessage(new io.kafkadriver.actor.KafkaDriver.SubscribeResult.Subscribed("g-actor"));
            driver.tell(new io.kafkadriver.actor.KafkaDriver.Subscribe("g-actor", List.of(topic), null,
                    group().build(), records.ref(), 100, subscribed.ref()));
            assertTrue(subscribed.receiveMessage() instanceof io.kafkadriver.actor.KafkaDriver.SubscribeResult.Refused,
                    "one member per group and driver");
            var assigned = events.fishForMessage(BOUND, e -> e instanceof io.kafkadriver.actor.KafkaDriver.Event
                    .PartitionsAssigned ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                    : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
            assertEquals(partitions(topic, 3), ((io.kafkadriver.actor.KafkaDriver.Event.PartitionsAssigned)
                    assigned.get(assigned.size() - 1)).partitions().partitions());
            long received = 0;
            while (received < 100) {
                received += records.expectMessageClass(io.kafkadriver.actor.KafkaDriver.Records.class, BOUND)
                        .records().size();
            }
            assertEquals(100, received, "exactly the demand");
            records.expectNoMessage(Duration.ofMillis(500));
            driver.tell(new io.kafkadriver.actor.KafkaDriver.GroupDemand("g-actor", 200));
            while (received < 300) {
                received += records.expectMessageClass(io.kafkadriver.actor.KafkaDriver.Records.class, BOUND)
                        .records().size();
            }
            var committed = kit.<io.kafkadriver.actor.KafkaDriver.CommitResult>createTestProbe();
            driver.tell(new io.kafkadriver.actor.KafkaDriver.Commit("g-actor", null, committed.ref()));
            committed.expectMessage(BOUND, new io.kafkadriver.actor.KafkaDriver.CommitResult.Committed("g-actor"));
            driver.tell(new io.kafkadriver.actor.KafkaDriver.Commit("g-actor", java.util.Map.of(
                    new TopicPartition("not-assigned", 0), 1L), committed.ref()));
            assertTrue(committed.receiveMessage(BOUND) instanceof io.kafkadriver.actor.KafkaDriver.CommitResult
                    .CommitFailed, "a partition not assigned is not committed");
            var left = kit.<io.kafkadriver.actor.KafkaDriver.Unsubscribed>createTestProbe();
            driver.tell(new io.kafkadriver.actor.KafkaDriver.Unsubscribe("g-actor", left.ref()));
            left.expectMessage(BOUND, new io.kafkadriver.actor.KafkaDriver.Unsubscribed("g-actor"));
        } finally {
            kit.shutdownTestKit();
        }
    }

    @org.junit.jupiter.api.Test
    void oneClientInTwoGroupsOfTheSameTopicGetsEveryRecordOncePerGroup(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "two-groups";
        kafka.createTopic(topic, 3, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 300, "none");
        java.util.Map<String, Set<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        try (io.kafkadriver.api.ClusterClient client = io.kafkadriver.api.ClusterClient.create(config(kafka))) {
            client.onMessageReceived(m -> {
                total.incrementAndGet();
                seen.computeIfAbsent(m.groupId(), g -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                        .add(m.partition() * 1_000_000L + m.offset());
            });
            client.subscribe("g-two-a", List.of(topic), group().build());
            client.subscribe("g-two-b", List.of(topic), kip848().build());
            Bounded.waitFor("both groups read the topic", BOUND, () -> total.get() >= 600);
            assertEquals(Set.of("g-two-a", "g-two-b"), seen.keySet());
            assertEquals(300, seen.get("g-two-a").size(), "group a, each record once");
            assertEquals(300, seen.get("g-two-b").size(), "group b, each record once");
            assertEquals(600, total.get(), "nothing twice");
        }
    }
}
