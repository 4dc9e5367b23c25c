package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every numeric setting: the lowest and highest valid values build, the values just outside fail with the
 * message {@code <javaName> must be between <min> and <max> (<key>), was <value>}, from the builder and from HOCON
 * alike. Names, keys and bounds are written out here by hand, independently of the code's own table.
 */
class ValidationBoundariesTest {

    private static final long INT_MAX = Integer.MAX_VALUE;

    /** One numeric setting; durations are in milliseconds. {@code prepare} is HOCON applied first. */
    record Bound(String javaName, String key, boolean duration, long lowValid, long highValid, long rangeMax,
                 String prepare, BiConsumer<ConfigurationBuilder, Long> setter) {
        @Override
        public String toString() {
            return javaName;
        }

        ConfigurationBuilder base() {
            return Configuration.fromConfig(ConfigFactory.parseString(prepare)).toBuilder();
        }

        Configuration buildWith(long value) {
            ConfigurationBuilder b = base();
            setter.accept(b, value);
            return b.build();
        }

        Configuration readWith(long value) {
            String literal = duration ? value + "ms" : Long.toString(value);
            return Configuration.fromConfig(ConfigFactory.parseString(prepare + "\n" + key + " = " + literal));
        }

        String expectedMessage(long was) {
            String unit = duration ? "ms" : "";
            return javaName + " must be between " + lowValid + unit + " and " + rangeMax + unit + " (" + key
                    + "), was " + was + unit;
        }
    }

    private static Bound integer(String javaName, String key, long low, BiConsumer<ConfigurationBuilder, Integer> s) {
        return integer(javaName, key, low, "", s);
    }

    private static Bound integer(String javaName, String key, long low, String prepare,
                                 BiConsumer<ConfigurationBuilder, Integer> s) {
        return new Bound(javaName, key, false, low, INT_MAX, INT_MAX, prepare,
                (b, v) -> s.accept(b, Math.toIntExact(v)));
    }

    private static Bound millis(String javaName, String key, long low, BiConsumer<ConfigurationBuilder, Duration> s) {
        return millis(javaName, key, low, INT_MAX, "", s);
    }

    private static Bound millis(String javaName, String key, long low, long high, String prepare,
                                BiConsumer<ConfigurationBuilder, Duration> s) {
        return new Bound(javaName, key, true, low, high, INT_MAX, prepare, (b, v) -> s.accept(b, Duration.ofMillis(v)));
    }

    static Stream<Bound> bounds() {
        String maxFetch = "kafka-driver.consume { fetch-max-bytes = 2147483647, fetch-buffer-bytes = 2147483647 }\n"
                + "kafka-driver.network.max-frame-size = 2147483647\n";
        String maxClientTimeout = "kafka-driver.network.client-request-timeout = 2147483647ms";
        return Stream.of(
                integer("maximumConcurrency", "kafka-driver.maximum-concurrency", 1,
                        ConfigurationBuilder::maximumConcurrency),
                integer("sendBufferSize", "kafka-driver.network.send-buffer-size", 1,
                        ConfigurationBuilder::sendBufferSize),
                integer("receiveBufferSize", "kafka-driver.network.receive-buffer-size", 1,
                        ConfigurationBuilder::receiveBufferSize),
                integer("maxInFlightRequests", "kafka-driver.network.max-in-flight-requests", 1,
                        ConfigurationBuilder::maxInFlightRequests),
                integer("maxFrameSize", "kafka-driver.network.max-frame-size", 1024,
                        "kafka-driver.consume { fetch-max-bytes = 1024, fetch-message-max-bytes = 1024 }",
                        ConfigurationBuilder::maxFrameSize),
                integer("maxSuccessiveNodeErrors", "kafka-driver.network.max-successive-node-errors", 0,
                        ConfigurationBuilder::maxSuccessiveNodeErrors),
                integer("maxRetry", "kafka-driver.produce.max-retry", -1, ConfigurationBuilder::maxRetry),
                integer("produceBatchSize", "kafka-driver.produce.batch-size", 1, ConfigurationBuilder::produceBatchSize),
                integer("numberOfMessagesBeforeRoundRobin",
                        "kafka-driver.produce.number-of-messages-before-round-robin", 1,
                        ConfigurationBuilder::numberOfMessagesBeforeRoundRobin),
                integer("minInSyncReplicas", "kafka-driver.produce.min-in-sync-replicas", -1,
                        ConfigurationBuilder::minInSyncReplicas),
                integer("maxBufferedMessages", "kafka-driver.produce.max-buffered-messages", -1,
                        ConfigurationBuilder::maxBufferedMessages),
                integer("maxPostponedMessages", "kafka-driver.produce.max-postponed-messages", 0,
                        ConfigurationBuilder::maxPostponedMessages),
                integer("fetchMinBytes", "kafka-driver.consume.fetch-min-bytes", 0, ConfigurationBuilder::fetchMinBytes),
                integer("fetchMaxBytes", "kafka-driver.consume.fetch-max-bytes", 1,
                        "kafka-driver.consume.fetch-message-max-bytes = 1\n"
                                + "kafka-driver.network.max-frame-size = 2147483647",
                        ConfigurationBuilder::fetchMaxBytes),
                integer("fetchMessageMaxBytes", "kafka-driver.consume.fetch-message-max-bytes", 1, maxFetch,
                        ConfigurationBuilder::fetchMessageMaxBytes),
                integer("consumeBatchSize", "kafka-driver.consume.batch-size", 1, ConfigurationBuilder::consumeBatchSize),
                new Bound("consumerFetchBufferBytes", "kafka-driver.consume.fetch-buffer-bytes", false, 1,
                        Long.MAX_VALUE, Long.MAX_VALUE, "kafka-driver.consume.fetch-message-max-bytes = 1",
                        ConfigurationBuilder::consumerFetchBufferBytes),
                millis("closeTimeout", "kafka-driver.close-timeout", 0, ConfigurationBuilder::closeTimeout),
                millis("refreshMetadataInterval", "kafka-driver.metadata.refresh-interval", 1,
                        ConfigurationBuilder::refreshMetadataInterval),
                millis("metadataMaxAge", "kafka-driver.metadata.max-age", 1, ConfigurationBuilder::metadataMaxAge),
                millis("minimumTimeBetweenRefreshMetadata", "kafka-driver.metadata.minimum-time-between-refresh", 0,
                        ConfigurationBuilder::minimumTimeBetweenRefreshMetadata),
                millis("requestTimeout", "kafka-driver.network.request-timeout", 1, INT_MAX - 1, maxClientTimeout,
                        ConfigurationBuilder::requestTimeout),
                millis("reconnectBackoffInitial", "kafka-driver.network.reconnect-backoff.initial", 0, INT_MAX,
                        "kafka-driver.network.reconnect-backoff.max = 2147483647ms",
                        ConfigurationBuilder::reconnectBackoffInitial),
                millis("reconnectBackoffMax", "kafka-driver.network.reconnect-backoff.max", 0, INT_MAX,
                        "kafka-driver.network.reconnect-backoff.initial = 0ms",
                        ConfigurationBuilder::reconnectBackoffMax),
                millis("retryBackoff", "kafka-driver.network.retry-backoff", 0, ConfigurationBuilder::retryBackoff),
                millis("messageTtl", "kafka-driver.produce.message-ttl", 1, ConfigurationBuilder::messageTtl),
                millis("produceBufferingTime", "kafka-driver.produce.buffering-time", 0,
                        ConfigurationBuilder::produceBufferingTime),
                millis("overflowBlockTimeout", "kafka-driver.produce.overflow-block-timeout", 0,
                        ConfigurationBuilder::overflowBlockTimeout),
                millis("temporaryIgnorePartitionTime", "kafka-driver.produce.temporary-ignore-partition-time", 0,
                        ConfigurationBuilder::temporaryIgnorePartitionTime),
                millis("fetchMaxWaitTime", "kafka-driver.consume.fetch-max-wait-time", 0, INT_MAX - 1,
                        maxClientTimeout, ConfigurationBuilder::fetchMaxWaitTime),
                millis("consumeBufferingTime", "kafka-driver.consume.buffering-time", 0,
                        ConfigurationBuilder::consumeBufferingTime));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void lowestAndHighestValidValuesBuild(Bound bound) {
        assertDoesNotThrow(() -> bound.buildWith(bound.lowValid()));
        assertDoesNotThrow(() -> bound.buildWith(bound.highValid()));
        assertEquals(bound.buildWith(bound.lowValid()), bound.readWith(bound.lowValid()));
        assertEquals(bound.buildWith(bound.highValid()), bound.readWith(bound.highValid()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void justBelowTheRangeFailsWithANamedError(Bound bound) {
        long below = bound.lowValid() - 1;
        ConfigurationException fromBuilder = assertThrows(ConfigurationException.class, () -> bound.buildWith(below));
        assertEquals(bound.expectedMessage(below), fromBuilder.getMessage());
        assertEquals(bound.javaName(), fromBuilder.setting());
        assertEquals(bound.key(), fromBuilder.key());
        ConfigurationException fromHocon = assertThrows(ConfigurationException.class, () -> bound.readWith(below));
        assertEquals(bound.expectedMessage(below), fromHocon.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void justAboveTheRangeFailsWithANamedError(Bound bound) {
        if (bound.highValid() != bound.rangeMax() || bound.rangeMax() == Long.MAX_VALUE) {
            return; // the upper end is bounded by another setting (see RelationsTest) or by the Java type itself
        }
        long above = bound.highValid() + 1;
        ConfigurationException fromHocon = assertThrows(ConfigurationException.class, () -> bound.readWith(above));
        assertEquals(bound.expectedMessage(above), fromHocon.getMessage());
        if (bound.duration()) {
            ConfigurationException fromBuilder =
                    assertThrows(ConfigurationException.class, () -> bound.buildWith(above));
            assertEquals(bound.expectedMessage(above), fromBuilder.getMessage());
        }
    }

    @Test
    void theBriefsExampleMessageIsExact() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().produceBatchSize(0).build());
        assertEquals("produceBatchSize must be between 1 and 2147483647 (kafka-driver.produce.batch-size), was 0",
                e.getMessage());
    }

    @Test
    void maxBufferedMessagesRejectsZeroBetweenUnboundedAndOne() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().maxBufferedMessages(0).build());
        assertEquals("maxBufferedMessages must be -1 (unbounded) or between 1 and 2147483647"
                + " (kafka-driver.produce.max-buffered-messages), was 0", e.getMessage());
        assertEquals(1, Configuration.builder().maxBufferedMessages(1).build().maxBufferedMessages());
    }

    @Test
    void jitterIsAFractionBetweenZeroAndOne() {
        assertEquals(0.0, Configuration.builder().reconnectBackoffJitter(0.0).build().reconnectBackoffJitter());
        assertEquals(1.0, Configuration.builder().reconnectBackoffJitter(1.0).build().reconnectBackoffJitter());
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Configuration.builder().reconnectBackoffJitter(bad).build());
            assertEquals("reconnectBackoffJitter must be between 0.0 and 1.0"
                    + " (kafka-driver.network.reconnect-backoff.jitter), was " + bad, e.getMessage());
        }
    }

    @Test
    void clientIdAndDispatcherMustBeNonBlankAndFitAKafkaString() {
        assertEquals("x", Configuration.builder().clientId("x").build().clientId());
        String longest = "c".repeat(32767);
        assertEquals(longest, Configuration.builder().clientId(longest).build().clientId());
        ConfigurationException tooLong = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().clientId(longest + "c").build());
        assertEquals("clientId", tooLong.setting());
        ConfigurationException blank = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().clientId(" ").build());
        assertEquals("clientId must be a non-blank string of at most 32767 characters (kafka-driver.client-id),"
                + " was ' '", blank.getMessage());
        ConfigurationException dispatcher = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().dispatcher("").build());
        assertEquals("kafka-driver.dispatcher", dispatcher.key());
    }

    @Test
    void requiredAcksAcceptsExactlyZeroOneAndMinusOne() {
        assertEquals(RequiredAcks.NONE, Configuration.builder().requiredAcks(0).build().requiredAcks());
        assertEquals(RequiredAcks.LEADER, Configuration.builder().requiredAcks(1).build().requiredAcks());
        assertEquals(RequiredAcks.ALL, Configuration.builder().requiredAcks(-1).build().requiredAcks());
        for (int bad : new int[] {-2, 2}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Configuration.builder().requiredAcks(bad));
            assertEquals("requiredAcks must be 0, 1 or -1 (all) (kafka-driver.produce.required-acks), was " + bad,
                    e.getMessage());
        }
    }
}
