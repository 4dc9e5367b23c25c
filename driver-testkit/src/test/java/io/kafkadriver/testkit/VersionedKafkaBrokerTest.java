package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The versioned broker's lifecycle and the version selection of the compatibility matrix. */
class VersionedKafkaBrokerTest {

    // Flow: start the oldest broker (ZooKeeper in its JVM), create and list a topic through it, close it: the JVM
    // left on the end of its input after a clean broker shutdown, the data directory is deleted, the log kept.
    @Test
    void theOldestBrokerStartsAnswersAndLeavesNothingBehind() throws Exception {
        VersionedKafkaBroker broker = VersionedKafkaBroker.start(KafkaVersion.V2_8);
        Path data = broker.dataDirectory();
        ProcessHandle handle = ProcessHandle.of(broker.pid()).orElseThrow();
        try {
            broker.createTopic("lifecycle", 2);
            Set<String> topics = broker.admin().listTopics().names().get(20, TimeUnit.SECONDS);
            assertTrue(topics.contains("lifecycle"), topics.toString());
            assertTrue(Files.isDirectory(data));
        } finally {
            broker.close();
        }
        Bounded.waitFor("the broker JVM to be gone", Duration.ofSeconds(5), () -> !handle.isAlive());
        assertFalse(Files.exists(data), "data directory left: " + data);
        String log = Files.readString(broker.logFile());
        assertTrue(log.contains("[KafkaServer id=0] started"), "no start line in " + broker.logFile());
        // It left on the end of its standard input (what a dead parent's closed pipe gives), not by a signal.
        assertTrue(log.contains("VERSIONED_BROKER_STOPPING"), "did not stop on end of input: " + broker.logFile());
        assertTrue(log.contains("shut down completed"), "no clean broker shutdown in " + broker.logFile());
    }

    // Flow: the first port handed to the newest broker (KRaft) is one this test holds open; the broker fails to bind
    // it and exits, and the start is tried again with new ports and succeeds.
    @Test
    void aPortTakenBeforeTheBrokerBindsItIsRetriedWithNewPorts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger calls = new AtomicInteger();
            java.util.function.IntSupplier original = VersionedKafkaBroker.portSource;
            VersionedKafkaBroker.portSource = () -> calls.getAndIncrement() == 0 ? taken.getLocalPort()
                    : freePort();
            try (VersionedKafkaBroker broker = VersionedKafkaBroker.start(KafkaVersion.V4_1)) {
                assertTrue(calls.get() >= 6, "a second launch took new ports: " + calls.get() + " ports asked");
                assertFalse(broker.bootstrapServers().endsWith(":" + taken.getLocalPort()), broker.toString());
                broker.createTopic("after-retry", 1);
            } finally {
                VersionedKafkaBroker.portSource = original;
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theDefaultSelectionIsTheOldestAndTheNewest() {
        assertEquals(List.of(KafkaVersion.V2_8, KafkaVersion.V4_1), KafkaVersion.parse(""));
        assertEquals(List.of(KafkaVersion.values()), KafkaVersion.parse("all"));
        assertEquals(List.of(KafkaVersion.V3_6, KafkaVersion.V4_0), KafkaVersion.parse("4.0, 3.6.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaVersion.parse("1.0"));
        assertTrue(e.getMessage().contains("'1.0'"), e.getMessage());
    }

    @Test
    void everyVersionHasItsResolvedClasspath() {
        for (KafkaVersion v : KafkaVersion.values()) {
            String cp = v.classpath();
            assertTrue(cp.contains("kafka_2.13-" + v.version() + ".jar"), v + ": " + cp);
            assertTrue(cp.contains("kafka-clients-" + v.version() + ".jar"), v + ": " + cp);
            assertEquals(v.zooKeeper(), cp.contains("zookeeper-3.5"), v + " ZooKeeper jars");
        }
    }
}
