package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import io.kafkadriver.testkit.RecordLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the field failures of {@code field-failures.md} that need no broker fault, each with its row in the
 * results table: F7 (one byte budget), F8 (never blocking the caller), F9 (unknown topics), F10 (a buffer cap below
 * the batch), F12 (no silent stall), F16 (offset out of range is an event, not silence).
 */
@KafkaClusterTest
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class FieldFailuresReliabilityTest {
    private final EmbeddedKafkaCluster kafka;

    FieldFailuresReliabilityTest(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
    }

    private RecordLedger.Report backlog(String topic, int partitions, int records, int valueBytes) throws Exception {
        kafka.createTopic(topic, partitions, 1);
        try (ClusterClient producer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun(topic, producer, topic)) {
            run.produce(records);
            return run.finish(kafka, PHASE).assertSound(true, false);
        }
    }

    @Test
    void f7OneByteBudgetHoldsWithManyPartitionsAndASlowListener() throws Exception {
        // Flow: 40 partitions hold 40,000 records; a listener slower than the fetches; the consumer's buffered
        // bytes, sampled at every record, stay within its 256 KB budget plus one batch beyond a request's limit
        // (KIP-74: the broker returns the first batch whole; here the producer's batches are at most 500 records of
        // about 110 bytes, under 64 KB), and every record arrives once, in order.
        String topic = "rel-f7-budget";
        backlog(topic, 40, 40_000, 100);
        long budget = 256 * 1024;
        AtomicLong maxBuffered = new AtomicLong();
        try (ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .consumerFetchBufferBytes(budget).fetchMessageMaxBytes(16 * 1024).build());
             DeliveryLog log = new DeliveryLog("F7 one byte budget, 40 partitions", consumer, topic, 20_000)) {
            consumer.onMessageReceived(m -> maxBuffered.accumulateAndGet(consumer.fetchedBytesBuffered(), Math::max));
            consumer.consumeFromEarliest(topic);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Reliability.verdict("F7", null, c, () -> {
                c.assertSound(false);
                assertTrue(maxBuffered.get() <= budget + 64 * 1024, "buffered at most " + maxBuffered.get());
            });
        }
    }

    @Test
    void f8SendFromADispatcherThreadToAMissingTopicNeverBlocks() throws Exception {
        // Flow: 2,000 sends from a Pekko dispatcher thread to a topic that does not exist, a 1 s TTL: the calls
        // all return at once (no metadata wait), and each record fails through its future and its event.
        String topic = "rel-f8-missing";
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "f8");
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .messageTtl(Duration.ofSeconds(1)).maxPostponedMessages(5_000).build());
             ProduceRun run = new ProduceRun("F8 send from a dispatcher to a missing topic", client, topic)) {
            java.util.concurrent.CompletableFuture<Long> callNanos = new java.util.concurrent.CompletableFuture<>();
            system.executionContext().execute(() -> {
                long begin = System.nanoTime();
                run.produce(2_000);
                callNanos.complete(System.nanoTime() - begin);
            });
            long nanos = callNanos.get(PHASE.toMillis(), TimeUnit.MILLISECONDS);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("F8", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(2_000, r.expired() + r.discarded(), r.toString());
                // Far below the 1 s TTL a blocking send would wait per record: the calls did not wait for metadata.
                assertTrue(nanos < 900_000_000L, "2,000 sends took " + nanos / 1_000_000 + " ms");
            });
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void f9RecordsForAnUnknownTopicFailWithinTheTtlAndThePostponedQueueIsCapped() throws Exception {
        // Flow: auto-creation off (the driver never asks for it); 3,000 records for an unknown topic with a 1 s
        // TTL and at most 1,000 postponed: 2,000 are discarded at once, 1,000 expire after the TTL, each with its
        // event; a known topic produced beside it is delivered whole.
        String unknown = "rel-f9-unknown";
        String known = "rel-f9-known";
        kafka.createTopic(known, 2, 1);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .messageTtl(Duration.ofSeconds(1)).maxPostponedMessages(1_000).build());
             ProduceRun lost = new ProduceRun("F9 unknown topic", client, unknown);
             ProduceRun fine = new ProduceRun("F9 beside it, a known topic", client, known)) {
            lost.produce(3_000);
            fine.produce(3_000);
            RecordLedger.Report r = lost.finish(kafka, PHASE);
            RecordLedger.Report k = fine.finish(kafka, PHASE);
            Reliability.verdict("F9", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(2_000, r.discarded(), "beyond the postponed cap: " + r);
                assertEquals(1_000, r.expired(), "the postponed ones, after the TTL: " + r);
                k.assertSound(true, false);
                assertEquals(3_000, k.acknowledged());
            });
        }
    }

    @Test
    void f10ABufferCapBelowTheLingerSizedBatchFlushesAtOnce() throws Exception {
        // Flow: at most 1,000 records buffered, batches of 5,000, a 30 s linger, overflow BLOCK: the caller submits
        // 20,000 records, so it finds the buffer full at least 19 times, and each time every batch must go at once:
        // all are submitted well within one linger (a linger-quantised producer would need 19 lingers). The last
        // records, fewer than the cap, may linger as any batch does: the flush sends them; nothing is discarded.
        String topic = "rel-f10-cap";
        kafka.createTopic(topic, 1, 1);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .maxBufferedMessages(1_000).produceBatchSize(5_000).produceBufferingTime(Duration.ofSeconds(30))
                .overflowStrategy(OverflowStrategy.BLOCK).overflowBlockTimeout(Duration.ofSeconds(30)).build());
             ProduceRun run = new ProduceRun("F10 buffer cap below the batch", client, topic, 50_000)) {
            long begin = System.nanoTime();
            run.produce(20_000);
            long ms = (System.nanoTime() - begin) / 1_000_000;
            client.flush().toCompletableFuture().get(PHASE.toMillis(), TimeUnit.MILLISECONDS);
            run.awaitAcknowledgements(20_000 - run.acknowledged(), PHASE);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("F10", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(20_000, r.acknowledged());
                assertTrue(ms < 30_000, "20,000 records submitted through a 1,000-record buffer before one linger"
                        + " passed: " + ms + " ms");
            });
        }
    }

    @Test
    void f12EveryPartitionWithLagAdvancesThroughPausesAndResumes() throws Exception {
        // Flow: 12 partitions, 24,000 records; every partition in turn is paused and resumed while the consumer
        // reads: every partition is read to its end, each record once, in order (no partition stalls silently).
        String topic = "rel-f12-liveness";
        backlog(topic, 12, 24_000, 100);
        try (ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .consumerFetchBufferBytes(64 * 1024).fetchMessageMaxBytes(16 * 1024).build());
             DeliveryLog log = new DeliveryLog("F12 every partition advances", consumer, topic, 20_000)) {
            consumer.consumeFromEarliest(topic);
            for (int p = 0; p < 12; p++) {
                log.awaitAtLeast(1_000 * (p + 1), PHASE);
                consumer.pause(topic, p);
                consumer.resume(topic, (p + 11) % 12);
            }
            consumer.resume(topic, 11);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Reliability.verdict("F12", null, c, () -> c.assertSound(false));
        }
    }

    @Test
    void f16ALogStartBeyondTheConsumerIsAnExplicitDataLossEvent() throws Exception {
        // Flow: a consumer of one partition with a 64 KB fetch budget is paused at 1,000 of 5,000 records (its
        // fetch position a little further, within the budget); the log's start is moved to 3,000 under it (as
        // retention would); on resume the driver delivers what it holds, then raises one out-of-range event naming
        // the gap, applies the EARLIEST policy and delivers from 3,000: exactly the gap is missing, nothing else.
        String topic = "rel-f16-retention";
        backlog(topic, 1, 5_000, 100);
        List<ConsumerRecord<byte[], byte[]>> before = new OracleClient(kafka.clientConfig(
                EmbeddedKafkaCluster.PLAINTEXT), PHASE).readToEnd(topic);
        List<OffsetOutOfRange> resets = new CopyOnWriteArrayList<>();
        try (ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .autoOffsetReset(AutoOffsetReset.EARLIEST).consumerFetchBufferBytes(64 * 1024)
                .fetchMessageMaxBytes(16 * 1024).build());
             DeliveryLog log = new DeliveryLog("F16 out of range after retention", consumer, topic)) {
            consumer.onOffsetOutOfRange(resets::add);
            consumer.onMessageReceived(m -> {
                if (m.offset() == 999) {
                    consumer.pause(topic, 0);
                }
            });
            consumer.consumeFromEarliest(topic);
            log.awaitAtLeast(1_000, PHASE);
            kafka.admin().deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3_000)))
                    .all().get(60, TimeUnit.SECONDS);
            consumer.resume(topic, 0);
            Bounded.waitUntil(PHASE, () -> !resets.isEmpty() && log.size() >= resets.get(0).from() + 2_000);
            DeliveryLedger.Report c = log.ledger(before).report();
            long gap = resets.isEmpty() ? 0 : resets.get(0).to() - resets.get(0).from();
            Reliability.verdict("F16", null, c, gap, () -> {
                assertEquals(1, resets.size(), resets.toString());
                OffsetOutOfRange reset = resets.get(0);
                assertEquals(3_000, reset.to(), reset.toString());
                assertTrue(reset.from() >= 1_000 && reset.from() < 3_000, reset.toString());
                assertEquals(3_000 - reset.from(), c.missing(), "exactly the gap the event names: " + c);
                assertEquals(0, c.repeats() + c.outOfOrder() + c.altered() + c.unexpected(), c.toString());
            });
        }
    }
}
