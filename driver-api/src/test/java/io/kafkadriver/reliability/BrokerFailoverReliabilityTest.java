package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.RecordLedger;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: brokers stopped under a steady producer (and consumer), on 3 brokers with RF=3 and acks=all, every record
 * accounted for by the {@link io.kafkadriver.testkit.RecordLedger} and read back by the official client.
 */
@KafkaClusterTest(brokers = 3)
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class BrokerFailoverReliabilityTest {
    private static final int PARTITIONS = 6;
    private static final int RATE = 2_000;

    private final EmbeddedKafkaCluster kafka;

    BrokerFailoverReliabilityTest(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
    }

    @AfterEach
    void restore() {
        Reliability.restoreBrokers(kafka);
    }

    @Test
    void f3F4LeaderStoppedDuringSteadyProduceThenRestarted() throws Exception {
        // Flow: F3/F4. A steady 2,000 records/s; the leader of partition 0 is stopped, the producer goes on for
        // 3 s worth of acknowledgements without it, then it comes back and is made leader again.
        String topic = "rel-f3-leader";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("F3_F4 leader stopped and restarted", client, topic)) {
            run.startSteady(RATE);
            run.awaitAcknowledgements(RATE, PHASE);
            int victim = kafka.leaderOf(topic, 0);
            run.markFault();
            kafka.stopBroker(victim);
            run.awaitAcknowledgements(3L * RATE, PHASE);
            kafka.restartBroker(victim);
            kafka.electPreferredLeaders(topic, PARTITIONS);
            run.awaitAcknowledgements(RATE, PHASE);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("F3, F4", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(0, r.expired() + r.discarded(), "no record failed: " + r + " " + run.firstReasons());
            });
        }
    }

    @Test
    void f11IdempotentProducerThroughRepeatedLeaderBounces() throws Exception {
        // Flow: F11. Three times, the leader of partition 0 (not broker 0) is stopped under the steady producer,
        // restarted once 1 s worth of records was acknowledged without it, and made leader again: two leader changes
        // a bounce, five batches in flight per broker; no fatal error, nothing duplicated, nothing reordered.
        String topic = "rel-f11-bounces";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .maxInFlightRequests(5).build());
             ProduceRun run = new ProduceRun("F11 idempotent producer, leaders bounced", client, topic)) {
            run.startSteady(RATE);
            run.awaitAcknowledgements(RATE, PHASE);
            for (int bounce = 0; bounce < 3; bounce++) {
                int victim = 1 + bounce % 2;
                run.markFault();
                kafka.stopBroker(victim);
                run.awaitAcknowledgements(RATE, PHASE);
                kafka.restartBroker(victim);
                kafka.electPreferredLeaders(topic, PARTITIONS);
                run.awaitAcknowledgements(RATE, PHASE);
            }
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("F11", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(0, r.expired() + r.discarded(), "no record failed: " + r + " " + run.firstReasons());
            });
        }
    }

    @Test
    void rollingRestartWhileProducingAndConsuming() throws Exception {
        // Flow: every broker in turn is stopped while a steady producer and a consumer from earliest run, and
        // restarted once 2 s worth of records were acknowledged without it.
        String topic = "rel-rolling";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("rolling restart, produce and consume", client, topic);
             DeliveryLog log = new DeliveryLog("rolling restart, produce and consume", consumer, topic)) {
            consumer.consumeFromEarliest(topic);
            run.startSteady(RATE);
            run.awaitAcknowledgements(RATE, PHASE);
            for (int id : kafka.brokerIds()) {
                run.markFault();
                kafka.stopBroker(id);
                run.awaitAcknowledgements(2L * RATE, PHASE);
                kafka.restartBroker(id);
                run.awaitAcknowledgements(RATE / 2, PHASE);
            }
            RecordLedger.Report r = run.finish(kafka, PHASE);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Reliability.verdict("F3, rolling restart", r, c, () -> {
                r.assertSound(true, false);
                c.assertSound(false);
            });
        }
    }

    @Test
    void clusterDownShorterThanTheTtlDeliversEverything() throws Exception {
        // Flow: all three brokers stopped while the steady producer goes on submitting for 3 s, then restarted:
        // everything is delivered after they return. While no partition has a leader, records wait in the
        // postponed queue, whose cap (maxPostponedMessages, 1,000 by default: F9) is raised to hold the outage.
        String topic = "rel-down-short";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .maxPostponedMessages(20_000).build());
             ProduceRun run = new ProduceRun("cluster down shorter than the TTL", client, topic)) {
            run.startSteady(RATE / 2);
            run.awaitAcknowledgements(RATE / 2, PHASE);
            stopAll();
            int before = run.ledger().produced();
            Bounded.waitFor("3 s of records submitted with the cluster down", PHASE,
                    () -> run.ledger().produced() >= before + 3 * RATE / 2);
            run.markFault();
            restartAll();
            run.awaitAcknowledgements(3L * RATE / 2, PHASE);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("cluster down < TTL", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(0, r.expired() + r.discarded(), "nothing failed: " + r + " " + run.firstReasons());
            });
        }
    }

    @Test
    void clusterDownLongerThanTheTtlExpiresWithEvents() throws Exception {
        // Flow: a 2 s TTL; all brokers stopped until some records expired, then restarted: the expired ones each
        // got their event, the rest are delivered, none is silently lost.
        String topic = "rel-down-long";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .messageTtl(Duration.ofSeconds(2)).maxPostponedMessages(20_000).build());
             ProduceRun run = new ProduceRun("cluster down longer than the TTL", client, topic)) {
            run.startSteady(RATE / 2);
            run.awaitAcknowledgements(RATE / 2, PHASE);
            stopAll();
            Bounded.waitFor("records to expire with the cluster down", PHASE,
                    () -> run.ledger().produced() - run.acknowledged() - run.ledger().pending() >= 1_000);
            run.markFault();
            restartAll();
            run.awaitAcknowledgements(RATE / 2, PHASE);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("cluster down > TTL", r, null, () -> {
                r.assertSound(true, false);
                assertTrue(r.expired() >= 1_000, "records expired: " + r);
                assertEquals(0, r.discarded(), "only expiries: " + r + " " + run.firstReasons());
            });
        }
    }

    @Test
    void f6CloseWithTheClusterDownReportsEveryUnsentRecord() throws Exception {
        // Flow: F6. Records are submitted with every broker down, then the client is closed: each unsent record
        // is reported, within the close timeout.
        String topic = "rel-f6-close";
        kafka.createTopic(topic, PARTITIONS, 3);
        ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .errorStrategy(ErrorStrategy.DISCARD).closeTimeout(Duration.ofSeconds(2)).build());
        try (ProduceRun run = new ProduceRun("F6 close with the cluster down", client, topic)) {
            run.produce(2_000);
            run.awaitAcknowledgements(2_000, PHASE);
            stopAll();
            run.produce(5_000);
            long begin = System.nanoTime();
            client.close();
            long closeMs = (System.nanoTime() - begin) / 1_000_000;
            Bounded.waitUntil(PHASE, () -> run.ledger().pending() == 0);
            restartAll();
            RecordLedger.Report r = run.reconcile(kafka);
            Reliability.verdict("F6", r, null, () -> {
                r.assertSound(true, false);
                assertTrue(r.discarded() + r.expired() >= 5_000 - r.writtenUnacknowledged(), r.toString());
                assertTrue(closeMs < 10_000, "close took " + closeMs + " ms");
            });
        } finally {
            client.close();
        }
    }

    @Test
    void leaderLossMidFetch() throws Exception {
        // Flow: a 60,000-record backlog read by a slow consumer (20,000 records/s at most); once a quarter arrived,
        // the leader of partition 0 is stopped; once half arrived, it is restarted: every record once, in order.
        consumerScenario("rel-fetch-leader", "leader loss mid-fetch", "consumer, leader loss", 60_000, log -> {
            int victim = kafka.leaderOf("rel-fetch-leader", 0);
            log.awaitAtLeast(15_000, PHASE);
            kafka.stopBroker(victim);
            log.awaitAtLeast(30_000, PHASE);
            kafka.restartBroker(victim);
        });
    }

    @Test
    void brokerRestartedUnderALargeBacklog() throws Exception {
        // Flow: a 100,000-record backlog; broker 1 is stopped and restarted while the consumer is in the middle.
        consumerScenario("rel-fetch-restart", "broker restarted under a large backlog", "consumer, broker restart",
                100_000, log -> {
                    log.awaitAtLeast(20_000, PHASE);
                    kafka.stopBroker(1);
                    kafka.restartBroker(1);
                });
    }

    /** What a consumer scenario does to the cluster while the consumer reads the backlog. */
    private interface ConsumerFault {
        void play(DeliveryLog log) throws Exception;
    }

    private void consumerScenario(String topic, String name, String covers, int backlog, ConsumerFault fault)
            throws Exception {
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient producer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun(name, producer, topic)) {
            run.produce(backlog);
            run.finish(kafka, PHASE).assertSound(true, false);
        }
        try (ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .consumerFetchBufferBytes(1 << 20).build());
             DeliveryLog log = new DeliveryLog(name, consumer, topic, 50_000)) {
            consumer.consumeFromEarliest(topic);
            fault.play(log);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Reliability.verdict(covers, null, c, () -> c.assertSound(false));
        }
    }

    @Test
    void groupCoordinatorLoss() throws Exception {
        // Flow: a group member reads a 60,000-record backlog with commits every 500 ms; once a quarter arrived,
        // the group's coordinator is stopped, and restarted once half arrived: every record at least once, in
        // order, and the group's commits reach the end.
        String topic = "rel-coordinator";
        String group = "rel-coordinator-group";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient producer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("group coordinator loss", producer, topic)) {
            run.produce(60_000);
            run.finish(kafka, PHASE).assertSound(true, false);
        }
        try (ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .consumerFetchBufferBytes(1 << 20).build());
             DeliveryLog log = new DeliveryLog("group coordinator loss", consumer, topic, 50_000)) {
            consumer.subscribe(group, java.util.List.of(topic), io.kafkadriver.api.ConsumerGroupConfiguration
                    .builder().sessionTimeout(Duration.ofSeconds(6)).heartbeatInterval(Duration.ofMillis(500))
                    .autoCommitEvery(Duration.ofMillis(500)).build());
            log.awaitAtLeast(15_000, PHASE);
            int coordinator = kafka.admin().describeConsumerGroups(java.util.List.of(group)).all()
                    .get(60, java.util.concurrent.TimeUnit.SECONDS).get(group).coordinator().id();
            kafka.stopBroker(coordinator);
            log.awaitAtLeast(30_000, PHASE);
            kafka.restartBroker(coordinator);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Bounded.waitUntil(PHASE, () -> committed(group, topic) == 60_000);
            long committed = committed(group, topic);
            Reliability.verdict("consumer group, coordinator loss", null, c, () -> {
                c.assertSound(true);
                assertEquals(60_000, committed, "the group's commits cover every record");
            });
        }
    }

    private long committed(String group, String topic) {
        try {
            return kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1; // the coordinator is moving: asked again
        }
    }

    private void stopAll() {
        for (int id : kafka.brokerIds()) {
            kafka.stopBroker(id);
        }
    }

    private void restartAll() {
        for (int id : kafka.brokerIds()) {
            kafka.restartBroker(id);
        }
    }
}
