package io.kafkadriver.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.OAuthBearerToken;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.SaslMechanism;
import io.kafkadriver.api.SecurityProtocol;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.OracleClient;
import io.kafkadriver.testkit.SslMaterial;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, end to end against the embedded broker: produce and consume over SSL (PKCS12 and PEM trust), mutual TLS
 * (PKCS12 and PEM client key), and SASL_PLAINTEXT and SASL_SSL with each mechanism (PLAIN, SCRAM-SHA-256,
 * SCRAM-SHA-512, OAUTHBEARER). The broker's sessions last 3 s ({@code connections.max.reauth.ms}), so every case
 * also lives through re-authentications (KIP-368); one test produces through several of them and counts failures.
 */
class SecurityKafkaTest {
    private static final String PLAIN_PASSWORD = "alice-Secret-17";
    private static final String SCRAM_PASSWORD = "sam-Secret-23";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaCluster kafka;

    /** One way of connecting securely. */
    enum Case {
        SSL_PKCS12, SSL_PEM, MTLS_PKCS12, MTLS_PEM,
        SASL_PLAINTEXT_PLAIN, SASL_PLAINTEXT_SCRAM_SHA_256, SASL_PLAINTEXT_SCRAM_SHA_512, SASL_PLAINTEXT_OAUTHBEARER,
        SASL_SSL_PLAIN, SASL_SSL_SCRAM_SHA_256, SASL_SSL_SCRAM_SHA_512, SASL_SSL_OAUTHBEARER
    }

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.builder().saslPlainUser("alice", PLAIN_PASSWORD).scramUser("sam", SCRAM_PASSWORD)
                .oauthBearer().ssl().saslSsl().mutualTls().reauthentication(Duration.ofSeconds(3)).start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** An unsecured JWS ({@code alg: none}), as the broker's OAuthBearerUnsecuredValidatorCallbackHandler accepts. */
    static String unsecuredJws(String subject, Duration lifetime) {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":"
                + (now + lifetime.toSeconds()) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static ConfigurationBuilder config(Case c) {
        SslMaterial ssl = kafka.sslMaterial();
        ConfigurationBuilder b = Configuration.builder().produceBufferingTime(Duration.ofMillis(5))
                .fetchMaxWaitTime(Duration.ofMillis(200)).clientId("security-" + c.name().toLowerCase(Locale.ROOT));
        String name = c.name();
        if (name.startsWith("SSL_") || name.startsWith("MTLS_") || name.startsWith("SASL_SSL_")) {
            b.sslTruststorePath((name.equals("SSL_PEM") ? ssl.brokerCertificatePem() : ssl.trustStore()).toString());
            if (!name.equals("SSL_PEM")) {
                b.sslTruststorePassword(ssl.password());
            }
        }
        switch (c) {
            case SSL_PKCS12, SSL_PEM -> b.securityProtocol(SecurityProtocol.SSL)
                    .seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.SSL));
            case MTLS_PKCS12 -> b.securityProtocol(SecurityProtocol.SSL).seeds(kafka.bootstrapServers(
                    EmbeddedKafkaCluster.MTLS)).sslKeystorePath(ssl.clientKeyStore().toString())
                    .sslKeystorePassword(ssl.password());
            case MTLS_PEM -> b.securityProtocol(SecurityProtocol.SSL).seeds(kafka.bootstrapServers(
                    EmbeddedKafkaCluster.MTLS)).sslKeystorePath(ssl.clientPem().toString()).sslKeystoreType("PEM");
            default -> sasl(b, c);
        }
        return b;
    }

    private static void sasl(ConfigurationBuilder b, Case c) {
        boolean tls = c.name().startsWith("SASL_SSL_");
        b.securityProtocol(tls ? SecurityProtocol.SASL_SSL : SecurityProtocol.SASL_PLAINTEXT)
                .seeds(kafka.bootstrapServers(tls ? EmbeddedKafkaCluster.SASL_SSL : EmbeddedKafkaCluster.SASL_PLAINTEXT));
        String mechanism = c.name().substring(tls ? "SASL_SSL_".length() : "SASL_PLAINTEXT_".length());
        switch (mechanism) {
            case "PLAIN" -> b.sasl(SaslMechanism.PLAIN, "alice", PLAIN_PASSWORD);
            case "SCRAM_SHA_256" -> b.sasl(SaslMechanism.SCRAM_SHA_256, "sam", SCRAM_PASSWORD);
            case "SCRAM_SHA_512" -> b.sasl(SaslMechanism.SCRAM_SHA_512, "sam", SCRAM_PASSWORD);
            default -> b.saslMechanism(SaslMechanism.OAUTHBEARER).oauthBearerTokenProvider(
                    () -> new OAuthBearerToken(unsecuredJws("olivia", Duration.ofHours(1)), Duration.ofHours(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void recordsAreProducedAndConsumedOverTheSecuredListener(Case c) throws Exception {
        String topic = "secure-" + c.name().toLowerCase(Locale.ROOT).replace('_', '-');
        kafka.createTopic(topic, 2, 1);
        int count = 200;
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        try (LogCapture logs = new LogCapture();
             ClusterClient client = ClusterClient.create(config(c).build())) {
            List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(client.send(topic, null, ("v" + i).getBytes(StandardCharsets.UTF_8)).toCompletableFuture());
            }
            CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            client.onMessageReceived((ReceivedMessage m) -> consumed.add(new String(m.value(), StandardCharsets.UTF_8)));
            client.consumeFromEarliest(topic);
            Bounded.waitFor(count + " records consumed over " + c, WAIT, () -> consumed.size() == count);
            logs.assertNoSecret(PLAIN_PASSWORD, SCRAM_PASSWORD, kafka.sslMaterial().password());
        }
        assertEquals(count, new OracleClient(kafka.bootstrapServers()).readAll(topic, count).size(),
                "the official client reads them back");
    }

    @Test
    void aClientWithoutCertificateOnTheMutualTlsListenerIsToldTheBrokerRefusedIt() {
        try (LogCapture logs = new LogCapture(); ClusterClient client = ClusterClient.create(config(Case.SSL_PKCS12)
                .seeds(kafka.bootstrapServers(EmbeddedKafkaCluster.MTLS)).messageTtl(Duration.ofSeconds(5))
                .closeTimeout(Duration.ZERO).build())) {
            client.send("never-written", null, new byte[1]);
            Bounded.waitFor("a warning naming the refused client certificate", WAIT,
                    () -> !logs.connectionWarnings("TLS handshake failed: the broker refused the client certificate")
                            .isEmpty());
            logs.assertNoSecret(kafka.sslMaterial().password());
        }
    }

    /**
     * Flow: a producer and a consumer over SASL_SSL with SCRAM-SHA-512, whose sessions last 3 s, run for 9 s; each
     * connection re-authenticates at 85-95% of its session, every time after its in-flight requests were answered.
     * No send fails, no connection is closed by the broker, and re-authentications were logged.
     */
    @Test
    void reauthenticationKeepsAProducerRunningWithNoFailedRequest() throws Exception {
        String topic = "reauth";
        kafka.createTopic(topic, 2, 1);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        int sent = 0;
        try (LogCapture logs = new LogCapture();
             ClusterClient client = ClusterClient.create(config(Case.SASL_SSL_SCRAM_SHA_512).build())) {
            client.onMessageReceived(m -> consumed.incrementAndGet());
            client.consumeFromEarliest(topic);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
            while (System.nanoTime() < end) {
                List<CompletableFuture<RecordMetadata>> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    batch.add(client.send(topic, null, new byte[100]).toCompletableFuture()
                            .whenComplete((m, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                }
                            }));
                }
                sent += batch.size();
                CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null)
                        .get(30, TimeUnit.SECONDS);
            }
            int total = sent;
            Bounded.waitFor("every record consumed", WAIT, () -> consumed.get() >= total);
            long reauths = logs.lines().stream().filter(l -> l.startsWith("re-authenticated to")).count();
            List<String> closed = logs.lines().stream().filter(l -> l.contains("closed by the broker")).toList();
            assertEquals(0, failures.get(), "failed sends out of " + sent);
            // Sessions of 3 s over 9 s: each connection that lived through it re-authenticated at least twice.
            assertTrue(reauths >= 2, "re-authentications logged: " + reauths);
            assertEquals(List.of(), closed, "no connection was closed by the broker");
            logs.assertNoSecret(SCRAM_PASSWORD);
        }
    }
}
