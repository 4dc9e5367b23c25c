package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    private static Configuration.Builder base() {
        return Configuration.builder().seeds("broker:9092").requestTimeout(Duration.ofMillis(1))
                .reconnectBackoffInitial(Duration.ofMillis(1));
    }

    /** kafka-sharp's README defaults, setting by setting. */
    @Test
    void defaultsAreKafkaSharps() {
        Configuration c = Configuration.builder().seeds("broker:9092").build();
        assertEquals(Compatibility.V0_8_2, c.compatibility());
        assertEquals(Duration.ofMinutes(1), c.messageTtl());
        assertEquals(Duration.ofMinutes(5), c.refreshMetadataInterval());
        assertEquals(ErrorStrategy.DISCARD, c.errorStrategy());
        assertEquals(Duration.ofMillis(5000), c.produceBufferingTime());
        assertEquals(200, c.produceBatchSize());
        assertEquals(BatchStrategy.BY_NODE, c.batchStrategy());
        assertEquals(CompressionCodec.NONE, c.compressionCodec());
        assertEquals(1, c.numberOfMessagesBeforeRoundRobin());
        assertEquals(100 * 1024, c.sendBufferSize());
        assertEquals(64 * 1024, c.receiveBufferSize());
        assertEquals(RequiredAcks.ALL_IN_SYNC_REPLICAS, c.requiredAcks());
        assertEquals(-1, c.minInSyncReplicas());
        assertFalse(c.retryIfNotEnoughReplicasAfterAppend());
        assertEquals(Duration.ofMillis(10_000), c.requestTimeout());
        assertEquals(Duration.ofMillis(20_000), c.clientRequestTimeout());
        assertEquals(5, c.maxInFlightRequests());
        assertEquals("pekko.actor.default-dispatcher", c.dispatcher());
        assertEquals(3, c.maximumConcurrency());
        assertEquals(-1, c.maxBufferedMessages());
        assertEquals(OverflowStrategy.BLOCK, c.overflowStrategy());
        assertEquals(Duration.ofMillis(100), c.fetchMaxWaitTime());
        assertEquals(1, c.fetchMinBytes());
        assertEquals(1024 * 1024, c.fetchMessageMaxBytes());
        assertEquals(Duration.ofMillis(1000), c.consumeBufferingTime());
        assertEquals(10, c.consumeBatchSize());
        assertFalse(c.serializeOnProduce());
        assertEquals(OffsetResetStrategy.EARLIEST, c.autoOffsetReset());
        assertEquals("kafka-driver", c.clientId(), "the one deliberate change: this client names itself");
    }

    @Test
    void referenceConfAndTheBuilderAgreeOnEveryDefault() {
        Configuration fromHocon = Configuration.fromConfig(ConfigFactory.parseString(
                "kafka-driver.seeds = \"broker:9092\""));
        assertEquals(Configuration.builder().seeds("broker:9092").build(), fromHocon);
    }

    @Test
    void hoconOverridesApply() {
        Configuration c = Configuration.fromConfig(ConfigFactory.parseString(String.join("\n",
                "kafka-driver {",
                "  seeds = \"a:1, b:2\"",
                "  message-ttl = 30s",
                "  produce { batch-size = 500, required-acks = 1, compression-codec = zstd }",
                "  consume.fetch-buffer-bytes = 8MiB",
                "}")));
        assertEquals(List.of("a:1", "b:2"), c.seedList());
        assertEquals(Duration.ofSeconds(30), c.messageTtl());
        assertEquals(500, c.produceBatchSize());
        assertEquals(RequiredAcks.LEADER, c.requiredAcks());
        assertEquals(CompressionCodec.ZSTD, c.compressionCodec());
        assertEquals(8L << 20, c.fetchBufferBytes());
    }

    @Test
    void badHoconValuesNameTheSetting() {
        ConfigurationException range = assertThrows(ConfigurationException.class, () -> Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver { seeds = \"a:1\", produce.batch-size = 0 }")));
        assertEquals("produceBatchSize must be between 1 and 2147483647 (kafka-driver.produce.batch-size), was 0",
                range.getMessage());
        ConfigurationException type = assertThrows(ConfigurationException.class, () -> Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver { seeds = \"a:1\", message-ttl = soon }")));
        assertTrue(type.getMessage().startsWith("messageTtl (kafka-driver.message-ttl)"), type.getMessage());
        ConfigurationException enumValue = assertThrows(ConfigurationException.class, () -> Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver { seeds = \"a:1\", produce.overflow-strategy = wait }")));
        assertTrue(enumValue.getMessage().contains("kafka-driver.produce.overflow-strategy must be one of [BLOCK,"
                + " DISCARD]"), enumValue.getMessage());
    }

    @Test
    void seedsAreParsedAndBadEntriesNamed() {
        assertEquals(List.of("[::1]:9092", "h:65535"), base().seeds(" [::1]:9092 ,h:65535,").build().seedList());
        for (String bad : List.of("", " , ", "host", "host:0", "host:70000", ":9092", "host:port")) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> base().seeds(bad).build(),
                    bad);
            assertTrue(e.getMessage().startsWith("seeds (kafka-driver.seeds)"), e.getMessage());
        }
        assertTrue(assertThrows(ConfigurationException.class, () -> base().seeds("a:1,b").build()).getMessage()
                .contains("\"b\""));
    }

    @Test
    void crossSettingRulesHold() {
        ConfigurationException timeouts = assertThrows(ConfigurationException.class, () -> Configuration.builder()
                .seeds("a:1").clientRequestTimeout(Duration.ofSeconds(10)).build());
        assertTrue(timeouts.getMessage().contains("longer than requestTimeout (10000 ms)"), timeouts.getMessage());
        assertThrows(ConfigurationException.class, () -> Configuration.builder().seeds("a:1")
                .reconnectBackoffInitial(Duration.ofSeconds(2)).build());
        ConfigurationException sasl = assertThrows(ConfigurationException.class, () -> base()
                .securityProtocol(SecurityProtocol.SASL_PLAINTEXT).build());
        assertTrue(sasl.getMessage().contains("saslMechanism"), sasl.getMessage());
        assertThrows(ConfigurationException.class, () -> base().maxBufferedMessages(0).build());
        assertDoesNotThrow(() -> base().maxBufferedMessages(1).build());
        assertThrows(ConfigurationException.class, () -> base().reconnectJitter(1.5).build());
        assertThrows(NullPointerException.class, () -> base().messageTtl(null));
    }

    @Test
    void toStringHidesThePasswordAndToBuilderRoundTrips() {
        Configuration c = base().securityProtocol(SecurityProtocol.SASL_SSL).saslMechanism("PLAIN")
                .saslUsername("alice").saslPassword("s3cret").build();
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertTrue(c.toString().contains("saslPassword=****"));
        assertEquals(c, c.toBuilder().build());
        assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
        assertNotEquals(c, c.toBuilder().produceBatchSize(7).build());
        assertEquals(200, c.produceBatchSize(), "a builder made from a configuration does not change it");
    }

    /** Every bounded setting: its lowest value is accepted, one below is refused with its name and key. */
    @Test
    void everyBoundIsEnforcedAndNamed() throws Exception {
        intBound("maximumConcurrency", 1);
        durationBound("messageTtl", 1);
        durationBound("refreshMetadataInterval", 1);
        durationBound("metadataMinRefreshInterval", 0);
        durationBound("requestTimeout", 1);
        durationBound("clientRequestTimeout", 1);
        intBound("maxInFlightRequests", 1);
        intBound("maxFrameBytes", 1024);
        durationBound("closeTimeout", 0);
        durationBound("retryBackoff", 0);
        intBound("sendBufferSize", 0);
        intBound("receiveBufferSize", 0);
        durationBound("reconnectBackoffInitial", 1);
        durationBound("reconnectBackoffMax", 1);
        durationBound("produceBufferingTime", 0);
        intBound("produceBatchSize", 1);
        intBound("numberOfMessagesBeforeRoundRobin", 1);
        intBound("minInSyncReplicas", -1);
        durationBound("overflowBlockTimeout", 1);
        durationBound("fetchMaxWaitTime", 0);
        intBound("fetchMinBytes", 0);
        intBound("fetchMessageMaxBytes", 1);
        intBound("fetchMaxBytes", 1);
        durationBound("consumeBufferingTime", 0);
        intBound("consumeBatchSize", 1);    }

    private static void intBound(String name, int lowest) throws Exception {
        Method m = Configuration.Builder.class.getMethod(name, int.class);
        Configuration.Builder ok = base();
        m.invoke(ok, lowest);
        assertDoesNotThrow(ok::build, name + " = " + lowest);
        Configuration.Builder bad = base();
        m.invoke(bad, lowest - 1);
        ConfigurationException e = assertThrows(ConfigurationException.class, bad::build, name);
        assertTrue(e.getMessage().startsWith(name + " must be between " + lowest), e.getMessage());
    }

    private static void durationBound(String name, long lowestMs) throws Exception {
        Method m = Configuration.Builder.class.getMethod(name, Duration.class);
        Configuration.Builder ok = base();
        m.invoke(ok, Duration.ofMillis(lowestMs));
        // These three are also bound by a sibling (client timeout > request timeout, max backoff >= initial), which
        // crossSettingRulesHold covers; their lowest value alone is checked below.
        if (!List.of("requestTimeout", "reconnectBackoffInitial", "clientRequestTimeout").contains(name)) {
            assertDoesNotThrow(ok::build, name + " = " + lowestMs + " ms");
        }
        Configuration.Builder bad = base();
        m.invoke(bad, Duration.ofMillis(lowestMs - 1));
        ConfigurationException e = assertThrows(ConfigurationException.class, bad::build, name);
        assertTrue(e.getMessage().startsWith(name + " must be between " + lowestMs + " ms"), e.getMessage());
    }
}
