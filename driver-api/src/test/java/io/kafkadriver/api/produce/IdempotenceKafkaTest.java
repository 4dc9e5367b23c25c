package io.kafkadriver.api.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.FaultProxy;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16 and field failure F11: the idempotent producer on 3 brokers, RF=3, acks=all, 5 in flight. Read back with
 * the official client, every acknowledged record is there exactly once, in produce order per partition, while the
 * leaders are bounced again and again, and while every connection is cut in the middle of a response (the request
 * was written and the broker wrote the batch; its answer is lost). The same cut run without idempotence shows the
 * duplicates, so the check can fail.
 *
 * <p>Records per run: {@code -Didempotence.records=N} (default 200,000; the run is 1,000,000); bounces:
 * {@code -Didempotence.bounces=N} (default 4).
 */
@KafkaClusterTest(brokers = 3, proxied = true)
class IdempotenceKafkaTest {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotenceKafkaTest.class);
    private static final int RECORDS = Integer.getInteger("idempotence.records", 200_000);
    private static final int BOUNCES = Integer.getInteger("idempotence.bounces", 4);
    private static final int PARTITIONS = 6;
    /** Bytes of answers each proxied connection carries before it is cut: the handshake and some 20 answers. */
    private static final long ANSWER_BYTES_PER_CONNECTION = 3_000;
    private static final Duration RUN_BOUND = Duration.ofMinutes(10);
    /**
     * Records produced ahead of the acknowledgements at most. The test paces itself below the producer's buffer
     * ({@code maxBufferedMessages}) so that the buffer never fills: a full buffer sends every open batch at once
     * (F10), and under constant back-pressure that makes ever smaller batches, which is not what is tested here.
     */
    private static final int WINDOW = 20_000;

    /** What a run produced and what the official client read back. */
    private record Outcome(int produced, int read, int duplicates, int outOfOrder, int ackedMissing,
                           int undelivered) {
    }

    private static ConfigurationBuilder config(EmbeddedKafkaCluster kafka, String seeds, boolean idempotence) {
        return ProduceRoundTripKafkaTest.base(kafka).seeds(seeds).requiredAcks(RequiredAcks.ALL)
                .idempotence(idempotence).maxInFlightRequests(5).produceBatchSize(500)
                .errorStrategy(ErrorStrategy.RETRY).maxRetry(-1).messageTtl(Duration.ofMinutes(2))
                .maxBufferedMessages(50_000);
    }

    @Test
    void everyAcknowledgedRecordOnceAndInOrderWhileLeadersBounce(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: F11. After each share of the run but the last (up to 50,000 records
        // still buffered and in flight), a broker leading some partition (1 or 2: broker 0 runs the controller) is
        // stopped; half a share is produced without it; it is restarted and the preferred leaders are elected
        // again, which moves its partitions back to it: every bounce is two leader changes under traffic.
        String topic = "idempotent-bounce";
        kafka.createTopic(topic, PARTITIONS, 3);
        int share = 2 * RECORDS / (3 * BOUNCES + 2); // BOUNCES times a share and a half, then a last share
        try (ClusterClient client = ClusterClient.create(config(kafka, kafka.bootstrapServers(), true).build())) {
            Outcome outcome = run(kafka, client, topic, (produce) -> {
                for (int b = 0; b < BOUNCES; b++) {
                    produce.accept(share);
                    int victim = leadingBroker(kafka, topic, b);
                    LOG.info("bounce {}: stopping broker {}", b + 1, victim);
                    kafka.stopBroker(victim);
                    produce.accept(share / 2);
                    kafka.restartBroker(victim);
                    kafka.electPreferredLeaders(topic, PARTITIONS);
                }
                produce.accept(RECORDS - BOUNCES * (share + share / 2));
            });
            // No fatal error: the producer still produces after the run.
            client.send(topic, null, ProduceRoundTripKafkaTest.value(-1)).toCompletableFuture().get(60,
                    TimeUnit.SECONDS);
            assertExactlyOnceInOrder(outcome);
        } finally {
            for (int id : kafka.brokerIds()) {
                if (!kafka.isRunning(id)) {
                    kafka.restartBroker(id);
                }
            }
        }
    }

    /** A broker other than 0 that leads a partition of the topic, trying broker 1 and 2 in turn. */
    private static int leadingBroker(EmbeddedKafkaCluster kafka, String topic, int bounce) {
        for (int k = 0; k < 2; k++) {
            int candidate = 1 + (bounce + k) % 2;
            for (int p = 0; p < PARTITIONS; p++) {
                if (kafka.leaderOf(topic, p) == candidate) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("brokers 1 and 2 lead no partition of " + topic);
    }

    @Test
    void lostAnswersAreNeverWrittenTwice(EmbeddedKafkaCluster kafka) throws Exception {
        Outcome outcome = cutRun(kafka, "idempotent-cut", true);
        assertExactlyOnceInOrder(outcome);
    }

    @Test
    void withoutIdempotenceTheSameLostAnswersAreWrittenTwice(EmbeddedKafkaCluster kafka) throws Exception {
        // The control: it proves the cut run loses answers of written batches, so zero duplicates above means
        // something.
        Outcome outcome = cutRun(kafka, "not-idempotent-cut", false);
        assertTrue(outcome.duplicates() > 0, "the cuts wrote duplicates without idempotence: " + outcome);
        assertEquals(0, outcome.ackedMissing(), outcome.toString());
    }

    private Outcome cutRun(EmbeddedKafkaCluster kafka, String topic, boolean idempotence) throws Exception {
        kafka.createTopic(topic, PARTITIONS, 3);
        for (int id : kafka.brokerIds()) {
            kafka.proxy(id).cutAfter(FaultProxy.Direction.SERVER_TO_CLIENT, ANSWER_BYTES_PER_CONNECTION);
        }
        long before = acceptedConnections(kafka);
        try (ClusterClient client = ClusterClient.create(config(kafka,
                kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED), idempotence).build())) {
            Outcome outcome = run(kafka, client, topic, produce -> produce.accept(RECORDS));
            LOG.info("{}: {} connections through the proxies", topic, acceptedConnections(kafka) - before);
            assertTrue(acceptedConnections(kafka) - before > 10, "connections were cut");
            return outcome;
        } finally {
            for (int id : kafka.brokerIds()) {
                kafka.proxy(id).passThrough();
            }
        }
    }

    private static long acceptedConnections(EmbeddedKafkaCluster kafka) {
        long n = 0;
        for (int id : kafka.brokerIds()) {
            n += kafka.proxy(id).acceptedConnections();
        }
        return n;
    }

    /** How a run produces: it calls the producer it is given with counts of records, between faults. */
    private interface Script {
        void play(java.util.function.IntConsumer produce) throws Exception;
    }

    /**
     * Plays the script, which produces the records 0, 1, 2... (record i to partition i % PARTITIONS), flushes
     * (bounded), and reads the topic back with the official client.
     */
    private Outcome run(EmbeddedKafkaCluster kafka, ClusterClient client, String topic, Script script)
            throws Exception {
        Set<Integer> undelivered = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        client.onMessageDiscarded(m -> undelivered.add(ByteBuffer.wrap(m.record().value()).getInt()));
        client.onMessageExpired(m -> undelivered.add(ByteBuffer.wrap(m.record().value()).getInt()));
        client.onProduceAcknowledged(a -> acked.addAndGet(a.count()));
        long start = System.nanoTime();
        int[] next = {0};
        script.play(count -> {
            for (int end = next[0] + count; next[0] < end; next[0]++) {
                if (next[0] - acked.get() - undelivered.size() >= WINDOW) {
                    Bounded.waitFor("acknowledgements to catch up", RUN_BOUND,
                            () -> next[0] - acked.get() - undelivered.size() < WINDOW / 2);
                }
                client.produce(topic, next[0] % PARTITIONS, null, ProduceRoundTripKafkaTest.value(next[0]));
            }
        });
        int produced = next[0];
        client.flush().toCompletableFuture().get(RUN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{}: {} records produced and flushed in {} ms", topic, produced,
                (System.nanoTime() - start) / 1_000_000);
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(
                kafka.clientConfig(EmbeddedKafkaCluster.PLAINTEXT), Duration.ofMinutes(5))
                .readAll(topic, (int) written(kafka, topic));
        return audit(read, produced, undelivered);
    }

    /** Records in the topic: the sum of its partitions' end offsets (duplicates included). */
    private static long written(EmbeddedKafkaCluster kafka, String topic) throws Exception {
        java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(topic, p),
                    org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        long n = 0;
        for (var e : kafka.admin().listOffsets(latest).all().get(60, TimeUnit.SECONDS).values()) {
            n += e.offset();
        }
        return n;
    }

    private static Outcome audit(List<ConsumerRecord<byte[], byte[]>> read, int produced, Set<Integer> undelivered) {
        BitSet seen = new BitSet(produced);
        int[] last = new int[PARTITIONS];
        java.util.Arrays.fill(last, -1);
        int duplicates = 0;
        int outOfOrder = 0;
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = ByteBuffer.wrap(r.value()).getInt();
            if (i < 0) {
                continue; // the liveness record sent after a run
            }
            if (seen.get(i)) {
                duplicates++;
                continue;
            }
            seen.set(i);
            if (i % PARTITIONS != r.partition() || i < last[r.partition()]) {
                outOfOrder++;
            }
            last[r.partition()] = i;
        }
        int ackedMissing = 0;
        for (int i = 0; i < produced; i++) {
            if (!seen.get(i) && !undelivered.contains(i)) {
                ackedMissing++;
            }
        }
        Outcome o = new Outcome(produced, read.size(), duplicates, outOfOrder, ackedMissing, undelivered.size());
        LOG.info("audit: {}", o);
        return o;
    }

    private static void assertExactlyOnceInOrder(Outcome o) {
        assertEquals(0, o.duplicates(), "duplicates: " + o);
        assertEquals(0, o.outOfOrder(), "out of order: " + o);
        assertEquals(0, o.ackedMissing(), "acknowledged but not read back: " + o);
        assertEquals(0, o.undelivered(), "with maxRetry -1 and a long TTL nothing is given up: " + o);
    }
}
