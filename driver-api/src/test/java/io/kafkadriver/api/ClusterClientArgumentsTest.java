package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and configuration fail fast, naming the culprit; no broker is needed (nothing is sent). */
class ClusterClientArgumentsTest {
    @Test
    void aClientWithoutSeedsOrWithSecuritySettingsItsProtocolDoesNotUseDoesNotStart() {
        ConfigurationException noSeeds = assertThrows(ConfigurationException.class,
                () -> ClusterClient.create(Configuration.builder().build()));
        assertTrue(noSeeds.getMessage().contains("seeds"), noSeeds.getMessage());
        // Credentials would do nothing over PLAINTEXT: refused at start, named, rather than accepted and ignored.
        ConfigurationException user = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").saslUsername("alice").build()));
        assertTrue(user.getMessage().startsWith("saslUsername (kafka-driver.security.sasl.username) is set, but"
                + " securityProtocol is PLAINTEXT"), user.getMessage());
        ConfigurationException secret = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").saslPassword("hunter2").build()));
        assertTrue(secret.getMessage().contains("saslPassword") && !secret.getMessage().contains("hunter2"),
                secret.getMessage());
        ConfigurationException noTls = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").sslHostnameVerification(false).build()));
        assertTrue(noTls.getMessage().contains("Use SSL or SASL_SSL"), noTls.getMessage());
    }

    @Test
    void aStoreThatIsMissingUnreadableOrLockedFailsNamingTheSettingAndNotThePassword(@TempDir Path dir)
            throws Exception {
        // At build: the file must exist.
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> Configuration.builder()
                .securityProtocol(SecurityProtocol.SSL).sslTruststorePath(dir.resolve("nope.p12").toString()).build());
        assertEquals("sslTruststorePath", missing.setting());
        assertTrue(missing.getMessage().contains("nope.p12"), missing.getMessage());
        // At start: the store must open.
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
        ConfigurationException unreadable = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").securityProtocol(SecurityProtocol.SSL)
                        .sslTruststorePath(garbage.toString()).sslTruststorePassword("pw-Trust-1").build()));
        assertEquals("sslTruststorePath", unreadable.setting());
        assertTrue(!unreadable.getMessage().contains("pw-Trust-1"), unreadable.getMessage());
        io.kafkadriver.testkit.SslMaterial ssl = io.kafkadriver.testkit.SslMaterial.generate(dir.resolve("ssl"));
        ConfigurationException locked = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").securityProtocol(SecurityProtocol.SSL)
                        .sslTruststorePath(ssl.trustStore().toString()).sslTruststorePassword("wrong-Pw-9").build()));
        assertEquals("sslTruststorePassword", locked.setting());
        assertTrue(locked.getMessage().contains("wrong sslTruststorePassword") && !locked.getMessage().contains(
                "wrong-Pw-9") && !locked.getMessage().contains(ssl.password()), locked.getMessage());
        ConfigurationException badType = assertThrows(ConfigurationException.class, () -> Configuration.builder()
                .securityProtocol(SecurityProtocol.SSL).sslKeystoreType("PFX").build());
        assertEquals("sslKeystoreType", badType.setting());
        ConfigurationException badProtocol = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").securityProtocol(SecurityProtocol.SSL)
                        .sslProtocols("TLSv9").build()));
        assertEquals("sslProtocols", badProtocol.setting());
    }

    @Test
    void badArgumentsAreRefusedWithTheirNameAndProduceAfterCloseIsRefused() {
        // A seed that refuses connections: nothing here needs a broker.
        ClusterClient client = ClusterClient.create(Configuration.builder().seeds("localhost:1")
                .closeTimeout(java.time.Duration.ZERO).build());
        try {
            assertMessage(IllegalArgumentException.class, "topic", () -> client.produce(null, null, null));
            assertMessage(IllegalArgumentException.class, "topic", () -> client.produce(" ", null, null));
            assertMessage(IllegalArgumentException.class, "partition", () -> client.produce("t", -2, null, null));
            assertMessage(IllegalArgumentException.class, "offset", () -> client.consume("t", 0, -1));
            assertMessage(IllegalArgumentException.class, "partition", () -> client.consumeFromEarliest("t", -1));
            assertMessage(IllegalArgumentException.class, "timestamp", () -> client.consumeFromTimestamp("t", -5));
            assertMessage(IllegalArgumentException.class, "timestamp",
                    () -> ProducerRecord.of("t", null, null).withTimestamp(-7));
            assertMessage(NullPointerException.class, "listener", () -> client.onMessageReceived(null));
        } finally {
            client.close();
        }
        assertMessage(IllegalStateException.class, "closed", () -> client.produce("t", null, null));
        assertMessage(IllegalStateException.class, "closed", () -> client.consumeFromEarliest("t"));
    }

    @Test
    void theConfigurationIsLoggedOnceAtStartWithItsCompatibilityAndNoPassword() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.kafkadriver.api.internal.DriverBehavior.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            ClusterClient client = ClusterClient.create(Configuration.builder().seeds("localhost:1")
                    .compatibility(Compatibility.V0_10_1)
                    .closeTimeout(java.time.Duration.ZERO).build());
            client.close();
        } finally {
            logger.detachAppender(lines);
        }
        java.util.List<String> starts = lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent
                ::getFormattedMessage).filter(m -> m.startsWith("kafka-driver starting")).toList();
        assertTrue(starts.size() == 1, "one start-up line: " + starts);
        assertTrue(starts.get(0).contains("compatibility=V0_10_1"), starts.get(0));
        // The dump prints the configuration's toString, which masks every password.
        String dump = Configuration.builder().saslPassword("hunter2").sslKeyPassword("hunter3")
                .sslTruststorePassword("hunter4").sslKeystorePassword("hunter5").build().toString();
        assertTrue(dump.contains("saslPassword=***") && dump.contains("sslKeyPassword=***") && !dump.contains("hunter"),
                dump);
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String word, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(word), type.getSimpleName() + ": "
                + e.getMessage());
    }
}
