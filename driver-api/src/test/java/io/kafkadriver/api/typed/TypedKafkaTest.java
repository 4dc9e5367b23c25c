package io.kafkadriver.api.typed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.DeserializationFailure;
import io.kafkadriver.api.Deserializer;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.KafkaConsumer;
import io.kafkadriver.api.KafkaProducer;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.Received;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.Serde;
import io.kafkadriver.api.Serdes;
import io.kafkadriver.api.Undelivered;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The typed producer and consumer against a real broker: built-in and custom serdes both ways, interop with the
 * official client's serializers, {@code send} failing only through its stage, and a throwing deserializer under each
 * {@code consumerErrorStrategy} (simple consumer and group).
 */
@KafkaClusterTest(brokers = 1, brokerProperties = "auto.create.topics.enable=false")
class TypedKafkaTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    /** A custom type with a text form. */
    record Price(String symbol, long cents) {
    }

    private static final Serde<Price> PRICES = Serde.of(
            (topic, p) -> (p.symbol() + ":" + p.cents()).getBytes(StandardCharsets.UTF_8),
            (topic, b) -> {
                String[] parts = new String(b, StandardCharsets.UTF_8).split(":");
                return new Price(parts[0], Long.parseLong(parts[1]));
            });

    private static io.kafkadriver.api.ConfigurationBuilder base(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers()).produceBufferingTime(Duration.ofMillis(5))
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    @Test
    void builtInSerdesInteroperateWithTheOfficialClientBothWays(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("typed-out", 2, 1);
        kafka.createTopic("typed-in", 1, 1);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        List<ProducerRecord<byte[], byte[]>> official = new ArrayList<>();
        var ints = new org.apache.kafka.common.serialization.IntegerSerializer();
        var uuids = new org.apache.kafka.common.serialization.UUIDSerializer();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID id = new UUID(i, -i);
            ids.add(id);
            official.add(new ProducerRecord<>("typed-in", 0, ints.serialize("typed-in", i),
                    uuids.serialize("typed-in", id)));
        }
        oracle.produce(official, "none");
        try (ClusterClient client = ClusterClient.create(base(kafka).build());
             KafkaProducer<String, Long> out = KafkaProducer.create(client, "typed-out", Serdes.ofString(),
                     Serdes.ofLong());
             KafkaConsumer<Integer, UUID> in = KafkaConsumer.create(client, "typed-in", Serdes.ofInteger(),
                     Serdes.ofUuid())) {
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (long i = 0; i < 500; i++) {
                sent.add(out.send("k" + i, i * 1_000_000_007L).toCompletableFuture());
            }
            assertTrue(out.produce(null, null), "a null key and value go as nulls");
            for (CompletableFuture<RecordMetadata> f : sent) {
                assertEquals("typed-out", f.get(30, TimeUnit.SECONDS).topic());
            }
            List<Received<Integer, UUID>> received = new CopyOnWriteArrayList<>();
            in.onMessage(received::add);
            in.consumeFromEarliest();
            Bounded.waitFor("200 typed records", BOUND, () -> received.size() >= 200);
            assertEquals(200, received.size());
            for (int i = 0; i < 200; i++) {
                Received<Integer, UUID> r = received.get(i);
                assertEquals(i, r.key());
                assertEquals(ids.get(i), r.value());
                assertEquals(i, r.offset());
                assertEquals(null, r.groupId());
            }
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        var strings = new org.apache.kafka.common.serialization.StringDeserializer();
        var longs = new org.apache.kafka.common.serialization.LongDeserializer();
        List<String> read = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : oracle.readAll("typed-out", 501)) {
            read.add(strings.deserialize("typed-out", r.key()) + "=" + longs.deserialize("typed-out", r.value()));
        }
        assertEquals(501, read.size());
        assertTrue(read.contains("null=null"));
        for (long i = 0; i < 500; i++) {
            assertTrue(read.contains("k" + i + "=" + i * 1_000_000_007L), "k" + i);
        }
    }

    @Test
    void customSerdesWithPartitionTimestampAndHeadersAndTheClientsRegisteredOnes(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("typed-custom", 3, 1);
        kafka.createTopic("typed-registered", 1, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            KafkaProducer<String, Price> out = KafkaProducer.create(client, "typed-custom", Serdes.ofString(), PRICES);
            RecordMetadata m = out.send("EURUSD", new Price("EURUSD", 10_712), 2, 1_600_000_000_000L,
                    List.of(new Header("source", "test".getBytes(StandardCharsets.UTF_8)))).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(2, m.partition());
            // The client's registered serializers and deserializers, for the producer and consumer made without.
            client.setSerializers("typed-registered", Serdes.ofInteger(), null);
            client.setDefaultSerializers(null, PRICES);
            client.setDeserializers("typed-registered", Serdes.ofInteger(), null);
            client.setDefaultDeserializers(null, PRICES);
            KafkaProducer<Integer, Price> registered = KafkaProducer.create(client, "typed-registered");
            registered.send(7, new Price("GBPUSD", 12_000)).toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<Received<String, Price>> custom = new CopyOnWriteArrayList<>();
            KafkaConsumer<String, Price> in = KafkaConsumer.create(client, "typed-custom", Serdes.ofString(), PRICES);
            in.onMessage(custom::add);
            in.consumeFromEarliest(2);
            List<Received<Integer, Price>> viaClient = new CopyOnWriteArrayList<>();
            KafkaConsumer<Integer, Price> in2 = KafkaConsumer.create(client, "typed-registered");
            in2.onMessage(viaClient::add);
            in2.consumeFromEarliest();
            Bounded.waitFor("both records", BOUND, () -> custom.size() == 1 && viaClient.size() == 1);
            Received<String, Price> r = custom.get(0);
            assertEquals("EURUSD", r.key());
            assertEquals(new Price("EURUSD", 10_712), r.value());
            assertEquals(2, r.partition());
            assertEquals(1_600_000_000_000L, r.timestamp());
            assertEquals("source", r.headers().get(0).key());
            assertEquals(7, viaClient.get(0).key());
            assertEquals(new Price("GBPUSD", 12_000), viaClient.get(0).value());

            client.setDefaultDeserializers(null, null);
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> KafkaConsumer.create(client, "other"));
            assertTrue(none.getMessage().contains("no key deserializer for topic other"), none.getMessage());
            in.close();
            in2.close();
        }
    }

    @Test
    void sendFailsOnlyThroughItsStageAndDiscardsHandBackTheOriginalObjects(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("typed-full", 1, 1);
        List<Undelivered<String, Price>> discarded = new CopyOnWriteArrayList<>();
        ClusterClient client = ClusterClient.create(base(kafka).produceBufferingTime(Duration.ofSeconds(30))
                .maxBufferedMessages(1).overflowStrategy(OverflowStrategy.DISCARD).build());
        KafkaProducer<String, Price> out = KafkaProducer.create(client, "typed-full", Serdes.ofString(), PRICES);
        out.onMessageDiscarded(discarded::add);
        CompletableFuture<RecordMetadata> first = out.send("a", new Price("A", 1)).toCompletableFuture();
        Price second = new Price("B", 2);
        CompletableFuture<RecordMetadata> full = out.send("b", second).toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> full.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ProduceFailedException, String.valueOf(e.getCause()));
        assertEquals(1, discarded.size());
        assertEquals("b", discarded.get(0).key());
        assertEquals(second, discarded.get(0).value(), "the original object, not its bytes");
        assertFalse(discarded.get(0).expired());

        KafkaProducer<Object, Object> noSerializer = KafkaProducer.create(client, "typed-full");
        CompletableFuture<RecordMetadata> unserializable = noSerializer.send(null, new Object())
                .toCompletableFuture();
        e = assertThrows(ExecutionException.class, () -> unserializable.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalArgumentException
                && e.getCause().getMessage().contains("no serializer for a value"), String.valueOf(e.getCause()));

        client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(0, first.get(30, TimeUnit.SECONDS).offset());
        client.close();
        CompletableFuture<RecordMetadata> afterClose = out.send("c", new Price("C", 3)).toCompletableFuture();
        e = assertThrows(ExecutionException.class, () -> afterClose.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertThrows(IllegalStateException.class, () -> out.produce("d", new Price("D", 4)),
                "produce, unlike send, throws after close");
    }

    /** Values "ok-n" read as n; anything else throws, unless {@code lenient} is set. */
    private static Deserializer<Integer> picky(AtomicBoolean lenient) {
        return (topic, data) -> {
            String s = new String(data, StandardCharsets.UTF_8);
            if (s.startsWith("ok-")) {
                return Integer.parseInt(s.substring(3));
            }
            if (lenient.get()) {
                return -1;
            }
            throw new IllegalArgumentException("not a number: " + s);
        };
    }

    private static void produceValues(ClusterClient client, String topic, int partition, List<String> values)
            throws Exception {
        for (String v : values) {
            client.produce(topic, partition, null, v.getBytes(StandardCharsets.UTF_8));
        }
        client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void underDiscardARecordThatCannotBeDeserializedIsSkippedWithAnEvent(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("typed-discard", 1, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            produceValues(client, "typed-discard", 0, List.of("ok-0", "ok-1", "ok-2", "bad", "ok-4", "ok-5", "ok-6",
                    "worse", "ok-8", "ok-9"));
            List<Long> offsets = new CopyOnWriteArrayList<>();
            List<DeserializationFailure> failures = new CopyOnWriteArrayList<>();
            KafkaConsumer<byte[], Integer> in = KafkaConsumer.create(client, "typed-discard", Serdes.ofByteArray(),
                    picky(new AtomicBoolean()));
            List<String> mismatches = new CopyOnWriteArrayList<>();
            in.onMessage(r -> {
                if (r.offset() != r.value()) {
                    mismatches.add(r.toString());
                }
                offsets.add(r.offset());
            });
            in.onDeserializationFailed(failures::add);
            in.consumeFromEarliest();
            Bounded.waitFor("8 records and 2 failures", BOUND, () -> offsets.size() == 8 && failures.size() == 2);
            assertEquals(List.of(0L, 1L, 2L, 4L, 5L, 6L, 8L, 9L), offsets);
            assertEquals(List.of(), mismatches, "each value is its offset");
            assertEquals(List.of(3L, 7L), failures.stream().map(DeserializationFailure::offset).toList());
            assertFalse(failures.get(0).held());
            assertEquals("bad", new String(failures.get(0).value(), StandardCharsets.UTF_8));
            assertTrue(failures.get(0).error().getMessage().contains("not a number: bad"));
            in.close();
        }
    }

    @Test
    void underRetryThePartitionPausesAtTheRecordOthersGoOnAndAResumeDeliversItOnce(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("typed-retry", 2, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).consumerErrorStrategy(ErrorStrategy.RETRY)
                .build())) {
            List<String> p0 = new ArrayList<>();
            List<String> p1 = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                p0.add(i == 5 ? "bad" : "ok-" + i);
                p1.add("ok-" + i);
            }
            produceValues(client, "typed-retry", 0, p0);
            produceValues(client, "typed-retry", 1, p1);
            AtomicBoolean lenient = new AtomicBoolean();
            List<String> got = new CopyOnWriteArrayList<>();
            List<DeserializationFailure> failures = new CopyOnWriteArrayList<>();
            KafkaConsumer<byte[], Integer> in = KafkaConsumer.create(client, "typed-retry", Serdes.ofByteArray(),
                    picky(lenient));
            in.onMessage(r -> got.add(r.partition() + "@" + r.offset() + "=" + r.value()));
            in.onDeserializationFailed(failures::add);
            in.consumeFromEarliest();
            Bounded.waitFor("partition 1 whole, partition 0 held at 5", BOUND,
                    () -> failures.size() == 1 && got.stream().filter(s -> s.startsWith("1@")).count() == 10);
            assertTrue(failures.get(0).held());
            assertEquals(5, failures.get(0).offset());
            assertEquals(List.of("0@0=0", "0@1=1", "0@2=2", "0@3=3", "0@4=4"),
                    got.stream().filter(s -> s.startsWith("0@")).toList(), "nothing after the held record");
            lenient.set(true);
            in.resume(0);
            Bounded.waitFor("partition 0 whole", BOUND, () -> got.stream().filter(s -> s.startsWith("0@")).count()
                    >= 10);
            assertEquals(List.of("0@0=0", "0@1=1", "0@2=2", "0@3=3", "0@4=4", "0@5=-1", "0@6=6", "0@7=7", "0@8=8",
                    "0@9=9"), got.stream().filter(s -> s.startsWith("0@")).toList(), "the held record once, then on");
            assertEquals(1, failures.size());
            in.close();
        }
    }

    @Test
    void underRetryAGroupNeverCommitsPastTheHeldRecord(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("typed-group", 1, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).consumerErrorStrategy(ErrorStrategy.RETRY)
                .build());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers()))) {
            produceValues(client, "typed-group", 0, List.of("ok-0", "ok-1", "ok-2", "bad", "ok-4", "ok-5"));
            AtomicBoolean lenient = new AtomicBoolean();
            List<Long> offsets = new CopyOnWriteArrayList<>();
            List<DeserializationFailure> failures = new CopyOnWriteArrayList<>();
            KafkaConsumer<byte[], Integer> in = KafkaConsumer.create(client, "typed-group", Serdes.ofByteArray(),
                    picky(lenient));
            List<String> groups = new CopyOnWriteArrayList<>();
            in.onMessage(r -> {
                groups.add(r.groupId());
                offsets.add(r.offset());
            });
            in.onDeserializationFailed(failures::add);
            in.subscribe("typed-group-readers", ConsumerGroupConfiguration.builder().autoCommitEvery(null)
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).sessionTimeout(Duration.ofSeconds(6))
                    .heartbeatInterval(Duration.ofMillis(500)).build());
            Bounded.waitFor("3 records then the hold", BOUND, () -> failures.size() == 1 && offsets.size() == 3);
            assertEquals("typed-group-readers", failures.get(0).groupId());
            in.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(3L, committed(admin), "the commit stops before the held record");
            lenient.set(true);
            in.resume(0);
            Bounded.waitFor("the rest", BOUND, () -> offsets.size() == 6);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), offsets);
            assertTrue(groups.stream().allMatch("typed-group-readers"::equals), groups.toString());
            in.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(6L, committed(admin));
            in.close();
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                .listConsumerGroupOffsets("typed-group-readers").partitionsToOffsetAndMetadata().get(30,
                        TimeUnit.SECONDS);
        return offsets.get(new org.apache.kafka.common.TopicPartition("typed-group", 0)).offset();
    }
}
