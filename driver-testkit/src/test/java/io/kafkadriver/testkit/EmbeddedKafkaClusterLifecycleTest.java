package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Start/close of a cluster without the extension: close deletes the data; misuse gets named errors. */
class EmbeddedKafkaClusterLifecycleTest {

    @Test
    void closeStopsTheClusterAndDeletesItsData() {
        Path dataDir;
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokerProperty("num.partitions", "2").start();
        try {
            dataDir = kafka.dataDirectory();
            assertTrue(Files.isDirectory(dataDir));
            assertThrows(IllegalStateException.class, kafka::start);
            assertThrows(IllegalArgumentException.class, () -> kafka.bootstrapServers(EmbeddedKafkaCluster.SSL));
            assertThrows(IllegalStateException.class, () -> kafka.proxy(0));
            assertThrows(IllegalStateException.class, kafka::sslMaterial);
            // The override applies: an auto-created topic gets 2 partitions.
            OracleClient oracle = new OracleClient(kafka.bootstrapServers());
            oracle.produce("auto-created", 4, "none");
            assertEquals(2, oracle.partitionsOf("auto-created").size());
        } finally {
            kafka.close();
        }
        assertFalse(Files.exists(dataDir), "data dir deleted: " + dataDir);
        IllegalStateException closed = assertThrows(IllegalStateException.class, kafka::brokerIds);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        kafka.close();
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        IllegalArgumentException brokers = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaCluster.builder().brokers(0));
        assertTrue(brokers.getMessage().contains("0"), brokers.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaCluster.builder().saslPlainUser("a b", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafkaCluster.builder().startTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaCluster.builder().brokerProperty("", "x"));
    }
}
