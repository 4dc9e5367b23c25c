package io.kafkadriver.api.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.ConsumeAudit;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Field failures F3 and F4: a partition leader dies mid-stream on a 3-broker cluster. Retries must reach the new
 * leader within a metadata refresh (well before the message TTL), nothing is lost, and a partition's records keep
 * their order (a batch re-sent after a lost answer may repeat, right after itself, as without idempotence).
 */
@KafkaClusterTest(brokers = 3)
class LeaderChangeKafkaTest {
    private static final int RECORDS = 150_000;

    @Test
    void recordsFollowTheNewLeaderWithoutLossOrReordering(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "leader-change";
        kafka.createTopic(topic, 4, 3);
        List<UndeliveredMessage> lost = new CopyOnWriteArrayList<>();
        AtomicLong acked = new AtomicLong();
        try (ClusterClient client = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka)
                .requiredAcks(RequiredAcks.ALL).errorStrategy(ErrorStrategy.RETRY).maxRetry(-1)
                .messageTtl(Duration.ofMinutes(2)).build())) {
            client.onMessageDiscarded(lost::add);
            client.onMessageExpired(lost::add);
            client.onProduceAcknowledged(a -> acked.addAndGet(a.count()));
            int victim = -1;
            for (int p = 0; p < 4 && victim < 0; p++) {
                int leader = kafka.leaderOf(topic, p);
                if (leader != 0) { // broker 0 runs the controller: keep it
                    victim = leader;
                }
            }
            assertTrue(victim > 0, "some partition is led by a broker other than the controller's");
            for (int i = 0; i < RECORDS; i++) {
                client.produce(topic, null, ProduceRoundTripKafkaTest.value(i));
                if (i == RECORDS / 3) {
                    client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    kafka.stopBroker(victim);
                }
            }
            // Bounded well below the TTL: a stall until expiry would fail here.
            client.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
            kafka.restartBroker(victim);
        }
        assertEquals(List.of(), lost, "nothing discarded or expired");
        assertTrue(acked.get() >= RECORDS, "acknowledged " + acked.get());
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(kafka.bootstrapServers()).readAll(topic,
                RECORDS);
        Set<Integer> seen = new HashSet<>();
        Map<Integer, Integer> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int seq = ByteBuffer.wrap(r.value()).getInt();
            if (!seen.add(seq)) {
                continue; // a re-sent batch whose first answer was lost
            }
            Integer before = last.put(r.partition(), seq);
            assertTrue(before == null || before < seq, "partition " + r.partition() + ": " + before + " then " + seq);
        }
        assertEquals(RECORDS, seen.size(), "every record was written");
    }

    /** Consumption goes on across a leader change: every record once, in order, from the new leader. */
    @Test
    void consumptionFollowsTheNewLeader(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "consume-leader-change";
        kafka.createTopic(topic, 4, 3);
        int n = 40_000;
        int victim = -1;
        for (int p = 0; p < 4 && victim < 0; p++) {
            victim = kafka.leaderOf(topic, p) != 0 ? kafka.leaderOf(topic, p) : -1; // broker 0 runs the controller
        }
        assertTrue(victim > 0, "some partition is led by a broker other than the controller's");
        // Partition p holds the records i with i % 4 == p, at offset i / 4: the audit counts lost, duplicated, out of
        // order and altered records over the whole run.
        ConsumeAudit audit = ConsumeAudit.fromZero(4, n / 4);
        try (ClusterClient producer = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka)
                     .requiredAcks(RequiredAcks.ALL).errorStrategy(ErrorStrategy.RETRY).build());
             ClusterClient consumer = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka).build())) {
            consumer.onMessageReceived(m -> {
                audit.record(m.partition(), m.offset());
                if (ByteBuffer.wrap(m.value()).getInt() != m.offset() * 4 + m.partition()) {
                    audit.recordAltered(m.partition(), m.offset());
                }
            });
            consumer.consumeFromEarliest(topic);
            for (int i = 0; i < n / 2; i++) {
                producer.produce(topic, i % 4, null, ProduceRoundTripKafkaTest.value(i));
            }
            producer.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            kafka.stopBroker(victim);
            for (int i = n / 2; i < n; i++) {
                producer.produce(topic, i % 4, null, ProduceRoundTripKafkaTest.value(i));
            }
            producer.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Bounded.waitUntil(Duration.ofSeconds(60), audit::complete);
        } finally {
            kafka.restartBroker(victim);
        }
        assertEquals(List.of(), audit.problems(), audit.received() + " delivered of " + n);
        assertEquals(n, audit.received(), "every record once");
    }
}
