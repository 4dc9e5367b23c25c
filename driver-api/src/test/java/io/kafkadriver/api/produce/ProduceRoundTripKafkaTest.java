package io.kafkadriver.api.produce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.CompressionCodec;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.PartitionerStrategy;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Records produced by the driver are read back by the official Java client: complete, in per-partition order, with
 * keys, values, headers and timestamps intact, for every codec; explicit partitions and key hashing land where the
 * official client would put them; acks 0, 1 and all.
 */
@KafkaClusterTest(brokers = 1)
class ProduceRoundTripKafkaTest {
    /** Records per codec: a million, as the issue asks, unless the build says fewer (-Dproduce.records=...). */
    private static final int RECORDS = Integer.getInteger("produce.records", 1_000_000);

    static io.kafkadriver.api.ConfigurationBuilder base(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .produceBufferingTime(Duration.ofMillis(5)).produceBatchSize(2000)
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void everyRecordArrivesInOrderWithEveryCodec(CompressionCodec codec, EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "roundtrip-" + codec.name().toLowerCase();
        kafka.createTopic(topic, 4, 1);
        long baseTs = 1_700_000_000_000L;
        AtomicLong acked = new AtomicLong();
        try (ClusterClient client = ClusterClient.create(base(kafka).compressionCodec(codec)
                .requiredAcks(RequiredAcks.LEADER).build())) {
            client.onProduceAcknowledged(a -> acked.addAndGet(a.count()));
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = value(i);
                if (i % 1000 == 0) {
                    client.produce(ProducerRecord.of(topic, key(i), value).withTimestamp(baseTs + i)
                            .withHeaders(List.of(new Header("h", OracleClient.utf8("v" + i)), new Header("n", null))));
                } else {
                    client.produce(topic, key(i), value);
                }
            }
            client.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEquals(RECORDS, acked.get(), "every record acknowledged");
            assertEquals(0, client.bufferedRecords());
        }
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(kafka.bootstrapServers()).readAll(topic, RECORDS);
        assertEquals(RECORDS, read.size(), "the official client reads every record back");
        Map<Integer, Integer> lastSeq = new HashMap<>();
        boolean[] seen = new boolean[RECORDS];
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int seq = ByteBuffer.wrap(r.value()).getInt();
            assertArrayEquals(key(seq), r.key());
            assertArrayEquals(value(seq), r.value());
            assertTrue(!seen[seq], "record " + seq + " read twice");
            seen[seq] = true;
            Integer last = lastSeq.put(r.partition(), seq);
            assertTrue(last == null || last < seq, "partition " + r.partition() + " out of order: " + last + " then "
                    + seq);
            if (seq % 1000 == 0) {
                assertEquals(baseTs + seq, r.timestamp());
                assertEquals("v" + seq, OracleClient.text(r.headers().lastHeader("h").value()));
                assertEquals(null, r.headers().lastHeader("n").value());
            }
        }
        assertEquals(4, lastSeq.size(), "round robin used every partition");
    }

    @Test
    void explicitPartitionsAndKeyHashingLandWhereTheJavaClientPutsThem(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "placement";
        kafka.createTopic(topic, 7, 1);
        try (ClusterClient client = ClusterClient.create(base(kafka).partitioner(PartitionerStrategy.MURMUR2_KEY)
                .build())) {
            for (int i = 0; i < 200; i++) {
                byte[] key = OracleClient.utf8("key-" + i);
                RecordMetadata m = client.send(topic, key, value(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(BuiltInPartitioner.partitionForKey(key, 7), m.partition(), "key-" + i);
            }
            for (int p = 0; p < 7; p++) {
                RecordMetadata m = client.send(ProducerRecord.of(topic, null, value(p)).withPartition(p))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertEquals(p, m.partition());
                assertTrue(m.offset() >= 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RequiredAcks.class)
    void everyAcksLevelDelivers(RequiredAcks acks, EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "acks-" + acks.name().toLowerCase();
        kafka.createTopic(topic, 2, 1);
        // A broker answers an acks=0 request it cannot take (a partition whose leadership is still loading, just
        // after the topic was created) by closing the connection: acks=0 records are then lost, by definition.
        // So the topic is first shown to take records (one acknowledged write), as an application would know it.
        new OracleClient(kafka.bootstrapServers()).produce(List.of(
                new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, new byte[1]),
                new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 1, null, new byte[1])), "none");
        int n = 5000;
        try (ClusterClient client = ClusterClient.create(base(kafka).requiredAcks(acks).build())) {
            RecordMetadata last = null;
            for (int i = 0; i < n; i++) {
                var f = client.send(topic, key(i), value(i));
                if (i == n - 1) {
                    last = f.toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            }
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (acks == RequiredAcks.NONE) {
                assertEquals(-1, last.offset(), "acks=0: the broker answers nothing, so no offset: " + last);
            } else {
                assertTrue(last.offset() >= 0, "offset known with acks " + acks + ": " + last);
            }
        }
        assertEquals(n + 2, new OracleClient(kafka.bootstrapServers()).readAll(topic, n + 2).size());
    }

    static byte[] key(int i) {
        return ("k" + i).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(int i) {
        byte[] v = new byte[100];
        ByteBuffer.wrap(v).putInt(i).putInt(~i);
        return v;
    }
}
