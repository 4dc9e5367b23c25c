package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad arguments and configuration fail fast, naming the culprit; no broker is needed (nothing is sent). */
class ClusterClientArgumentsTest {
    @Test
    void aClientWithoutSeedsOrWithAnUnimplementedSecurityProtocolDoesNotStart() {
        ConfigurationException noSeeds = assertThrows(ConfigurationException.class,
                () -> ClusterClient.create(Configuration.builder().build()));
        assertTrue(noSeeds.getMessage().contains("seeds"), noSeeds.getMessage());
        ConfigurationException tls = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").securityProtocol(SecurityProtocol.SSL).build()));
        assertTrue(tls.getMessage().contains("securityProtocol") && tls.getMessage().contains("SSL"),
                tls.getMessage());
        // Credentials and stores would do nothing over PLAINTEXT (TLS and SASL do not exist yet): refused, named.
        ConfigurationException user = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").saslUsername("alice").build()));
        assertTrue(user.getMessage().startsWith("saslUsername (kafka-driver.security.sasl.username) is set, but"
                + " only PLAINTEXT connections exist yet"), user.getMessage());
        ConfigurationException store = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").sslTruststorePath("/t.p12").build()));
        assertTrue(store.getMessage().contains("kafka-driver.security.ssl.truststore-path"), store.getMessage());
        ConfigurationException secret = assertThrows(ConfigurationException.class, () -> ClusterClient.create(
                Configuration.builder().seeds("localhost:1").saslPassword("hunter2").build()));
        assertTrue(!secret.getMessage().contains("hunter2"), "no secret in the message");
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
        // A password is refused at start while SASL does not exist; the dump prints the configuration's toString,
        // which masks it.
        String dump = Configuration.builder().saslPassword("hunter2").build().toString();
        assertTrue(dump.contains("saslPassword=***") && !dump.contains("hunter2"), dump);
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String word, Runnable call) {
        RuntimeException e = assertThrows(type, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(word), type.getSimpleName() + ": "
                + e.getMessage());
    }
}
