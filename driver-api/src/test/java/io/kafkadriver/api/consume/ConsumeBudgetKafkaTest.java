package io.kafkadriver.api.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.ConsumeAudit;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Field failures F7 and F12 (one fetch-buffer budget in bytes holds with 100 partitions and a slow listener; every
 * partition with lag advances), a record larger than the fetch limits (delivered, never a stall), and read committed
 * against aborted transactions written by the official client.
 */
@KafkaClusterTest(brokers = 1)
class ConsumeBudgetKafkaTest {

    @Test
    void theFetchBudgetHoldsWithAHundredPartitionsAndASlowListenerAndEveryPartitionAdvances(
            EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "budget";
        int partitions = 100;
        int perPartition = 400;
        kafka.createTopic(topic, partitions, 1);
        try (ClusterClient producer = ClusterClient.create(ConsumeKafkaTest.base(kafka).build())) {
            for (int i = 0; i < partitions * perPartition; i++) {
                producer.produce(topic, i % partitions, null, ConsumeKafkaTest.value(i));
            }
            producer.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        long budget = 256 * 1024;
        int partitionMax = 32 * 1024;
        ConsumeAudit audit = ConsumeAudit.fromZero(partitions, perPartition);
        AtomicLong total = new AtomicLong();
        AtomicLong maxBuffered = new AtomicLong();
        try (ClusterClient client = ClusterClient.create(ConsumeKafkaTest.base(kafka)
                .fetchMessageMaxBytes(partitionMax).consumerFetchBufferBytes(budget).build())) {
            client.onMessageReceived(m -> {
                audit.record(m.partition(), m.offset());
                if (total.incrementAndGet() % 50 == 0) {
                    try {
                        Thread.sleep(1); // a slow listener
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                maxBuffered.accumulateAndGet(client.fetchedBytesBuffered(), Math::max);
            });
            client.consumeFromEarliest(topic);
            Bounded.waitUntil(Duration.ofSeconds(60), () -> {
                maxBuffered.accumulateAndGet(client.fetchedBytesBuffered(), Math::max);
                return audit.complete();
            });
        }
        // The budget may be exceeded only by a first batch larger than the request's limit (KIP-74), here at most
        // one producer batch (16 KiB by default).
        assertTrue(maxBuffered.get() <= budget + 16 * 1024 + 512, "buffered at most " + maxBuffered.get());
        assertEquals(List.of(), audit.problems(), "every partition advanced to its end, each record once in order");
    }

    @Test
    void aRecordLargerThanTheFetchLimitsIsDelivered(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "oversized";
        kafka.createTopic(topic, 1, 1);
        byte[] big = new byte[900 * 1024];
        big[0] = 42;
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topic, 0, null, big));
        records.add(new ProducerRecord<>(topic, 0, null, new byte[] {7}));
        new OracleClient(kafka.bootstrapServers()).produce(records, "none");
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        try (ClusterClient client = ClusterClient.create(ConsumeKafkaTest.base(kafka).fetchMessageMaxBytes(64 * 1024)
                .fetchMaxBytes(64 * 1024).consumerFetchBufferBytes(128 * 1024).build())) {
            client.onMessageReceived(got::add);
            client.consumeFromEarliest(topic);
            ConsumeKafkaTest.await(() -> got.size() >= 2, got.size() + " of 2");
        }
        assertEquals(big.length, got.get(0).value().length);
        assertEquals(42, got.get(0).value()[0]);
        assertEquals(7, got.get(1).value()[0]);
    }

    @Test
    void readCommittedSkipsAbortedTransactionsAndControlRecordsAreNeverDelivered(EmbeddedKafkaCluster kafka)
            throws Exception {
        String topic = "transactions";
        kafka.admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            for (int t = 0; t < 6; t++) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, OracleClient.utf8("t" + t + "-" + i)));
                }
                producer.flush(); // abortTransaction would drop unsent batches: the aborted data must be in the log
                if (t % 2 == 0) {
                    producer.commitTransaction();
                } else {
                    producer.abortTransaction();
                }
            }
        }
        for (boolean committed : new boolean[] {true, false}) {
            List<String> got = new CopyOnWriteArrayList<>();
            try (ClusterClient client = ClusterClient.create(ConsumeKafkaTest.base(kafka).readCommitted(committed)
                    .build())) {
                client.onMessageReceived(m -> got.add(OracleClient.text(m.value())));
                client.consumeFromEarliest(topic);
                // A plain record after the transactions: once it arrives, everything before it was handled.
                client.send(topic, null, OracleClient.utf8("end")).toCompletableFuture();
                client.flush();
                ConsumeKafkaTest.await(() -> got.contains("end"), "the end marker, got " + got.size());
            }
            got.removeIf("end"::equals);
            if (committed) {
                assertTrue(got.stream().allMatch(v -> v.startsWith("t0") || v.startsWith("t2")
                        || v.startsWith("t4")), "only committed transactions: " + got);
            }
            assertEquals(committed ? 30 : 60, got.size());
        }
    }
}
