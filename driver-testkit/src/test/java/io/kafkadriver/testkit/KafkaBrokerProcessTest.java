package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The broker in its own JVM: starts, takes records, stops and leaves no data behind. */
class KafkaBrokerProcessTest {

    @Test
    void brokerProcessServesRecordsAndStopsCleanly() {
        Path dataDir;
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of("--brokers", "1"), Duration.ofSeconds(120));
        try {
            assertTrue(broker.isAlive());
            assertNotEquals(ProcessHandle.current().pid(), broker.pid());
            assertTrue(broker.bootstrapServers().matches("localhost:\\d+"), broker.bootstrapServers());
            dataDir = broker.dataDirectory();
            assertTrue(Files.isDirectory(dataDir), "child data dir exists while running: " + dataDir);
            System.out.println("broker process startup (cluster only): " + broker.startupTime().toMillis() + " ms");

            broker.createTopic("in-a-child", 2, 1);
            OracleClient oracle = new OracleClient(broker.bootstrapServers());
            oracle.produce("in-a-child", 20, "zstd");
            assertEquals(20, oracle.readAll("in-a-child", 20).size());
            assertThrows(IllegalStateException.class, broker::exitCode);
        } finally {
            broker.close();
        }
        assertFalse(broker.isAlive());
        assertEquals(0, broker.exitCode(), "the child stopped on end of input, not by a signal");
        assertFalse(Files.exists(dataDir), "data dir deleted: " + dataDir);
    }

    @Test
    void badArgumentsMakeTheChildFailFastWithTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaBrokerProcess.start(
                List.of("-Xmx256m"), List.of("--brokers", "0"), Duration.ofSeconds(60)));
        assertTrue(e.getMessage().contains("brokers must be >= 1"), e.getMessage());
    }
}
