package io.kafkadriver.api.consume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.ConsumeAudit;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer against a real broker, with records written by the official Java client: every codec with headers,
 * exactly once and in order per partition; latest, offset and timestamp starts; pause/resume; stop; out-of-range
 * reset with its data-loss event.
 */
// The broker's retention check runs all the time here, so that records stamped years ago, as these tests write, are
// deleted at once if the test kit ever stops disabling time-based retention (issue 12), not only when the timing
// happens to put the first check, 30 s after the broker starts, in the middle of a test.
@KafkaClusterTest(brokers = 1, brokerProperties = {"log.initial.task.delay.ms=0",
        "log.retention.check.interval.ms=100"})
class ConsumeKafkaTest {
    private static final int RECORDS = Integer.getInteger("consume.records", 1_000_000);
    private static final Duration BOUND = Duration.ofSeconds(60);

    static ConfigurationBuilder base(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    static byte[] value(int i) {
        byte[] v = new byte[100];
        ByteBuffer.wrap(v).putInt(i).putInt(~i);
        return v;
    }

    static void write(EmbeddedKafkaCluster kafka, String topic, int partitions, int count, String codec, long baseTs) {
        kafka.createTopic(topic, partitions, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(topic, i % partitions, baseTs + i, OracleClient.utf8("k" + i), value(i),
                    List.of(new RecordHeader("seq", OracleClient.utf8(Integer.toString(i))))));
        }
        new OracleClient(kafka.bootstrapServers()).produce(records, codec);
    }

    static void await(BooleanSupplier condition, String what) {
        Bounded.waitFor(what, BOUND, condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyRecordWrittenByTheJavaClientArrivesOnceInOrder(String codec, EmbeddedKafkaCluster kafka)
            throws Exception {
        String topic = "consume-" + codec;
        int partitions = 4;
        write(kafka, topic, partitions, RECORDS, codec, 1_600_000_000_000L);
        // Counted over the whole run, per partition: lost, duplicated, out of order, altered (issue 12).
        ConsumeAudit audit = ConsumeAudit.fromZero(partitions, RECORDS / partitions);
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            client.onMessageReceived(m -> {
                audit.record(m.partition(), m.offset());
                int seq = ByteBuffer.wrap(m.value()).getInt();
                if (seq != m.offset() * partitions + m.partition() || (seq % 997 == 0
                        && (!new String(m.key()).equals("k" + seq) || m.timestamp() != 1_600_000_000_000L + seq
                        || !new String(m.headers().get(0).value()).equals(Integer.toString(seq))
                        || !java.util.Arrays.equals(m.value(), value(seq))))) {
                    audit.recordAltered(m.partition(), m.offset());
                }
            });
            client.consumeFromEarliest(topic);
            Bounded.waitUntil(BOUND, audit::complete);
        }
        assertEquals(List.of(), audit.problems(), audit.received() + " delivered of " + RECORDS);
        assertEquals(RECORDS, audit.received(), "exactly once");
    }

    @Test
    void latestOffsetAndTimestampStartWhereTheyShould(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "starts";
        write(kafka, topic, 1, 100, "none", 1_000_000L);
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            assertEquals(0L, client.earliestOffset(topic, 0).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals(100L, client.latestOffset(topic, 0).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals(40L, client.offsetForTimestamp(topic, 0, 1_000_040L).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
            assertEquals(List.of(0), client.partitions(topic).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertTrue(client.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS).contains(topic));

            Map<String, List<Long>> seen = new ConcurrentHashMap<>();
            client.onMessageReceived(m -> seen.computeIfAbsent(m.topic() + "/" + m.partition(), k ->
                    new CopyOnWriteArrayList<>()).add(m.offset()));
            client.consume(topic, 0, 90);
            await(() -> seen.getOrDefault(topic + "/0", List.of()).size() >= 10, "offset start");
            assertEquals(90L, seen.get(topic + "/0").get(0));
            client.stopConsume(topic);

            String ts = "starts-ts";
            write(kafka, ts, 1, 100, "none", 1_000_000L);
            client.consumeFromTimestamp(ts, 1_000_075L);
            await(() -> seen.getOrDefault(ts + "/0", List.of()).size() >= 25, "timestamp start");
            assertEquals(75L, seen.get(ts + "/0").get(0));

            String latest = "starts-latest";
            write(kafka, latest, 1, 50, "none", 1_000_000L);
            client.consumeFromLatest(latest);
            // Wait until the start position is resolved: a record produced now must be the first one seen.
            await(() -> {
                try {
                    var sent = client.send(latest, null, value(999)).toCompletableFuture();
                    client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    sent.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return !seen.getOrDefault(latest + "/0", List.of()).isEmpty();
            }, "latest start");
            assertTrue(seen.get(latest + "/0").get(0) >= 50, "only records after the start: " + seen.get(latest + "/0"));
        }
    }

    @Test
    void pauseStopsDeliveryAndResumeGoesOnWithoutGapsOrRepeats(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "pause";
        int n = 50_000;
        write(kafka, topic, 2, n, "lz4", 1_000_000L);
        kafka.createTopic("pause-marker", 1, 1);
        List<Long>[] offsets = new List[] {new CopyOnWriteArrayList<Long>(), new CopyOnWriteArrayList<Long>()};
        CountDownLatch reachedPause = new CountDownLatch(1);
        CountDownLatch marker = new CountDownLatch(1);
        AtomicLong count = new AtomicLong();
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            client.onMessageReceived(m -> {
                if (m.topic().equals("pause-marker")) {
                    marker.countDown();
                    return;
                }
                offsets[m.partition()].add(m.offset());
                if (count.incrementAndGet() == 10_000) {
                    client.pause(topic); // from the listener: no record after this one until resume
                    reachedPause.countDown();
                }
            });
            client.consumeFromEarliest(topic);
            client.consumeFromEarliest("pause-marker"); // empty until the marker: earliest cannot miss it
            assertTrue(reachedPause.await(BOUND.toSeconds(), TimeUnit.SECONDS));
            // While paused, a record of another topic goes through the same delivery thread: once it arrived, the
            // paused topic's records fetched before or after it would have too, had the pause not held them.
            var sent = client.send("pause-marker", null, value(1)).toCompletableFuture();
            client.flush();
            sent.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertTrue(marker.await(BOUND.toSeconds(), TimeUnit.SECONDS), "the other topic is still delivered");
            assertEquals(10_000, count.get(), "no record of the paused topic after the pause");
            client.resume(topic);
            await(() -> count.get() >= n, count.get() + " of " + n);
            client.stopConsume(topic);
        }
        for (List<Long> o : offsets) {
            for (int i = 0; i < o.size(); i++) {
                assertEquals((long) i, o.get(i), "no gap and no repeat");
            }
        }
        assertEquals(n, offsets[0].size() + offsets[1].size());
    }

    @Test
    void anOutOfRangeOffsetResetsAsConfiguredWithADataLossEvent(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "out-of-range";
        write(kafka, topic, 1, 30, "none", 1_000_000L);
        List<OffsetOutOfRange> resets = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        try (ClusterClient client = ClusterClient.create(base(kafka).autoOffsetReset(AutoOffsetReset.EARLIEST)
                .build())) {
            client.onOffsetOutOfRange(resets::add);
            client.onMessageReceived(got::add);
            client.consume(topic, 0, 5_000);
            await(() -> got.size() >= 30, got.size() + " of 30");
            assertEquals(List.of(new OffsetOutOfRange(topic, 0, 5_000, 0)), resets);
            assertEquals(0L, got.get(0).offset());
            assertArrayEquals(value(0), got.get(0).value());
        }
    }

    @Test
    void stopConsumeStopsDeliveryWhileOtherTopicsGoOn(EmbeddedKafkaCluster kafka) throws Exception {
        write(kafka, "stopped", 1, 10, "none", 1_000_000L);
        write(kafka, "still-on", 1, 10, "none", 1_000_000L);
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        try (ClusterClient client = ClusterClient.create(base(kafka).build())) {
            client.onMessageReceived(m -> seen.computeIfAbsent(m.topic(), k -> new CopyOnWriteArrayList<>())
                    .add(m.offset()));
            client.consumeFromEarliest("stopped");
            client.consumeFromEarliest("still-on");
            await(() -> seen.getOrDefault("stopped", List.of()).size() == 10
                    && seen.getOrDefault("still-on", List.of()).size() == 10, "both topics read");
            client.stopConsume("stopped");
            for (int i = 0; i < 20; i++) {
                client.produce("stopped", null, value(i));
            }
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            // Records produced after them to the topic still consumed arrive: by then the stopped topic's new
            // records would have too, had it not been stopped (one fetch loop per broker serves both).
            client.produce("still-on", null, value(99));
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            await(() -> seen.get("still-on").size() == 11, "the topic still consumed goes on");
            long latest = client.latestOffset("stopped", 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(30L, latest, "the stopped topic did get the new records");
            // A full fetch round after the marker: no record of the stopped topic came.
            client.produce("still-on", null, value(100));
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            await(() -> seen.get("still-on").size() == 12, "another round");
            assertEquals(10, seen.get("stopped").size(), "nothing after stopConsume");
        }
    }
}
