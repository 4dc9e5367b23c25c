package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.Serializer;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.RecordLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: bad input gets a clear error naming the culprit and breaks nothing else. Illegal topic names, a record
 * over the broker's size limit, an unknown topic on a broker that would auto-create it, produce after close,
 * listeners and serializers that throw, and seeds that are not Kafka brokers (HTTP, TLS, garbage). Invalid settings
 * are refused by {@code ValidationBoundariesTest} and {@code ConfigurationValueTest} (every setting, builder and
 * HOCON), not repeated here.
 */
@KafkaClusterTest(brokerProperties = "auto.create.topics.enable=true")
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class BadInputReliabilityTest {
    private final EmbeddedKafkaCluster kafka;

    BadInputReliabilityTest(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void illegalTopicNamesAreRefusedAtOnceNamingThem() throws Exception {
        List<String> illegal = Arrays.asList(null, "", "  ", "bad topic", "a/b", "ünïcode", ".", "..", "x".repeat(250));
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build())) {
            for (String topic : illegal) {
                String named = topic == null ? "null" : topic.length() > 60 ? topic.substring(0, 60) : topic;
                for (Runnable call : List.<Runnable>of(() -> client.produce(topic, null, new byte[1]),
                        () -> client.send(topic, null, new byte[1]), () -> client.consumeFromEarliest(topic),
                        () -> client.createTopic(topic, 1, 1))) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run,
                            "topic " + named);
                    assertTrue(e.getMessage().contains(named), e.getMessage());
                }
            }
            assertEquals(0, client.bufferedRecords(), "nothing was admitted");
        }
    }

    @Test
    void aRecordOverTheBrokersSizeLimitIsDiscardedWithTheBrokersReasonAndTheOthersFlow() throws Exception {
        // Flow: a topic whose limit is 10,000 bytes; 20 records of 20,000 bytes are each discarded with an event
        // naming the broker's MESSAGE_TOO_LARGE; the small records produced before, among and after them to the
        // same partitions are all delivered.
        String topic = "rel-too-large";
        kafka.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("max.message.bytes",
                "10000")))).all().get(60, TimeUnit.SECONDS);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("a record over the broker's max size", client, topic)) {
            List<UndeliveredMessage> big = new CopyOnWriteArrayList<>();
            client.onMessageDiscarded(m -> {
                if (m.record().value().length == 20_000) {
                    big.add(m);
                }
            });
            // The topic was made through the admin client: one record acknowledged first, so that its leaders are
            // known (records for a topic not yet known are postponed, at most 1,000 by default).
            run.produce(1);
            run.awaitAcknowledgements(1, PHASE);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            run.produce(2_000);
            for (int i = 0; i < 20; i++) {
                sends.add(client.send(new ProducerRecord(topic, i % 2, -1, null, new byte[20_000], List.of()))
                        .toCompletableFuture());
                run.produce(100);
            }
            run.produce(2_000);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Bounded.waitFor("the big records' events", PHASE, () -> big.size() == 20);
            Reliability.verdict("bad input: record over max.message.bytes", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(r.produced(), r.acknowledged(), "every small record delivered: " + r);
                for (CompletableFuture<?> f : sends) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
                    assertTrue(e.getCause().getMessage().contains("MESSAGE_TOO_LARGE"), e.getCause().getMessage());
                }
            });
        }
    }

    @Test
    void anUnknownTopicIsNeverAutoCreatedItsRecordsExpireNamingIt() throws Exception {
        // Flow: the broker would auto-create topics, but the driver never asks it to (kafka-sharp's rule):
        // records for an unknown topic expire after the TTL with an event naming it, and the topic does not exist.
        String topic = "rel-auto-never";
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers())
                .messageTtl(Duration.ofSeconds(1)).build());
             ProduceRun run = new ProduceRun("unknown topic, broker auto-creation on", client, topic)) {
            CompletableFuture<?> one = client.send(topic, null, new byte[10]).toCompletableFuture();
            run.produce(100);
            ExecutionException e = assertThrows(ExecutionException.class, () -> one.get(30, TimeUnit.SECONDS));
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("bad input: unknown topic (auto-create on)", r, null, () -> {
                r.assertSound(true, false);
                assertEquals(100, r.expired(), r.toString());
                assertTrue(e.getCause().getMessage().contains(topic), e.getCause().getMessage());
                assertFalse(client.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS).contains(topic));
            });
        }
    }

    @Test
    void produceAfterCloseIsRefusedNamingTheTopic() {
        ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
        client.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> client.produce("rel-after-close", null, new byte[1]));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("rel-after-close"), e.getMessage());
        IllegalStateException sent = assertThrows(IllegalStateException.class,
                () -> client.send("rel-after-close", null, new byte[1]));
        assertTrue(sent.getMessage().contains("closed") && sent.getMessage().contains("rel-after-close"),
                sent.getMessage());
    }

    @Test
    void listenersThatThrowBreakNothing() throws Exception {
        // Flow: on the producer, an acknowledgement listener throwing a RuntimeException and one throwing an
        // AssertionError; on the consumer, two such message listeners before the one that records. Every record is
        // delivered once, in order, to the recording listener, and the throws are logged.
        String topic = "rel-throwing-listeners";
        kafka.createTopic(topic, 3, 1);
        try (LogCapture logs = new LogCapture();
             ClusterClient producer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ClusterClient consumer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("listeners that throw", producer, topic)) {
            producer.onProduceAcknowledged(a -> {
                throw new IllegalStateException("a bad acknowledgement listener");
            });
            producer.onProduceAcknowledged(a -> {
                throw new AssertionError("an acknowledgement listener failing an assertion");
            });
            consumer.onMessageReceived(m -> {
                throw new IllegalStateException("a bad message listener");
            });
            consumer.onMessageReceived(m -> {
                throw new AssertionError("a message listener failing an assertion");
            });
            try (DeliveryLog log = new DeliveryLog("listeners that throw", consumer, topic)) {
                consumer.consumeFromEarliest(topic);
                run.produce(5_000);
                RecordLedger.Report r = run.finish(kafka, PHASE);
                DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
                Reliability.verdict("bad input: listeners that throw", r, c, () -> {
                    r.assertSound(true, false);
                    c.assertSound(false);
                    assertTrue(logs.any("listener threw", "an acknowledgement listener failing an assertion"));
                    assertTrue(logs.any("listener threw", "a message listener failing an assertion"));
                });
            }
        }
    }

    @Test
    void aSerializerThatThrowsFailsItsRecordNamingTheTopicAndTheOthersFlow() throws Exception {
        String bad = "rel-bad-serializer";
        String good = "rel-good-beside-it";
        kafka.createTopic(bad, 1, 1);
        kafka.createTopic(good, 2, 1);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("a serializer that throws", client, good)) {
            client.setSerializers(bad, null, (Serializer<Object>) (topic, value) -> {
                throw new IllegalArgumentException("cannot serialize " + value);
            });
            List<CompletableFuture<?>> failing = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                run.produce(100);
                failing.add(client.send(bad, null, (Object) ("object " + i)).toCompletableFuture());
            }
            RecordLedger.Report r = run.finish(kafka, PHASE);
            Reliability.verdict("bad input: a serializer that throws", r, null, () -> {
                r.assertSound(true, false);
                for (CompletableFuture<?> f : failing) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                    assertTrue(e.getCause().getMessage().contains(bad)
                            && e.getCause().toString().contains("cannot serialize"), e.getCause().toString());
                }
            });
        }
    }

    @Test
    void seedsThatAreNotKafkaBrokersAreNamedBackedOffFromAndTheRealOneIsUsed() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tlsAlert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}; // what a TLS listener answers to plaintext
        byte[] garbage = new byte[64];
        new Random(17).nextBytes(garbage);
        garbage[0] = 0x7f; // a frame size of about 2 GB
        String topic = "rel-bad-seeds";
        kafka.createTopic(topic, 2, 1);
        try (FakeServer httpServer = FakeServer.answering(in -> http);
             FakeServer tlsServer = FakeServer.answering(in -> tlsAlert);
             FakeServer garbageServer = FakeServer.answering(in -> garbage);
             LogCapture logs = new LogCapture()) {
            assertNamed(httpServer, logs, "HTTP");
            assertNamed(tlsServer, logs, "TLS");
            assertNamed(garbageServer, logs, "frame");
            // Beside a real broker, the bad seeds cost nothing but their log lines.
            try (ClusterClient client = ClusterClient.create(Reliability.config(httpServer.address() + ","
                    + tlsServer.address() + "," + garbageServer.address() + "," + kafka.bootstrapServers()).build());
                 ProduceRun run = new ProduceRun("seeds that are not Kafka brokers", client, topic)) {
                run.produce(2_000);
                RecordLedger.Report r = run.finish(kafka, PHASE);
                Reliability.verdict("bad input: HTTP, TLS and garbage seeds", r, null,
                        () -> r.assertSound(true, false));
            }
        }
    }

    /** A client with only this seed: its record expires, the log names the seed and the cause, with backoff. */
    private static void assertNamed(FakeServer server, LogCapture logs, String cause) throws Exception {
        try (ClusterClient client = ClusterClient.create(Reliability.config(server.address())
                .messageTtl(Duration.ofSeconds(3)).build())) {
            CompletableFuture<?> f = client.send("any", null, new byte[1]).toCompletableFuture();
            assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        }
        int port = Integer.parseInt(server.address().substring(server.address().indexOf(':') + 1));
        assertTrue(logs.any(Integer.toString(port), cause), "a line names " + server.address() + " and " + cause
                + ": " + logs.lines().stream().filter(l -> l.contains(Integer.toString(port))).limit(5).toList());
        // 3 s of reconnects backing off from 100 ms to at most 1 s: a handful, not a storm.
        assertTrue(server.accepted() >= 2 && server.accepted() <= 15, server.accepted() + " connections in 3 s");
    }
}
