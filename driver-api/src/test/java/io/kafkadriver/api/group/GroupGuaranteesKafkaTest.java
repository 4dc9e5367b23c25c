/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.group;

import static io.kafkadriver.api.group.GroupKafkaTest.BOUND;
import static io.kafkadriver.api.group.GroupKafkaTest.config;
import static io.kafkadriver.api.group.GroupKafkaTest.group;
import static io.kafkadriver.api.group.GroupKafkaTest.partitions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.PartitionAssignor;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a group member promises beyond sharing partitions: mixed groups with the official client, membership that
 * survives a slow listener (F1), a revoke listener that commits (F18), pauses across rebalances (F12), static
 * membership, and every record consumed while members come and go (F2).
 */
@KafkaClusterTest(brokers = 1, brokerProperties = {"group.consumer.session.timeout.ms=6000",
        "group.consumer.min.session.timeout.ms=6000", "group.consumer.heartbeat.interval.ms=500",
        "group.consumer.min.heartbeat.interval.ms=500"})
class GroupGuaranteesKafkaTest {

    /** An official-client member polling on a thread of its own. */
    static final class OfficialMember implements AutoCloseable {
        final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        /**
         * An official member.
         *
         * @param strategy its assignor's class, or null for the KIP-848 protocol
         */
        OfficialMember(EmbeddedKafkaCluster kafka, String groupId, String topic, String strategy) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10000);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            if (strategy == null) {
                p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            } else {
                p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
                p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
                p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, strategy);
            }
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            thread = new Thread(() -> {
                try (consumer) {
                    consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> ps) {
                            ps.forEach(tp -> owned.remove(new TopicPartition(tp.topic(), tp.partition())));
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> ps) {
                            ps.forEach(tp -> owned.add(new TopicPartition(tp.topic(), tp.partition())));
                        }
                    });
                    while (running.get()) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            seen.merge(OracleClient.text(r.key()), 1, Integer::sum);
                        }
                        try {
                            consumer.commitSync();
                        } catch (org.apache.kafka.common.errors.RebalanceInProgressException
                                 | org.apache.kafka.clients.consumer.CommitFailedException e) {
                            // A cooperative rebalance is under way: the next poll completes it; commit then.
                        }
                    }
                }
            }, "official-member");
            thread.start();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The protocols and assignors of a mixed group. */
    enum Mix { RANGE, COOPERATIVE_STICKY, KIP848 }

    @ParameterizedTest
    @EnumSource(Mix.class)
    void aGroupMixingOurMembersWithOfficialOnesSplitsThePartitionsAndConsumesEverything(Mix mix,
            EmbeddedKafkaCluster kafka) {
        String topic = "mixed-" + mix.name().toLowerCase(java.util.Locale.ROOT);
        String groupId = "g-" + topic;
        kafka.createTopic(topic, 12, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 3000, "lz4");
        String strategy = mix == Mix.KIP848 ? null : mix == Mix.RANGE
                ? org.apache.kafka.clients.consumer.RangeAssignor.class.getName()
                : org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName();
        ConsumerGroupConfiguration g = (mix == Mix.KIP848 ? GroupKafkaTest.kip848()
                : group().assignors(PartitionAssignor.valueOf(mix.name()))).autoCommitEvery(Duration.ofMillis(200))
                .build();
        List<GroupMember> ours = new ArrayList<>();
        List<OfficialMember> theirs = new ArrayList<>();
        try {
            ours.add(new GroupMember("ours-0", config(kafka), groupId, List.of(topic), g, null));
            theirs.add(new OfficialMember(kafka, groupId, topic, strategy));
            ours.add(new GroupMember("ours-1", config(kafka), groupId, List.of(topic), g, null));
            theirs.add(new OfficialMember(kafka, groupId, topic, strategy));
            Set<TopicPartition> all = partitions(topic, 12);
            Bounded.waitFor("four members of two clients split 12 partitions", BOUND, () -> {
                Map<TopicPartition, Integer> count = new HashMap<>();
                ours.forEach(m -> m.owns().forEach(tp -> count.merge(tp, 1, Integer::sum)));
                theirs.forEach(m -> m.owned.forEach(tp -> count.merge(tp, 1, Integer::sum)));
                return count.keySet().equals(all) && count.values().stream().allMatch(c -> c == 1)
                        && ours.stream().allMatch(m -> m.owns().size() == 3)
                        && theirs.stream().allMatch(m -> m.owned.size() == 3);
            });
            Bounded.waitFor("every record consumed by one member or another", BOUND, () -> {
                Set<String> keys = new java.util.HashSet<>();
                ours.forEach(m -> m.received().forEach(r -> keys.add(OracleClient.text(r.key()))));
                theirs.forEach(m -> keys.addAll(m.seen.keySet()));
                return keys.size() == 3000;
            });
        } finally {
            ours.forEach(GroupMember::close);
            for (OfficialMember o : theirs) {
                o.close();
            }
        }
    }

    /** The two rebalance protocols. */
    enum Protocol { CLASSIC, KIP848 }

    /** A group of a protocol: classic with the given assignor, or KIP-848 (the broker's session, 6 s here). */
    static ConsumerGroupConfiguration.Builder groupOf(Protocol protocol, PartitionAssignor assignor) {
        return protocol == Protocol.KIP848 ? GroupKafkaTest.kip848() : group().assignors(assignor);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aListenerBlockingLongerThanTheSessionTimeoutCausesNoRebalance(Protocol protocol,
                                                                       EmbeddedKafkaCluster kafka) {
        String topic = "slow-listener-" + protocol;
        kafka.createTopic(topic, 4, 1);
        ConsumerGroupConfiguration g = groupOf(protocol, PartitionAssignor.RANGE).build(); // session 6 s
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean blocked = new AtomicBoolean();
        AtomicBoolean blocking = new AtomicBoolean(true);
        String groupId = "g-" + topic;
        try (GroupMember slow = new GroupMember("slow", config(kafka), groupId, List.of(topic), g, r -> {
                 if (blocking.get() && blocked.compareAndSet(false, true)) {
                     try {
                         // The application's slow work: 9 s on one record, half again the session timeout.
                         never.await(9, TimeUnit.SECONDS);
                     } catch (InterruptedException e) {
                         Thread.currentThread().interrupt();
                     }
                 }
             });
             GroupMember other = new GroupMember("other", config(kafka), groupId, List.of(topic), g, null)) {
            GroupKafkaTest.awaitSplit(List.of(slow, other), partitions(topic, 4), "two members");
            int assignments = slow.assignments.get() + other.assignments.get();
            int revokes = slow.revokes.get() + other.revokes.get();
            new OracleClient(kafka.bootstrapServers()).produce(topic, 100, "none");
            Bounded.waitFor("the slow listener blocked and returned", Duration.ofSeconds(30),
                    () -> blocked.get() && slow.receivedCount() > 1);
            blocking.set(false);
            assertEquals(0, slow.losses.get() + other.losses.get(), "nobody was dropped from the group");
            assertEquals(revokes, slow.revokes.get() + other.revokes.get(), "no rebalance revoked anything");
            assertEquals(assignments, slow.assignments.get() + other.assignments.get(), "no new assignment");
        }
    }

    @Test
    void aRevokeListenerThatCommitsRunsToCompletionSoTheNextOwnerRepeatsNothing(EmbeddedKafkaCluster kafka)
            throws Exception {
        String topic = "commit-on-revoke";
        kafka.createTopic(topic, 6, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 600, "none");
        ConsumerGroupConfiguration g = group().assignors(PartitionAssignor.RANGE).build(); // no auto-commit
        AtomicInteger commitsInListener = new AtomicInteger();
        try (GroupMember first = new GroupMember("first", config(kafka), "g-revoke", List.of(topic), g, null)) {
            first.client.onPartitionsRevoked(p -> {
                try {
                    first.client.commit("g-revoke").toCompletableFuture().get(5, TimeUnit.SECONDS);
                    commitsInListener.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException("the commit in the revoke listener failed", e);
                }
            });
            Bounded.waitFor("600 records", BOUND, () -> first.receivedCount() == 600);
            try (GroupMember second = new GroupMember("second", config(kafka), "g-revoke", List.of(topic), g,
                    null)) {
                GroupKafkaTest.awaitSplit(List.of(first, second), partitions(topic, 6), "two members");
                new OracleClient(kafka.bootstrapServers()).produce(topic, 600, "none");
                Bounded.waitFor("the next 600", BOUND, () -> first.receivedCount() + second.receivedCount() == 1200);
                assertTrue(commitsInListener.get() >= 1, "the revoke listener committed");
                Set<String> offsets = new java.util.HashSet<>();
                for (ReceivedMessage m : first.received()) {
                    offsets.add(m.partition() + "@" + m.offset());
                }
                for (ReceivedMessage m : second.received()) {
                    assertTrue(offsets.add(m.partition() + "@" + m.offset()), "repeated: " + m);
                }
                assertEquals(1200, offsets.size());
            }
        }
    }

    @Test
    void aPartitionPauseEndsWhenThePartitionMovesAndATopicPauseHolds(EmbeddedKafkaCluster kafka) {
        String topic = "pause-rebalance";
        kafka.createTopic(topic, 2, 1);
        ConsumerGroupConfiguration g = group().assignors(PartitionAssignor.RANGE).build();
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        try (GroupMember a = new GroupMember("a", config(kafka), "g-pause", List.of(topic), g, null)) {
            Bounded.waitFor("a owns both", BOUND, () -> a.owns().size() == 2);
            a.client.pause(topic, 0);
            try (GroupMember b = new GroupMember("b", config(kafka), "g-pause", List.of(topic), g, null)) {
                GroupKafkaTest.awaitSplit(List.of(a, b), partitions(topic, 2), "two members");
            }
            Bounded.waitFor("a owns both again", BOUND, () -> a.owns().size() == 2);
            int before = a.receivedCount();
            oracle.produce(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0,
                    OracleClient.utf8("k"), OracleClient.utf8("v"))), "none");
            Bounded.waitFor("partition 0, paused before it moved and came back, is consumed (F12)", BOUND,
                    () -> a.receivedCount() > before);

            a.client.pause(topic);
            try (GroupMember b = new GroupMember("b2", config(kafka), "g-pause", List.of(topic), g, null)) {
                GroupKafkaTest.awaitSplit(List.of(a, b), partitions(topic, 2), "two members again");
            }
            Bounded.waitFor("a owns both again", BOUND, () -> a.owns().size() == 2);
            int paused = a.receivedCount();
            oracle.produce(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 1,
                    OracleClient.utf8("k"), OracleClient.utf8("v"))), "none");
            assertTrue(!Bounded.waitUntil(Duration.ofSeconds(2), () -> a.receivedCount() > paused),
                    "a paused topic stays paused through a rebalance");
            a.client.resume(topic);
            Bounded.waitFor("resumed", BOUND, () -> a.receivedCount() > paused);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStaticMemberRestartedWithinTheSessionTimeoutGetsItsPartitionsBackWithNoRebalance(Protocol protocol,
            EmbeddedKafkaCluster kafka) {
        String topic = "static-" + protocol;
        String groupId = "g-" + topic;
        kafka.createTopic(topic, 4, 1);
        ConsumerGroupConfiguration dynamic = groupOf(protocol, PartitionAssignor.RANGE).build();
        ConsumerGroupConfiguration fixed = groupOf(protocol, PartitionAssignor.RANGE).groupInstanceId("s-1").build();
        try (GroupMember other = new GroupMember("dynamic", config(kafka), groupId, List.of(topic), dynamic,
                null)) {
            Set<TopicPartition> before;
            try (GroupMember s = new GroupMember("static", config(kafka), groupId, List.of(topic), fixed, null)) {
                GroupKafkaTest.awaitSplit(List.of(other, s), partitions(topic, 4), "two members");
                before = s.owns();
            }
            int revokes = other.revokes.get();
            try (GroupMember again = new GroupMember("static-again", config(kafka), groupId, List.of(topic),
                    fixed, null)) {
                Bounded.waitFor("the static member got its partitions back", BOUND,
                        () -> again.owns().equals(before));
                assertEquals(revokes, other.revokes.get(), "the other member saw no rebalance");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void everyRecordIsConsumedWhileMembersComeAndGo(Protocol protocol, EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "churn-" + protocol;
        String groupId = "g-" + topic;
        int records = 500_000;
        kafka.createTopic(topic, 12, 1);
        ConsumerGroupConfiguration g = groupOf(protocol, PartitionAssignor.COOPERATIVE_STICKY)
                .autoCommitEvery(Duration.ofMillis(500)).build();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        java.util.function.Consumer<ReceivedMessage> count = r -> seen.merge(r.partition() + "@" + r.offset(), 1,
                Integer::sum);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                new OracleClient(kafka.bootstrapServers()).produce(topic, records / 5, "lz4");
            }
        }, "churn-producer");
        producer.start();
        List<GroupMember> members = new ArrayList<>();
        try {
            members.add(new GroupMember("c0", config(kafka), groupId, List.of(topic), g, count));
            members.add(new GroupMember("c1", config(kafka), groupId, List.of(topic), g, count));
            for (int round = 0; round < 4; round++) {
                int target = Math.min(records, (round + 1) * records / 5);
                Bounded.waitFor("progress " + target, Duration.ofSeconds(120), () -> seen.size() >= target / 2);
                if (round % 2 == 0) {
                    members.add(new GroupMember("c" + (2 + round), config(kafka), groupId, List.of(topic), g,
                            count));
                } else {
                    members.remove(0).close();
                }
            }
            producer.join(120_000);
            Bounded.waitFor("every record", Duration.ofSeconds(120), () -> seen.size() == records);
            long duplicates = seen.values().stream().filter(c -> c > 1).count();
            // Members left gracefully: each revoke committed what was delivered, so nothing is delivered twice.
            assertEquals(0, duplicates, "records delivered twice");
        } finally {
            members.forEach(GroupMember::close);
        }
    }
}
