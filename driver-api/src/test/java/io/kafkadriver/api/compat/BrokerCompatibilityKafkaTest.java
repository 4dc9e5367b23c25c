/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.CompressionCodec;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.GroupFailure;
import io.kafkadriver.api.GroupProtocol;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.version.ApiVersionRange;
import io.kafkadriver.protocol.version.SupportedApis;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.KafkaVersion;
import io.kafkadriver.testkit.KafkaVersionsTest;
import io.kafkadriver.testkit.OracleClient;
import io.kafkadriver.testkit.VersionedKafkaBroker;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 20: the driver against every broker version of the matrix ({@link KafkaVersion}; by default 2.8 and 4.1,
 * {@code -Dcompat=all} for 2.8, 3.3, 3.6, 3.9, 4.0 and 4.1), each broker in a JVM of its own running that version's
 * jars, through the public API: the versions negotiated per API, every codec both ways with the official client,
 * admin basics, offsets by timestamp, fetch sessions, consumer groups (classic; KIP-848 on 4.0+ and a clear failure
 * before), and the idempotent producer. Each check logs {@code COMPAT <version> ...} lines to the test log.
 */
class BrokerCompatibilityKafkaTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCompatibilityKafkaTest.class);
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final long BASE_TS = 1_700_000_000_000L;
    private static final ActorTestKit KIT = ActorTestKit.create("compat");

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static ConfigurationBuilder config(VersionedKafkaBroker broker) {
        return Configuration.builder().seeds(broker.bootstrapServers())
                .produceBufferingTime(Duration.ofMillis(5)).produceBatchSize(500)
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    // ----------------------------------------------------------------------------------------------- ApiVersions

    /**
     * The version the driver's connection chose for each API it speaks is the highest both sides have (never below
     * the 4.x floor), against the ranges the broker advertises in a hand-read ApiVersions v0 answer; on 2.8 and 4.1
     * also against the maxima of the protocol notes. ConsumerGroupHeartbeat is refused before 4.0, naming the API.
     */
    @KafkaVersionsTest
    void everyApiIsNegotiatedWithinBothRanges(VersionedKafkaBroker broker) {
        Map<Integer, short[]> advertised = ApiVersionsProbe.ranges(broker.bootstrapServers());
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        String[] hp = broker.bootstrapServers().split(":");
        ActorRef<ConnectionActor.Command> connection = KIT.spawn(ConnectionActor.create(ConnectionSettings.defaults(
                new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), "compat"), events.ref()));
        ConnectionActor.Ready ready = events.expectMessageClass(ConnectionActor.Ready.class, BOUND);
        Map<ApiKey, Short> chosen = new EnumMap<>(ApiKey.class);
        for (Map.Entry<ApiKey, ApiVersionRange> e : SupportedApis.all().entrySet()) {
            ApiKey api = e.getKey();
            ApiVersionRange ours = e.getValue();
            short[] theirs = advertised.get((int) api.id());
            int low = theirs == null ? Integer.MAX_VALUE
                    : Math.max(Math.max(ours.min(), theirs[0]), SupportedApis.floor(api));
            int high = theirs == null ? -1 : Math.min(ours.max(), theirs[1]);
            String broker2 = theirs == null ? "absent" : theirs[0] + "-" + theirs[1];
            if (high >= low) {
                assertTrue(ready.versions().supports(api), api + " should be usable: broker " + broker2);
                assertEquals(high, ready.versions().versionFor(api), api.apiName() + ", broker " + broker2);
                chosen.put(api, (short) high);
                LOG.info("COMPAT {} {} v{} (broker {}, driver {}-{})", broker.version().version(), api.apiName(),
                        high, broker2, ours.min(), ours.max());
            } else {
                assertFalse(ready.versions().supports(api), api + " has no common version: broker " + broker2);
                LOG.info("COMPAT {} {} none (broker {}, driver {}-{})", broker.version().version(), api.apiName(),
                        broker2, ours.min(), ours.max());
            }
        }
        connection.tell(ConnectionActor.Close.INSTANCE);
        events.expectMessageClass(ConnectionActor.Down.class, BOUND);
        Set<ApiKey> missing = SupportedApis.all().keySet().stream().filter(a -> !chosen.containsKey(a))
                .collect(Collectors.toSet());
        Set<ApiKey> expectedMissing = broker.version().consumerGroupProtocol() ? Set.of()
                : Set.of(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        assertEquals(expectedMissing, missing, "APIs without a common version on " + broker.version());
        if (!broker.version().consumerGroupProtocol()) {
            String refusal = refusal(ready, ApiKey.CONSUMER_GROUP_HEARTBEAT);
            assertTrue(refusal.contains("ConsumerGroupHeartbeat"), refusal);
        }
        Map<ApiKey, Integer> notes = notesMaxima(broker.version());
        notes.forEach((api, v) -> assertEquals((short) (int) v, chosen.get(api), api + " on " + broker.version()));
    }

    private static String refusal(ConnectionActor.Ready ready, ApiKey api) {
        try {
            ready.versions().versionFor(api);
            return "no refusal";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The chosen versions the protocol notes' 2.8 and 4.1 columns predict (min of theirs and ours). */
    private static Map<ApiKey, Integer> notesMaxima(KafkaVersion version) {
        return switch (version) {
            case V2_8 -> Map.of(ApiKey.PRODUCE, 9, ApiKey.FETCH, 12, ApiKey.METADATA, 11, ApiKey.LIST_OFFSETS, 6,
                    ApiKey.JOIN_GROUP, 7, ApiKey.OFFSET_COMMIT, 8, ApiKey.OFFSET_FETCH, 7, ApiKey.INIT_PRODUCER_ID, 4,
                    ApiKey.FIND_COORDINATOR, 3, ApiKey.LEAVE_GROUP, 4);
            case V4_1 -> Map.of(ApiKey.PRODUCE, 12, ApiKey.FETCH, 12, ApiKey.METADATA, 12, ApiKey.LIST_OFFSETS, 7,
                    ApiKey.JOIN_GROUP, 9, ApiKey.OFFSET_COMMIT, 9, ApiKey.OFFSET_FETCH, 9, ApiKey.INIT_PRODUCER_ID, 5,
                    ApiKey.CONSUMER_GROUP_HEARTBEAT, 1, ApiKey.FIND_COORDINATOR, 4);
            default -> Map.of();
        };
    }

    // ------------------------------------------------------------------------------------ codecs, both directions

    /**
     * Flow: for each codec, the driver writes 300 records with keys, values, timestamps and headers (one of them
     * null) to 2 partitions, acks=all; the driver and the official client each read them back exactly.
     */
    @KafkaVersionsTest
    void theDriverWritesEveryCodecAndBothClientsReadItBack(VersionedKafkaBroker broker) throws Exception {
        int n = 300;
        for (CompressionCodec codec : CompressionCodec.values()) {
            String topic = "driver-" + codec.name().toLowerCase();
            broker.createTopic(topic, 2);
            try (ClusterClient client = ClusterClient.create(config(broker).compressionCodec(codec)
                    .requiredAcks(RequiredAcks.ALL).build())) {
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    acks.add(client.send(ProducerRecord.of(topic, key(i), value(i)).withPartition(i % 2)
                            .withTimestamp(BASE_TS + i).withHeaders(headers(i))).toCompletableFuture());
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            List<ReceivedMessage> ours = readWithDriver(broker, topic, n);
            assertEquals(n, ours.size(), codec + ": the driver reads every record back");
            ours.forEach(m -> assertRecord(codec, m.partition(), m.value(), m.key(), m.timestamp(), m.headers()));
            assertInOrder(codec, ours);
            List<ConsumerRecord<byte[], byte[]>> official = new OracleClient(broker.bootstrapServers())
                    .readAll(topic, n);
            assertEquals(n, official.size(), codec + ": the official client reads every record back");
            for (ConsumerRecord<byte[], byte[]> r : official) {
                List<Header> hs = new ArrayList<>();
                r.headers().forEach(h -> hs.add(new Header(h.key(), h.value())));
                assertRecord(codec, r.partition(), r.value(), r.key(), r.timestamp(), hs);
            }
            LOG.info("COMPAT {} produce+consume {} ok ({} records, both clients)", broker.version().version(),
                    codec, n);
        }
    }

    /**
     * Flow: for each codec, the official client (kafka-clients 4.1, which speaks to brokers from 2.1) writes 300
     * records with headers; the driver reads every one back exactly, at the offsets the official client was given.
     */
    @KafkaVersionsTest
    void theOfficialClientWritesEveryCodecAndTheDriverReadsItBack(VersionedKafkaBroker broker) throws Exception {
        int n = 300;
        for (CompressionCodec codec : CompressionCodec.values()) {
            String topic = "official-" + codec.name().toLowerCase();
            broker.createTopic(topic, 2);
            List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<org.apache.kafka.common.header.Header> hs = new ArrayList<>();
                headers(i).forEach(h -> hs.add(new RecordHeader(h.key(), h.value())));
                records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % 2, BASE_TS + i, key(i),
                        value(i), hs));
            }
            var written = new OracleClient(broker.bootstrapServers()).produce(records, codec.name().toLowerCase());
            Map<String, Long> offsets = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                offsets.put(written.get(i).partition() + "/" + i, written.get(i).offset());
            }
            List<ReceivedMessage> ours = readWithDriver(broker, topic, n);
            assertEquals(n, ours.size(), codec + ": every record the official client wrote");
            for (ReceivedMessage m : ours) {
                assertRecord(codec, m.partition(), m.value(), m.key(), m.timestamp(), m.headers());
                int seq = ByteBuffer.wrap(m.value()).getInt();
                assertEquals(offsets.get(m.partition() + "/" + seq), m.offset(), codec + " offset of " + seq);
            }
            assertInOrder(codec, ours);
            LOG.info("COMPAT {} official-client interop {} ok ({} records)", broker.version().version(), codec, n);
        }
    }

    /**
     * Flow (2.8 only: from 3.0 on a broker ignores {@code message.format.version}, KIP-724): topics stored in the
     * legacy formats, magic 0 ({@code 0.9.0}) and magic 1 ({@code 0.10.2}); the driver writes 300 records per codec
     * (v2 batches, which the broker converts on append; without headers or idempotence, which the old formats cannot
     * carry, and without zstd, which they do not allow); the official client and the driver read them back exactly:
     * the driver's MessageSet v0/v1 reader against a real broker's bytes, compressed wrappers included.
     */
    @KafkaVersionsTest
    void legacyMessageFormatsWrittenByTheBrokerAreReadBack(VersionedKafkaBroker broker) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(broker.version() == KafkaVersion.V2_8,
                "message.format.version is ignored from 3.0 on (KIP-724)");
        int n = 300;
        for (String format : List.of("0.9.0", "0.10.2")) {
            for (CompressionCodec codec : List.of(CompressionCodec.NONE, CompressionCodec.GZIP,
                    CompressionCodec.SNAPPY, CompressionCodec.LZ4)) {
                String topic = "legacy-" + format + "-" + codec.name().toLowerCase();
                broker.createTopic(topic, 2, Map.of("message.format.version", format));
                try (ClusterClient client = ClusterClient.create(config(broker).compressionCodec(codec)
                        .requiredAcks(RequiredAcks.LEADER).idempotence(false).build())) {
                    List<CompletableFuture<?>> acks = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        acks.add(client.send(ProducerRecord.of(topic, key(i), value(i)).withPartition(i % 2)
                                .withTimestamp(BASE_TS + i)).toCompletableFuture());
                    }
                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
                // Magic 0 has no timestamps: the broker drops them, the readers give -1.
                boolean stamped = !"0.9.0".equals(format);
                List<ConsumerRecord<byte[], byte[]>> official = new OracleClient(broker.bootstrapServers())
                        .readAll(topic, n);
                assertEquals(n, official.size(), format + " " + codec + ": the official client reads it all");
                List<ReceivedMessage> ours = readWithDriver(broker, topic, n);
                assertEquals(n, ours.size(), format + " " + codec + ": the driver reads it all");
                Map<String, Long> officialOffsets = new java.util.HashMap<>();
                official.forEach(r -> officialOffsets.put(r.partition() + "/" + ByteBuffer.wrap(r.value()).getInt(),
                        r.offset()));
                for (ReceivedMessage m : ours) {
                    int seq = ByteBuffer.wrap(m.value()).getInt();
                    assertArrayEquals(value(seq), m.value(), format + " " + codec + " value " + seq);
                    assertArrayEquals(key(seq), m.key(), format + " " + codec + " key " + seq);
                    assertEquals(stamped ? BASE_TS + seq : -1L, m.timestamp(), format + " " + codec + " ts " + seq);
                    assertEquals(officialOffsets.get(m.partition() + "/" + seq), m.offset(),
                            format + " " + codec + " offset of " + seq);
                    assertEquals(List.of(), m.headers());
                }
                assertInOrder(codec, ours);
                LOG.info("COMPAT {} legacy format {} {} ok ({} records, both clients)", broker.version().version(),
                        format, codec, n);
            }
        }
    }

    private static List<ReceivedMessage> readWithDriver(VersionedKafkaBroker broker, String topic, int n) {
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        try (ClusterClient reader = ClusterClient.create(config(broker).build())) {
            reader.onMessageReceived(got::add);
            reader.consumeFromEarliest(topic);
            Bounded.waitUntil(BOUND, () -> got.size() >= n);
        }
        return List.copyOf(got);
    }

    private static void assertRecord(CompressionCodec codec, int partition, byte[] value, byte[] key, long ts,
            List<Header> headers) {
        int seq = ByteBuffer.wrap(value).getInt();
        assertArrayEquals(value(seq), value, codec + " value " + seq);
        assertArrayEquals(key(seq), key, codec + " key " + seq);
        assertEquals(seq % 2, partition, codec + " partition of " + seq);
        assertEquals(BASE_TS + seq, ts, codec + " timestamp of " + seq);
        assertEquals(headers(seq), headers, codec + " headers of " + seq);
    }

    private static void assertInOrder(CompressionCodec codec, List<ReceivedMessage> messages) {
        Map<Integer, Integer> last = new java.util.HashMap<>();
        for (ReceivedMessage m : messages) {
            int seq = ByteBuffer.wrap(m.value()).getInt();
            Integer before = last.put(m.partition(), seq);
            assertTrue(before == null || before < seq, codec + ": partition " + m.partition() + " gave " + before
                    + " then " + seq);
        }
    }

    private static byte[] key(int i) {
        return OracleClient.utf8("key-" + i);
    }

    private static byte[] value(int i) {
        return ByteBuffer.allocate(40).putInt(i).put(OracleClient.utf8("compat value")).array();
    }

    private static List<Header> headers(int i) {
        return List.of(new Header("seq", OracleClient.utf8(Integer.toString(i))), new Header("empty", null));
    }

    // -------------------------------------------------------------------------------- admin, timestamps, sessions

    @KafkaVersionsTest
    void topicsAreCreatedListedAndDeleted(VersionedKafkaBroker broker) throws Exception {
        try (ClusterClient client = ClusterClient.create(config(broker).build())) {
            await(client.createTopic("admin-compat", 3, 1));
            assertTrue(await(client.listTopics()).contains("admin-compat"));
            assertEquals(List.of(0, 1, 2), await(client.partitions("admin-compat")));
            assertTrue(new OracleClient(broker.bootstrapServers()).listTopics().contains("admin-compat"));
            await(client.deleteTopic("admin-compat"));
            // 2.8 deletes through ZooKeeper after answering: the listing catches up a moment later.
            Bounded.waitFor("admin-compat gone from the listing", BOUND,
                    () -> !new OracleClient(broker.bootstrapServers()).listTopics().contains("admin-compat"));
            LOG.info("COMPAT {} admin create/list/delete ok", broker.version().version());
        }
    }

    /** Flow: ten records a second apart; the offset for a time between the 5th and 6th is 5, and so is the start. */
    @KafkaVersionsTest
    void offsetsAreFoundByTimestampAndConsumptionStartsThere(VersionedKafkaBroker broker) throws Exception {
        broker.createTopic("by-time", 1);
        try (ClusterClient client = ClusterClient.create(config(broker).build())) {
            for (int i = 0; i < 10; i++) {
                await(client.send(ProducerRecord.of("by-time", key(i), value(i)).withTimestamp(BASE_TS + i * 1000L)));
            }
            assertEquals(5L, await(client.offsetForTimestamp("by-time", 0, BASE_TS + 4500)));
            assertEquals(-1L, await(client.offsetForTimestamp("by-time", 0, BASE_TS + 60_000)));
            List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
            client.onMessageReceived(got::add);
            client.consumeFromTimestamp("by-time", 0, BASE_TS + 4500);
            Bounded.waitFor("records 5 to 9", BOUND, () -> got.size() >= 5);
            assertEquals(List.of(5L, 6L, 7L, 8L, 9L), got.stream().map(ReceivedMessage::offset).toList());
            LOG.info("COMPAT {} offsets by timestamp ok", broker.version().version());
        }
    }

    /**
     * Flow: a consumer of 3 partitions gets three waves of records, one partition paused during the second and
     * resumed after; while it runs, the broker counts one more incremental fetch session (its own JMX gauge),
     * and every record arrives once, in order; the client's close closes the session (the gauge comes back).
     */
    @KafkaVersionsTest
    void fetchSessionsCarryAConsumerThroughWavesAndAPause(VersionedKafkaBroker broker) throws Exception {
        String topic = "sessions";
        broker.createTopic(topic, 3);
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        // The clients of earlier tests closed their sessions, but a session a fetcher started over (after an error)
        // stays in the broker's cache until evicted: this consumer must add one, and remove it on close.
        long before = incrementalSessions(broker);
        try (ClusterClient client = ClusterClient.create(config(broker).build())) {
            client.onMessageReceived(got::add);
            client.consumeFromEarliest(topic);
            int total = 0;
            for (int wave = 0; wave < 3; wave++) {
                if (wave == 1) {
                    client.pause(topic, 1);
                }
                for (int i = 0; i < 90; i++) {
                    client.produce(ProducerRecord.of(topic, key(total), value(total)).withPartition(i % 3));
                    total++;
                }
                await(client.flush());
                int expected = wave == 1 ? total - 30 : total;
                Bounded.waitFor("wave " + wave, BOUND, () -> got.size() >= expected);
                if (wave == 1) {
                    client.resume(topic, 1);
                }
            }
            int all = total;
            Bounded.waitFor("every record", BOUND, () -> got.size() >= all);
            Bounded.waitFor("a new incremental fetch session on the broker (it had " + before + ")", BOUND,
                    () -> incrementalSessions(broker) > before);
            LOG.info("COMPAT {} fetch sessions ok ({} incremental on the broker, {} before)",
                    broker.version().version(), incrementalSessions(broker), before);
        }
        Bounded.waitFor("the fetch session closed with the client (the broker had " + before + " before it)", BOUND,
                () -> incrementalSessions(broker) <= before);
        assertEquals(270, got.size());
        assertEquals(270, got.stream().map(m -> m.partition() + "@" + m.offset()).distinct().count(), "no repeats");
        for (int p = 0; p < 3; p++) {
            int partition = p;
            List<Long> offsets = got.stream().filter(m -> m.partition() == partition).map(ReceivedMessage::offset)
                    .toList();
            assertEquals(java.util.stream.LongStream.range(0, 90).boxed().toList(), offsets, "partition " + p);
        }
    }

    private static long incrementalSessions(VersionedKafkaBroker broker) {
        return broker.jmxSum("kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions,*", "Value");
    }

    // -------------------------------------------------------------------------------------------- groups, producer

    /**
     * Flow: two members of a classic group (and, on 4.0+, two of a KIP-848 group) consume 200 records between them
     * and, as the broker describes the group (official admin client), split its 4 partitions; their commits reach
     * the broker, and a new member resumes from them. Before 4.0 a
     * KIP-848 member fails at once with an error naming ConsumerGroupHeartbeat, and never hangs.
     */
    @KafkaVersionsTest
    void consumerGroupsShareTheWorkAndCommit(VersionedKafkaBroker broker) throws Exception {
        ConsumerGroupConfiguration classic = ConsumerGroupConfiguration.builder().sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500)).rebalanceTimeout(Duration.ofSeconds(10)).build();
        ConsumerGroupConfiguration kip848 = ConsumerGroupConfiguration.builder().protocol(GroupProtocol.CONSUMER)
                .rebalanceTimeout(Duration.ofSeconds(10)).build();
        String classicTopic = grouped(broker, "grouped-classic");
        shareAndCommit(broker, "classic-group", classicTopic, classic);
        resumeFromCommits(broker, "classic-group", classicTopic, classic);
        String kip848Topic = grouped(broker, "grouped-kip848");
        if (broker.version().consumerGroupProtocol()) {
            shareAndCommit(broker, "kip848-group", kip848Topic, kip848);
            resumeFromCommits(broker, "kip848-group", kip848Topic, kip848);
        } else {
            assertKip848Refused(broker, kip848Topic, kip848);
        }
    }

    /** A topic of 4 partitions holding 200 records, 50 each. */
    private static String grouped(VersionedKafkaBroker broker, String topic) throws Exception {
        broker.createTopic(topic, 4);
        try (ClusterClient producer = ClusterClient.create(config(broker).build())) {
            for (int i = 0; i < 200; i++) {
                producer.produce(ProducerRecord.of(topic, key(i), value(i)).withPartition(i % 4));
            }
            await(producer.flush());
        }
        return topic;
    }

    private static void shareAndCommit(VersionedKafkaBroker broker, String group, String topic,
            ConsumerGroupConfiguration settings) throws Exception {
        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        List<String> repeats = new CopyOnWriteArrayList<>();
        List<ClusterClient> members = new ArrayList<>();
        try {
            for (int m = 0; m < 2; m++) {
                ClusterClient member = ClusterClient.create(config(broker).build());
                members.add(member);
                member.onMessageReceived(r -> {
                    if (got.putIfAbsent(r.partition() + "@" + r.offset(), r) != null) {
                        repeats.add(r.partition() + "@" + r.offset());
                    }
                });
                // As the README's group example: a member commits what it consumed before a partition moves away,
                // so the next owner starts there.
                member.onPartitionsRevoked(p -> commitNow(member, group));
                member.subscribe(group, List.of(topic), settings);
            }
            Bounded.waitFor(group + ": 200 records", BOUND, () -> got.size() >= 200);
            GroupType type = settings.protocol() == GroupProtocol.CONSUMER ? GroupType.CONSUMER : GroupType.CLASSIC;
            Bounded.waitFor(group + ": two " + type + " members splitting 4 partitions, as the broker describes it",
                    BOUND, () -> splitByTwo(broker, group, type));
            for (ClusterClient member : members) {
                await(member.commit(group));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = broker.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (int p = 0; p < 4; p++) {
                OffsetAndMetadata o = committed.get(new TopicPartition(topic, p));
                assertTrue(o != null && o.offset() == 50, group + " partition " + p + " committed " + o);
            }
        } finally {
            members.forEach(ClusterClient::close);
        }
        // With the commit on revoke nothing should repeat; the group's guarantee is at least once, so repeats are
        // logged rather than failed (GroupGuaranteesKafkaTest holds the exactly-once-with-commits checks).
        assertEquals(200, got.size());
        LOG.info("COMPAT {} group {} ({}) ok, {} records repeated across a rebalance", broker.version().version(),
                group, settings.protocol(), repeats.size());
    }

    /**
     * Eight more records (two per partition) are written; a new member of the group, subscribing afterwards, gets
     * exactly those: it started at the committed offsets, 50 (OffsetFetch, whose shape changed at v8 and again at
     * v9).
     */
    private static void resumeFromCommits(VersionedKafkaBroker broker, String group, String topic,
            ConsumerGroupConfiguration settings) throws Exception {
        long committed = 50;
        try (ClusterClient producer = ClusterClient.create(config(broker).build())) {
            for (int i = 0; i < 8; i++) {
                producer.produce(ProducerRecord.of(topic, key(1000 + i), value(1000 + i)).withPartition(i % 4));
            }
            await(producer.flush());
        }
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        try (ClusterClient member = ClusterClient.create(config(broker).build())) {
            member.onMessageReceived(got::add);
            member.subscribe(group, List.of(topic), settings);
            Bounded.waitFor(group + ": the 8 records after the commits", BOUND, () -> got.size() >= 8);
            await(member.commit(group));
        }
        assertEquals(8, got.size(), group + " resumed: " + got);
        for (ReceivedMessage m : got) {
            assertTrue(m.offset() == committed || m.offset() == committed + 1, group + " resumed at " + m);
        }
        LOG.info("COMPAT {} group {} ({}) resumed from its commits", broker.version().version(), group,
                settings.protocol());
    }

    private static void commitNow(ClusterClient member, String group) {
        try {
            member.commit(group).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: the commit on revoke failed: {}", group, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the broker describes the group as two members of that type owning the 4 partitions between them. */
    private static boolean splitByTwo(VersionedKafkaBroker broker, String group, GroupType type) {
        try {
            ConsumerGroupDescription d = broker.admin().describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            List<Set<TopicPartition>> owned = d.members().stream()
                    .map(m -> m.assignment().topicPartitions()).toList();
            Set<TopicPartition> union = new java.util.HashSet<>();
            owned.forEach(union::addAll);
            return d.type() == type && owned.size() == 2 && owned.stream().noneMatch(Set::isEmpty)
                    && union.size() == 4 && owned.get(0).size() + owned.get(1).size() == 4;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("describe {}: {}", group, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void assertKip848Refused(VersionedKafkaBroker broker, String topic,
            ConsumerGroupConfiguration kip848) {
        List<GroupFailure> failures = new CopyOnWriteArrayList<>();
        try (ClusterClient member = ClusterClient.create(config(broker).build())) {
            member.onGroupFailed(failures::add);
            member.subscribe("kip848-on-old", List.of(topic), kip848);
            Bounded.waitFor("the KIP-848 member's failure", Duration.ofSeconds(30), () -> !failures.isEmpty());
        }
        String message = failures.get(0).error().getMessage();
        LOG.info("COMPAT {} KIP-848 refused: {}", broker.version().version(), message);
        assertTrue(message.contains("ConsumerGroupHeartbeat"), message);
        assertTrue(message.contains("CLASSIC"), message);
        assertTrue(message.contains(broker.bootstrapServers()), "names the coordinator's address: " + message);
    }

    /**
     * Flow: with acks=all (idempotence on by default) 2,000 records go to 2 partitions; the broker shows an active
     * producer id with the last sequence 999 on each partition (DescribeProducers), and the official client reads
     * the 2,000 back once each.
     */
    @KafkaVersionsTest
    void theIdempotentProducerIsRegisteredAndWritesEachRecordOnce(VersionedKafkaBroker broker) throws Exception {
        String topic = "idempotent";
        broker.createTopic(topic, 2);
        try (ClusterClient client = ClusterClient.create(config(broker).requiredAcks(RequiredAcks.ALL).build())) {
            for (int i = 0; i < 2000; i++) {
                client.produce(ProducerRecord.of(topic, key(i), value(i)).withPartition(i % 2));
            }
            await(client.flush());
        }
        Collection<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        var described = broker.admin().describeProducers(partitions).all().get(30, TimeUnit.SECONDS);
        for (TopicPartition tp : partitions) {
            List<ProducerState> active = described.get(tp).activeProducers();
            assertEquals(1, active.size(), tp + ": " + active);
            assertTrue(active.get(0).producerId() >= 0, tp + ": " + active);
            assertEquals(999, active.get(0).lastSequence(), tp + ": " + active);
        }
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(broker.bootstrapServers()).readAll(topic, 2000);
        assertEquals(2000, read.stream().map(r -> ByteBuffer.wrap(r.value()).getInt()).distinct().count());
        LOG.info("COMPAT {} idempotent produce ok (producer {} epoch {})", broker.version().version(),
                described.get(partitions.iterator().next()).activeProducers().get(0).producerId(),
                described.get(partitions.iterator().next()).activeProducers().get(0).producerEpoch());
    }
}
