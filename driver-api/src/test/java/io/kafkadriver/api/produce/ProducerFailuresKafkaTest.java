package io.kafkadriver.api.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Field failures F6, F8, F9 and F10 of field-failures.md, plus the overflow strategies, TTL events and close, against
 * one real broker (auto topic creation off). The last test stops the broker.
 */
@KafkaClusterTest(brokers = 1, brokerProperties = "auto.create.topics.enable=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProducerFailuresKafkaTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static ConfigurationBuilder base(EmbeddedKafkaCluster kafka) {
        return ProduceRoundTripKafkaTest.base(kafka);
    }

    /** F9: records for a topic that does not exist expire within the TTL, with events; the postponed queue is capped. */
    @Test
    @Order(1)
    void recordsForAnUnknownTopicExpireWithEventsAndThePostponedQueueIsCapped(EmbeddedKafkaCluster kafka)
            throws Exception {
        List<UndeliveredMessage> expired = new CopyOnWriteArrayList<>();
        List<UndeliveredMessage> discarded = new CopyOnWriteArrayList<>();
        try (ClusterClient client = ClusterClient.create(base(kafka).messageTtl(Duration.ofSeconds(1))
                .maxPostponedMessages(50).build())) {
            client.onMessageExpired(expired::add);
            client.onMessageDiscarded(discarded::add);
            CompletableFuture<?> first = client.send("no-such-topic", null, new byte[] {1}).toCompletableFuture();
            for (int i = 1; i < 60; i++) {
                client.produce("no-such-topic", null, new byte[] {(byte) i});
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> first.get(BOUND.toSeconds(),
                    TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ProduceFailedException pfe && pfe.expired(), e.toString());
            assertTrue(e.getCause().getMessage().contains("no-such-topic"), e.getCause().getMessage());
            client.flush().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertEquals(50, expired.size(), "the postponed records expire with an event each");
            assertEquals(10, discarded.size(), "beyond maxPostponedMessages, records are discarded at once");
            assertTrue(discarded.get(0).reason().getMessage().contains("maxPostponedMessages"));
            assertEquals("no-such-topic", expired.get(0).record().topic());
            assertEquals(0, client.bufferedRecords());
        }
    }

    /** F10: a buffer cap below the linger-sized batch flushes at once; nothing waits for the linger. */
    @Test
    @Order(2)
    void aFullBufferFlushesAtOnceWhateverTheLinger(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("buffer-cap", 2, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).produceBufferingTime(Duration.ofMinutes(5))
                .produceBatchSize(100_000).maxBufferedMessages(100).overflowStrategy(OverflowStrategy.BLOCK)
                .overflowBlockTimeout(BOUND).build())) {
            // 5,000 records through a 100-record buffer: with a linger-bound flush this would take 50 lingers.
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5000; i++) {
                    client.produce("buffer-cap", null, ProduceRoundTripKafkaTest.value(i));
                }
            });
            run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertTrue(client.bufferedRecords() <= 100);
        }
        assertEquals(5000, new OracleClient(kafka.bootstrapServers()).readAll("buffer-cap", 5000).size());
    }

    /** Overflow DISCARD drops beyond the cap with an event; BLOCK waits, then fails with a clear error. */
    @Test
    @Order(3)
    void overflowDiscardDropsAndBlockFailsAfterItsTimeout(EmbeddedKafkaCluster kafka) throws Exception {
        List<UndeliveredMessage> discarded = new CopyOnWriteArrayList<>();
        // An unknown topic holds records until their TTL, so the buffer stays full.
        try (ClusterClient client = ClusterClient.create(base(kafka).maxBufferedMessages(10)
                .overflowStrategy(OverflowStrategy.DISCARD).messageTtl(Duration.ofSeconds(2)).build())) {
            client.onMessageDiscarded(discarded::add);
            int accepted = 0;
            for (int i = 0; i < 25; i++) {
                accepted += client.produce("missing-for-discard", null, new byte[] {(byte) i}) ? 1 : 0;
            }
            assertEquals(10, accepted);
            assertEquals(15, discarded.size());
            assertTrue(discarded.get(0).reason().getMessage().contains("maxBufferedMessages 10"));
            client.flush().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertTrue(client.produce("missing-for-discard", null, null), "room again once the TTL freed it");
        }
        try (ClusterClient client = ClusterClient.create(base(kafka).maxBufferedMessages(5)
                .overflowStrategy(OverflowStrategy.BLOCK).overflowBlockTimeout(Duration.ofMillis(200))
                .messageTtl(Duration.ofSeconds(30)).closeTimeout(Duration.ofMillis(500)).build())) {
            for (int i = 0; i < 5; i++) {
                assertTrue(client.produce("missing-for-block", null, null));
            }
            ProduceFailedException e = assertThrows(ProduceFailedException.class,
                    () -> client.produce("missing-for-block", null, null));
            assertTrue(e.getMessage().contains("overflowBlockTimeout"), e.getMessage());
        }
    }

    /** F8: produce from a Pekko dispatcher thread to a missing topic never blocks; the failure comes by the future. */
    @Test
    @Order(4)
    void produceNeverBlocksADispatcherThread(EmbeddedKafkaCluster kafka) throws Exception {
        ActorSystem<Void> app = ActorSystem.create(Behaviors.empty(), "app");
        try (ClusterClient client = ClusterClient.create(base(kafka).messageTtl(Duration.ofSeconds(1)).build())) {
            CompletableFuture<CompletableFuture<?>> sent = new CompletableFuture<>();
            app.dispatchers().lookup(DispatcherSelector.defaultDispatcher()).execute(() ->
                    sent.complete(client.send("missing-for-f8", null, new byte[1]).toCompletableFuture()));
            CompletableFuture<?> future = sent.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertFalse(future.isDone(), "send returned before the record's fate was known");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> future.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ProduceFailedException);
        } finally {
            app.terminate();
            app.getWhenTerminated().toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** F6 with the cluster up: close without flush loses nothing; produce after close is refused. */
    @Test
    @Order(5)
    void closeDeliversEverythingProducedBeforeIt(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("close-up", 3, 1);
        ClusterClient client = ClusterClient.create(base(kafka).produceBufferingTime(Duration.ofMinutes(5))
                .produceBatchSize(100_000).build());
        for (int i = 0; i < 20_000; i++) {
            client.produce("close-up", null, ProduceRoundTripKafkaTest.value(i));
        }
        client.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.produce("close-up", null, null));
        assertTrue(e.getMessage().contains("closed"));
        assertEquals(20_000, new OracleClient(kafka.bootstrapServers()).readAll("close-up", 20_000).size());
    }

    /** F6 with the cluster down: close returns within its timeout and reports every unsent record. */
    @Test
    @Order(6)
    void closeWithTheClusterDownReportsEveryUnsentRecord(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("close-down", 2, 1);
        List<UndeliveredMessage> dropped = new CopyOnWriteArrayList<>();
        ClusterClient client = ClusterClient.create(base(kafka).produceBufferingTime(Duration.ofMinutes(5))
                .produceBatchSize(100_000).closeTimeout(Duration.ofSeconds(2)).build());
        client.onMessageDiscarded(dropped::add);
        client.onMessageExpired(dropped::add);
        // Wait until the client knows the topic, so records are routed to batches, not postponed.
        try {
            CompletableFuture<?> first = client.send("close-down", null, new byte[1]).toCompletableFuture();
            client.flush();
            first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        kafka.stopBroker(0);
        for (int i = 0; i < 1000; i++) {
            client.produce("close-down", null, ProduceRoundTripKafkaTest.value(i));
        }
        client.close();
        assertEquals(1000, dropped.size(), "every unsent record is reported");
        assertTrue(dropped.get(0).reason().getMessage().contains("closeTimeout"), dropped.get(0).reason()
                .getMessage());
        assertEquals(0, client.bufferedRecords());
    }

    /**
     * A topic created while the client runs is found by an urgent metadata refresh, not after the 42 s minimum
     * between refreshes, and its records are not cut by the postponed cap meanwhile.
     */
    @Test
    @Order(0)
    void recordsForATopicCreatedAfterStartAreDeliveredPromptly(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("existing", 1, 1);
        List<UndeliveredMessage> dropped = new CopyOnWriteArrayList<>();
        try (ClusterClient client = ClusterClient.create(base(kafka)
                .minimumTimeBetweenRefreshMetadata(Duration.ofSeconds(42)).build())) {
            client.onMessageDiscarded(dropped::add);
            client.onMessageExpired(dropped::add);
            CompletableFuture<?> first = client.send("existing", null, new byte[1]).toCompletableFuture();
            client.flush();
            first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            kafka.createTopic("fresh", 2, 1);
            for (int i = 0; i < 20_000; i++) {
                client.produce("fresh", null, ProduceRoundTripKafkaTest.value(i));
            }
            // Bounded well below the 42 s throttle the topic would otherwise wait for.
            client.flush().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), dropped);
        assertEquals(20_000, new OracleClient(kafka.bootstrapServers()).readAll("fresh", 20_000).size());
    }

    /**
     * With acks=0 a record counts as sent once queued on its connection: close must not stop the connections before
     * those bytes are written (the last batches were lost this way before the write barrier).
     */
    @Test
    @Order(5)
    void closeWithAcksZeroWritesEverythingQueuedFirst(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("close-acks0", 2, 1);
        new OracleClient(kafka.bootstrapServers()).produce(java.util.List.of(
                new org.apache.kafka.clients.producer.ProducerRecord<>("close-acks0", 0, null, new byte[1]),
                new org.apache.kafka.clients.producer.ProducerRecord<>("close-acks0", 1, null, new byte[1])), "none");
        int n = 200_000;
        ClusterClient client = ClusterClient.create(base(kafka).requiredAcks(io.kafkadriver.api.RequiredAcks.NONE)
                .build());
        for (int i = 0; i < n; i++) {
            client.produce("close-acks0", null, ProduceRoundTripKafkaTest.value(i));
        }
        client.close();
        assertEquals(n + 2, new OracleClient(kafka.bootstrapServers()).readAll("close-acks0", n + 2).size());
    }
}
