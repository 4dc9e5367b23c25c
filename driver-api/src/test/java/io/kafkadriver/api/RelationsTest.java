package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules that tie two settings together: each has a just-valid and a just-invalid case. */
class RelationsTest {

    @Test
    void clientRequestTimeoutMustExceedTheBrokerSideTimeout() {
        ConfigurationBuilder b = Configuration.builder().requestTimeout(Duration.ofSeconds(10));
        assertEquals(Duration.ofMillis(10001), b.clientRequestTimeout(Duration.ofMillis(10001)).build()
                .clientRequestTimeout());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> b.clientRequestTimeout(Duration.ofSeconds(10)).build());
        assertEquals("clientRequestTimeout must be greater than requestTimeout (kafka-driver.network.request-timeout,"
                + " 10000ms) (kafka-driver.network.client-request-timeout), was 10000ms", e.getMessage());
    }

    @Test
    void clientRequestTimeoutMustExceedTheFetchLongPoll() {
        ConfigurationBuilder b = Configuration.builder().requestTimeout(Duration.ofMillis(1))
                .fetchMaxWaitTime(Duration.ofSeconds(30));
        assertEquals(Duration.ofMillis(30001),
                b.clientRequestTimeout(Duration.ofMillis(30001)).build().clientRequestTimeout());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> b.clientRequestTimeout(Duration.ofSeconds(30)).build());
        assertEquals("clientRequestTimeout", e.setting());
        assertEquals(true, e.getMessage().contains("fetchMaxWaitTime (kafka-driver.consume.fetch-max-wait-time"));
    }

    @Test
    void clientRequestTimeoutAlsoHasItsOwnRange() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().clientRequestTimeout(Duration.ZERO).build());
        assertEquals("clientRequestTimeout must be between 1ms and 2147483647ms"
                + " (kafka-driver.network.client-request-timeout), was 0ms", e.getMessage());
    }

    @Test
    void reconnectBackoffMaxMustNotBeBelowTheInitialBackoff() {
        ConfigurationBuilder b = Configuration.builder().reconnectBackoffInitial(Duration.ofMillis(200));
        assertEquals(Duration.ofMillis(200), b.reconnectBackoffMax(Duration.ofMillis(200)).build()
                .reconnectBackoffMax());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> b.reconnectBackoffMax(Duration.ofMillis(199)).build());
        assertEquals("reconnectBackoffMax must be at least reconnectBackoffInitial"
                + " (kafka-driver.network.reconnect-backoff.initial, 200ms)"
                + " (kafka-driver.network.reconnect-backoff.max), was 199ms", e.getMessage());
    }

    @Test
    void fetchSizesMustNest() {
        ConfigurationBuilder b = Configuration.builder().fetchMessageMaxBytes(4096);
        assertEquals(4096, b.fetchMaxBytes(4096).build().fetchMaxBytes());
        ConfigurationException perPartition = assertThrows(ConfigurationException.class,
                () -> b.fetchMaxBytes(4095).build());
        assertEquals("fetchMaxBytes", perPartition.setting());

        ConfigurationBuilder frame = Configuration.builder().fetchMaxBytes(2_000_000).fetchMessageMaxBytes(1_000_000);
        assertEquals(2_000_000, frame.maxFrameSize(2_000_000).build().maxFrameSize());
        ConfigurationException tooSmallFrame = assertThrows(ConfigurationException.class,
                () -> frame.maxFrameSize(1_999_999).build());
        assertEquals("maxFrameSize must be at least fetchMaxBytes (kafka-driver.consume.fetch-max-bytes, 2000000)"
                + " (kafka-driver.network.max-frame-size), was 1999999", tooSmallFrame.getMessage());

        ConfigurationBuilder budget = Configuration.builder().fetchMessageMaxBytes(1000);
        assertEquals(1000L, budget.consumerFetchBufferBytes(1000).build().consumerFetchBufferBytes());
        ConfigurationException tooSmallBudget = assertThrows(ConfigurationException.class,
                () -> budget.consumerFetchBufferBytes(999).build());
        assertEquals("consumerFetchBufferBytes", tooSmallBudget.setting());
    }

    @Test
    void saslProtocolsNeedAUserNameAPasswordOrATokenProvider() {
        for (SecurityProtocol protocol : new SecurityProtocol[] {SecurityProtocol.SASL_PLAINTEXT,
                SecurityProtocol.SASL_SSL}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Configuration.builder().securityProtocol(protocol).build());
            assertEquals("saslUsername must be set when securityProtocol (kafka-driver.security.protocol) is "
                    + protocol + " (kafka-driver.security.sasl.username), was ''", e.getMessage());
            ConfigurationException noPassword = assertThrows(ConfigurationException.class,
                    () -> Configuration.builder().securityProtocol(protocol).saslMechanism(SaslMechanism.SCRAM_SHA_256)
                            .saslUsername("alice").build());
            assertEquals("saslPassword", noPassword.setting());
            assertTrue(noPassword.getMessage().contains("SCRAM_SHA_256"), noPassword.getMessage());
            ConfigurationException noProvider = assertThrows(ConfigurationException.class,
                    () -> Configuration.builder().securityProtocol(protocol).saslMechanism(SaslMechanism.OAUTHBEARER)
                            .build());
            assertEquals("oauthBearerTokenProvider", noProvider.setting());
            Configuration ok = Configuration.builder().securityProtocol(protocol)
                    .sasl(SaslMechanism.SCRAM_SHA_512, "alice", "pw").build();
            assertEquals("alice", ok.saslUsername());
        }
        assertEquals(SecurityProtocol.SSL, Configuration.builder().securityProtocol(SecurityProtocol.SSL).build()
                .securityProtocol());
    }
}
