package io.kafkadriver.testkit;

import static io.kafkadriver.testkit.OracleClient.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One broker with all three client listeners, injected by the extension; the official client round-trips records
 * over each listener.
 */
@KafkaClusterTest(brokers = 1, saslPlainUsers = {"alice:alice-secret", "bob:bob-secret"}, ssl = true,
        brokerProperties = "auto.create.topics.enable=false")
class SingleBrokerClusterTest {

    private static EmbeddedKafkaCluster injectedInBeforeAll;

    @BeforeAll
    static void remember(EmbeddedKafkaCluster kafka) {
        injectedInBeforeAll = kafka;
    }

    @Test
    void extensionInjectsOneRunningClusterPerClass(EmbeddedKafkaCluster kafka) {
        assertTrue(kafka == injectedInBeforeAll, "the same cluster instance for the whole class");
        assertEquals(List.of(0), kafka.brokerIds());
        assertEquals(List.of(0), kafka.aliveBrokerIds());
        assertTrue(kafka.bootstrapServers().matches("localhost:\\d+"), kafka.bootstrapServers());
        assertTrue(kafka.startupTime().toMillis() > 0);
        System.out.println("1-broker startup time (all listeners, incl. keytool): " + kafka.startupTime().toMillis()
                + " ms");
    }

    @Test
    void officialClientRoundTripsRecordsWithHeadersAndTimestamps(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("round-trip", 3, 1);
        assertEquals(0, kafka.leaderOf("round-trip", 2));
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        List<RecordMetadata> acks = oracle.produce("round-trip", 30, "lz4");
        assertEquals(30, acks.size());

        List<ConsumerRecord<byte[], byte[]>> read = oracle.readAll("round-trip", 30);
        assertEquals(30, read.size());
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        read.forEach(r -> byKey.put(text(r.key()), r));
        for (int i = 0; i < 30; i++) {
            ConsumerRecord<byte[], byte[]> r = byKey.get("key-" + i);
            assertEquals("value-" + i, text(r.value()));
            assertEquals(acks.get(i).offset(), r.offset());
            assertEquals(acks.get(i).partition(), r.partition());
            assertEquals(acks.get(i).timestamp(), r.timestamp());
            assertArrayEquals(OracleClient.utf8(Integer.toString(i)), r.headers().lastHeader("seq").value());
        }
        assertInPartitionThenOffsetOrder(read);
        assertTrue(oracle.listTopics().contains("round-trip"));
        assertEquals(3, oracle.partitionsOf("round-trip").size());
    }

    @Test
    void saslPlainListenerAcceptsTheOfficialClientWithPlainCredentials(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("over-sasl", 1, 1);
        OracleClient oracle = new OracleClient(kafka.clientConfig(EmbeddedKafkaCluster.SASL_PLAINTEXT),
                Duration.ofSeconds(30));
        oracle.produce("over-sasl", 5, "none");
        assertEquals(5, oracle.readAll("over-sasl", 5).size());
    }

    @Test
    void saslPlainListenerRejectsAWrongPassword(EmbeddedKafkaCluster kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig(EmbeddedKafkaCluster.SASL_PLAINTEXT));
        config.putAll(SaslPlain.clientConfig("SASL_PLAINTEXT", "alice", "wrong"));
        OracleClient oracle = new OracleClient(config, Duration.ofSeconds(10));
        IllegalStateException e = assertThrows(IllegalStateException.class, oracle::listTopics);
        assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException,
                String.valueOf(e.getCause()));
    }

    @Test
    void sslListenerAcceptsTheOfficialClientTrustingTheGeneratedCertificate(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("over-ssl", 1, 1);
        OracleClient oracle = new OracleClient(kafka.clientConfig(EmbeddedKafkaCluster.SSL), Duration.ofSeconds(30));
        oracle.produce("over-ssl", 5, "zstd");
        assertEquals(5, oracle.readAll("over-ssl", 5).size());
    }

    @Test
    void deleteTopicRemovesItAndBadArgumentsAreNamed(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("short-lived", 1, 1);
        kafka.deleteTopic("short-lived");
        assertTrue(!new OracleClient(kafka.bootstrapServers()).listTopics().contains("short-lived"));
        IllegalArgumentException rf = assertThrows(IllegalArgumentException.class,
                () -> kafka.createTopic("too-many-replicas", 1, 2));
        assertTrue(rf.getMessage().contains("too-many-replicas"), rf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kafka.leaderOf("no-such-topic", 0));
        assertThrows(IllegalArgumentException.class, () -> kafka.stopBroker(7));
    }

    static void assertInPartitionThenOffsetOrder(List<ConsumerRecord<byte[], byte[]>> records) {
        for (int i = 1; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> a = records.get(i - 1);
            ConsumerRecord<byte[], byte[]> b = records.get(i);
            assertTrue(a.partition() < b.partition() || (a.partition() == b.partition() && a.offset() < b.offset()),
                    "order at " + i);
        }
    }
}
