package io.kafkadriver.api.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.SaslMechanism;
import io.kafkadriver.api.SecurityProtocol;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a wrong password, an unknown user, an untrusted certificate, a host name mismatch, and a TLS/plaintext
 * mix-up each fail the connection with a WARN naming the cause, once per attempt; attempts are spaced by the
 * reconnect backoff (300 ms doubling, no jitter: no retry storm), and no secret appears in any captured log line.
 * The broker's certificate names {@code broker.invalid} only, so {@code localhost} does not match it.
 */
class SecurityFailuresKafkaTest {
    private static final String PLAIN_PASSWORD = "alice-Secret-31";
    private static final String SCRAM_PASSWORD = "sam-Secret-37";
    private static final String WRONG_PASSWORD = "wrong-Secret-41";
    private static final long BACKOFF_MS = 300;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.builder().saslPlainUser("alice", PLAIN_PASSWORD).scramUser("sam", SCRAM_PASSWORD)
                .ssl().certificateHost("broker.invalid").start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static ConfigurationBuilder base() {
        return Configuration.builder().reconnectBackoffInitial(Duration.ofMillis(BACKOFF_MS))
                .reconnectBackoffMax(Duration.ofSeconds(10)).reconnectBackoffJitter(0.0)
                .messageTtl(Duration.ofSeconds(5)).closeTimeout(Duration.ZERO);
    }

    private static ConfigurationBuilder sasl(SaslMechanism mechanism, String user, String password) {
        return base().securityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.SASL_PLAINTEXT)).sasl(mechanism, user, password);
    }

    private static ConfigurationBuilder tls() {
        return base().securityProtocol(SecurityProtocol.SSL).seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.SSL))
                .sslTruststorePath(kafka.sslMaterial().trustStore().toString())
                .sslTruststorePassword(kafka.sslMaterial().password());
    }

    /**
     * Starts a client that sends one record, waits for {@code attempts} connection warnings holding {@code cause},
     * and checks that they are spaced by the doubling backoff and that nothing secret was logged.
     */
    private static List<ILoggingEvent> failsWith(ConfigurationBuilder config, String cause, int attempts)
            throws Exception {
        try (LogCapture logs = new LogCapture(); ClusterClient client = ClusterClient.create(config.build())) {
            client.send("never-written", null, new byte[1]);
            Bounded.waitFor(attempts + " failed attempts naming '" + cause + "'", WAIT,
                    () -> logs.connectionWarnings(cause).size() >= attempts);
            List<ILoggingEvent> warnings = logs.connectionWarnings(cause);
            for (int i = 1; i < attempts; i++) {
                long gap = warnings.get(i).getTimeStamp() - warnings.get(i - 1).getTimeStamp();
                long backoff = BACKOFF_MS << (i - 1);
                assertTrue(gap >= backoff - 20, "attempt " + (i + 1) + " came " + gap + " ms after the previous"
                        + " one, before the " + backoff + " ms backoff: " + warnings.get(i).getFormattedMessage());
            }
            logs.assertNoSecret(PLAIN_PASSWORD, SCRAM_PASSWORD, WRONG_PASSWORD, kafka.sslMaterial().password());
            return warnings;
        }
    }

    @Test
    void aWrongPasswordIsNamedWithTheBrokersAnswerAndRetriedOnlyAfterTheBackoff() throws Exception {
        List<ILoggingEvent> w = failsWith(sasl(SaslMechanism.PLAIN, "alice", WRONG_PASSWORD),
                "SASL authentication failed (mechanism PLAIN, user 'alice'), SASL_AUTHENTICATION_FAILED", 3);
        assertTrue(w.get(0).getFormattedMessage().contains("Invalid username or password"),
                w.get(0).getFormattedMessage());
    }

    @Test
    void aWrongScramPasswordAndAnUnknownScramUserAreNamed() throws Exception {
        failsWith(sasl(SaslMechanism.SCRAM_SHA_256, "sam", WRONG_PASSWORD),
                "SASL authentication failed (mechanism SCRAM-SHA-256, user 'sam'), SASL_AUTHENTICATION_FAILED", 3);
        failsWith(sasl(SaslMechanism.SCRAM_SHA_512, "nobody", WRONG_PASSWORD),
                "SASL authentication failed (mechanism SCRAM-SHA-512, user 'nobody'), SASL_AUTHENTICATION_FAILED", 2);
    }

    @Test
    void anUntrustedCertificateIsNamed() throws Exception {
        // No trust store: the JVM's default trust does not know the self-signed broker certificate.
        failsWith(base().securityProtocol(SecurityProtocol.SSL).seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.SSL)),
                "TLS handshake failed: the broker's certificate is not trusted", 3);
    }

    @Test
    void aHostNameMismatchIsNamedAndTurningVerificationOffConnects() throws Exception {
        failsWith(tls(), "TLS handshake failed: the broker's certificate does not match the host name", 3);
        // A fresh broker may take seconds to load its transaction coordinator (idempotence): the default messageTtl.
        try (ClusterClient client = ClusterClient.create(tls().sslHostnameVerification(false)
                .messageTtl(Duration.ofMinutes(1)).build())) {
            kafka.createTopic("unverified", 1, 1);
            assertTrue(client.send("unverified", null, new byte[1]).toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .offset() >= 0);
        }
    }

    @Test
    void theProtocolAndCipherSettingsAreUsed() throws Exception {
        // The broker's key is EC: an RSA-only suite has nothing in common with it; an ECDSA one on TLS 1.2 works.
        failsWith(tls().sslHostnameVerification(false).sslProtocols("TLSv1.2")
                .sslCipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                "TLS handshake failed: no protocol or cipher suite in common with the broker", 2);
        kafka.createTopic("tls12", 1, 1);
        try (ClusterClient client = ClusterClient.create(tls().sslHostnameVerification(false).sslProtocols("TLSv1.2")
                .sslCipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").messageTtl(Duration.ofMinutes(1))
                .build())) {
            assertTrue(client.send("tls12", null, new byte[1]).toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .offset() >= 0);
        }
    }

    @Test
    void aPlaintextClientOnATlsListenerAndATlsClientOnAPlaintextListenerAreNamed() throws Exception {
        failsWith(base().seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.SSL)),
                "A TLS listener closes a plaintext connection", 2);
        failsWith(tls().seeds(kafka.bootstrapServers()), "is this a TLS listener?", 2);
    }
}
