package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.api.internal.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default equals kafka-sharp's. The expected values are copied by hand from kafka-sharp's README
 * ({@code /work/shared/seed/kafka-sharp-README.md}) and, for the fields the README does not list, from the
 * kafka-sharp design notes (its {@code Configuration.cs} defaults), not from our code.
 */
class KafkaSharpDefaultsTest {

    private static final Configuration DEFAULTS = Configuration.builder().build();

    private static Arguments row(String kafkaSharpName, Object kafkaSharpDefault, Function<Configuration, ?> getter) {
        return Arguments.of(kafkaSharpName, kafkaSharpDefault, getter);
    }

    static Stream<Arguments> kafkaSharpDefaults() {
        return Stream.of(
                // From the README's Configuration listing.
                row("Compatibility", Compatibility.V0_8_2, Configuration::compatibility),
                row("MessageTtl", Duration.ofMinutes(1), Configuration::messageTtl),
                row("RefreshMetadataInterval", Duration.ofMinutes(5), Configuration::refreshMetadataInterval),
                row("ErrorStrategy", ErrorStrategy.DISCARD, Configuration::errorStrategy),
                row("ProduceBufferingTime", Duration.ofMillis(5000), Configuration::produceBufferingTime),
                row("ProduceBatchSize", 200, Configuration::produceBatchSize),
                row("BatchStrategy", BatchStrategy.BY_NODE, Configuration::batchStrategy),
                row("CompressionCodec", CompressionCodec.NONE, Configuration::compressionCodec),
                row("NumberOfMessagesBeforeRoundRobin", 1, Configuration::numberOfMessagesBeforeRoundRobin),
                row("SendBufferSize", 100 * 1024, Configuration::sendBufferSize),
                row("ReceiveBufferSize", 64 * 1024, Configuration::receiveBufferSize),
                row("RequiredAcks", RequiredAcks.ALL, Configuration::requiredAcks),
                row("MinInSyncReplicas", -1, Configuration::minInSyncReplicas),
                row("RetryIfNotEnoughReplicasAfterAppend", false, Configuration::retryIfNotEnoughReplicasAfterAppend),
                row("RequestTimeoutMs", Duration.ofMillis(10000), Configuration::requestTimeout),
                row("ClientRequestTimeoutMs", Duration.ofMillis(20000), Configuration::clientRequestTimeout),
                row("MaxInFlightRequests", 5, Configuration::maxInFlightRequests),
                row("ClientId", "Kafka#", Configuration::clientId),
                row("Seeds", List.of(), Configuration::seeds),
                row("TaskScheduler", "pekko.actor.default-dispatcher", Configuration::dispatcher),
                row("MaximumConcurrency", 3, Configuration::maximumConcurrency),
                row("MaxBufferedMessages", -1, Configuration::maxBufferedMessages),
                row("OverflowStrategy", OverflowStrategy.BLOCK, Configuration::overflowStrategy),
                row("FetchMaxWaitTime", Duration.ofMillis(100), Configuration::fetchMaxWaitTime),
                row("FetchMinBytes", 1, Configuration::fetchMinBytes),
                row("FetchMessageMaxBytes", 1024 * 1024, Configuration::fetchMessageMaxBytes),
                row("ConsumeBufferingTime", Duration.ofMillis(1000), Configuration::consumeBufferingTime),
                row("ConsumeBatchSize", 10, Configuration::consumeBatchSize),
                row("SerializationConfig.SerializeOnProduce", false, c -> c.serializationConfig().serializeOnProduce()),
                // Fields of kafka-sharp's Configuration.cs that its README does not list (design notes, section 9).
                row("MaxRetry", 3, Configuration::maxRetry),
                row("MinimumTimeBetweenRefreshMetadata", Duration.ofSeconds(42),
                        Configuration::minimumTimeBetweenRefreshMetadata),
                row("TemporaryIgnorePartitionTime", Duration.ofSeconds(42), Configuration::temporaryIgnorePartitionTime),
                row("ConsumerErrorStrategy", ErrorStrategy.DISCARD, Configuration::consumerErrorStrategy),
                row("MaxPostponedMessages", 1000, Configuration::maxPostponedMessages),
                row("MaxSuccessiveNodeErrors", 2, Configuration::maxSuccessiveNodeErrors),
                row("FetchMaxBytes", 50 * 1024 * 1024, Configuration::fetchMaxBytes),
                row("OffsetOutOfRangeStrategy", AutoOffsetReset.EARLIEST, Configuration::autoOffsetReset),
                row("PartitionSelectionConfig", PartitionerStrategy.ROUND_ROBIN, Configuration::partitioner));
    }

    @ParameterizedTest(name = "{0} defaults to {1}")
    @MethodSource("kafkaSharpDefaults")
    void defaultEqualsKafkaSharps(String kafkaSharpName, Object kafkaSharpDefault, Function<Configuration, ?> getter) {
        assertEquals(kafkaSharpDefault, getter.apply(DEFAULTS), kafkaSharpName);
    }

    @Test
    void theTableCoversEverySettingThatCameFromKafkaSharp() {
        Set<String> inTable = kafkaSharpDefaults().map(a -> (String) a.get()[0])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> carried = Arrays.stream(Setting.values()).map(Setting::kafkaSharpName).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(carried, inTable);
    }

    @Test
    void newSettingsHaveTheirDocumentedModernDefaults() {
        // Sources: Kafka's client defaults (reconnect.backoff.ms, reconnect.backoff.max.ms, retry.backoff.ms,
        // metadata.max.age.ms, max.block.ms), the broker's socket.request.max.bytes, the consumer's close timeout.
        assertEquals(Duration.ofMillis(50), DEFAULTS.reconnectBackoffInitial());
        assertEquals(Duration.ofSeconds(1), DEFAULTS.reconnectBackoffMax());
        assertEquals(0.2, DEFAULTS.reconnectBackoffJitter());
        assertEquals(Duration.ofMillis(100), DEFAULTS.retryBackoff());
        assertEquals(Duration.ofMinutes(5), DEFAULTS.metadataMaxAge());
        assertEquals(Duration.ofSeconds(60), DEFAULTS.overflowBlockTimeout());
        assertEquals(104857600, DEFAULTS.maxFrameSize());
        assertEquals(104857600L, DEFAULTS.consumerFetchBufferBytes());
        assertEquals(Duration.ofSeconds(30), DEFAULTS.closeTimeout());
        assertEquals(SecurityProtocol.PLAINTEXT, DEFAULTS.securityProtocol());
        assertEquals(SaslMechanism.PLAIN, DEFAULTS.saslMechanism());
        assertEquals("", DEFAULTS.saslUsername());
        assertEquals("", DEFAULTS.saslPassword());
        assertEquals(true, DEFAULTS.sslHostnameVerification());
    }
}
