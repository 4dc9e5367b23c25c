package io.kafkadriver.api.internal;

import static io.kafkadriver.api.internal.Setting.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.BatchStrategy;
import io.kafkadriver.api.BrokerAddress;
import io.kafkadriver.api.Compatibility;
import io.kafkadriver.api.CompressionCodec;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.ConfigurationException;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.PartitionerStrategy;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.api.SaslMechanism;
import io.kafkadriver.api.SecurityProtocol;
import io.kafkadriver.api.SerializationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the {@code kafka-driver} HOCON section into a {@link ConfigurationBuilder}. Type errors are reported as
 * {@link ConfigurationException}s naming the setting's Java name and key; range errors come from the builder's
 * {@code build()}, so a bad value gives the same message whether it came from code or from HOCON. Internal.
 */
public final class HoconReader {

    private static final Set<String> KNOWN_PATHS =
            Arrays.stream(Setting.values()).map(Setting::path).collect(Collectors.toUnmodifiableSet());

    private final Config section;

    private HoconReader(Config section) {
        this.section = section;
    }

    /**
     * Applies every setting of the {@code kafka-driver} section to a builder.
     *
     * @param config a resolved configuration that already falls back to {@code reference.conf}
     * @param builder the builder to fill
     * @return the same builder
     * @throws ConfigurationException for a missing section, an unknown key or a value of the wrong type
     */
    public static ConfigurationBuilder read(Config config, ConfigurationBuilder builder) {
        if (!config.hasPath(ROOT) || config.getValue(ROOT).valueType() != ConfigValueType.OBJECT) {
            throw new ConfigurationException(ROOT, ROOT, ROOT + " must be a HOCON object holding the driver settings");
        }
        HoconReader reader = new HoconReader(config.getConfig(ROOT));
        reader.rejectUnknownKeys();
        reader.readGeneral(builder);
        reader.readNetwork(builder);
        reader.readSecurity(builder);
        reader.readProduce(builder);
        reader.readConsume(builder);
        return builder;
    }

    private void rejectUnknownKeys() {
        for (RefusedSetting refused : RefusedSetting.values()) {
            if (section.hasPathOrNull(refused.path())) {
                throw refused.refusal();
            }
        }
        for (Map.Entry<String, ConfigValue> entry : section.entrySet()) {
            // A known key given an object value shows up as its children; its typed read reports it instead.
            if (!KNOWN_PATHS.contains(entry.getKey()) && !isInsideKnownSetting(entry.getKey())) {
                String key = ROOT + "." + entry.getKey();
                throw new ConfigurationException(key, key,
                        key + " is not a known setting (a misspelt key? see docs/configuration.md)");
            }
        }
    }

    private static boolean isInsideKnownSetting(String path) {
        return KNOWN_PATHS.stream().anyMatch(known -> path.startsWith(known + "."));
    }

    private void readGeneral(ConfigurationBuilder b) {
        b.clientId(string(CLIENT_ID));
        b.seeds(seeds());
        b.compatibility(compatibility());
        b.dispatcher(string(DISPATCHER));
        b.maximumConcurrency(integer(MAXIMUM_CONCURRENCY));
        b.closeTimeout(duration(CLOSE_TIMEOUT));
        b.refreshMetadataInterval(duration(REFRESH_METADATA_INTERVAL));
        b.metadataMaxAge(duration(METADATA_MAX_AGE));
        b.minimumTimeBetweenRefreshMetadata(duration(MINIMUM_TIME_BETWEEN_REFRESH_METADATA));
        b.serializationConfig(SerializationConfig.defaults()
                .withSerializeOnProduce(bool(SERIALIZE_ON_PRODUCE)));
    }

    private void readNetwork(ConfigurationBuilder b) {
        b.sendBufferSize(integer(SEND_BUFFER_SIZE));
        b.receiveBufferSize(integer(RECEIVE_BUFFER_SIZE));
        b.requestTimeout(duration(REQUEST_TIMEOUT));
        b.clientRequestTimeout(duration(CLIENT_REQUEST_TIMEOUT));
        b.maxInFlightRequests(integer(MAX_IN_FLIGHT_REQUESTS));
        b.maxFrameSize(integer(MAX_FRAME_SIZE));
        b.maxSuccessiveNodeErrors(integer(MAX_SUCCESSIVE_NODE_ERRORS));
        b.reconnectBackoffInitial(duration(RECONNECT_BACKOFF_INITIAL));
        b.reconnectBackoffMax(duration(RECONNECT_BACKOFF_MAX));
        b.reconnectBackoffJitter(fraction(RECONNECT_BACKOFF_JITTER));
        b.retryBackoff(duration(RETRY_BACKOFF));
    }

    private void readSecurity(ConfigurationBuilder b) {
        b.securityProtocol(enumeration(SECURITY_PROTOCOL, SecurityProtocol.class));
        b.saslMechanism(enumeration(SASL_MECHANISM, SaslMechanism.class));
        b.saslUsername(string(SASL_USERNAME));
        b.saslPassword(string(SASL_PASSWORD));
        b.sslTruststorePath(string(SSL_TRUSTSTORE_PATH));
        b.sslTruststorePassword(string(SSL_TRUSTSTORE_PASSWORD));
        b.sslKeystorePath(string(SSL_KEYSTORE_PATH));
        b.sslKeystorePassword(string(SSL_KEYSTORE_PASSWORD));
        b.sslHostnameVerification(bool(SSL_HOSTNAME_VERIFICATION));
        b.sslTruststoreType(string(SSL_TRUSTSTORE_TYPE));
        b.sslKeystoreType(string(SSL_KEYSTORE_TYPE));
        b.sslKeyPassword(string(SSL_KEY_PASSWORD));
        b.sslProtocols(string(SSL_PROTOCOLS));
        b.sslCipherSuites(string(SSL_CIPHER_SUITES));
    }

    private void readProduce(ConfigurationBuilder b) {
        b.messageTtl(duration(MESSAGE_TTL));
        b.errorStrategy(enumeration(ERROR_STRATEGY, ErrorStrategy.class));
        b.maxRetry(integer(MAX_RETRY));
        b.produceBufferingTime(duration(PRODUCE_BUFFERING_TIME));
        b.produceBatchSize(integer(PRODUCE_BATCH_SIZE));
        b.batchStrategy(enumeration(BATCH_STRATEGY, BatchStrategy.class));
        b.compressionCodec(enumeration(COMPRESSION_CODEC, CompressionCodec.class));
        b.partitioner(enumeration(PARTITIONER, PartitionerStrategy.class));
        b.numberOfMessagesBeforeRoundRobin(integer(NUMBER_OF_MESSAGES_BEFORE_ROUND_ROBIN));
        b.requiredAcks(requiredAcks());
        idempotence(b);
        b.minInSyncReplicas(integer(MIN_IN_SYNC_REPLICAS));
        b.retryIfNotEnoughReplicasAfterAppend(bool(RETRY_IF_NOT_ENOUGH_REPLICAS_AFTER_APPEND));
        b.maxBufferedMessages(integer(MAX_BUFFERED_MESSAGES));
        b.overflowStrategy(enumeration(OVERFLOW_STRATEGY, OverflowStrategy.class));
        b.overflowBlockTimeout(duration(OVERFLOW_BLOCK_TIMEOUT));
        b.maxPostponedMessages(integer(MAX_POSTPONED_MESSAGES));
        b.temporaryIgnorePartitionTime(duration(TEMPORARY_IGNORE_PARTITION_TIME));
    }

    private void readConsume(ConfigurationBuilder b) {
        b.fetchMaxWaitTime(duration(FETCH_MAX_WAIT_TIME));
        b.fetchMinBytes(integer(FETCH_MIN_BYTES));
        b.fetchMaxBytes(integer(FETCH_MAX_BYTES));
        b.fetchMessageMaxBytes(integer(FETCH_MESSAGE_MAX_BYTES));
        b.consumeBufferingTime(duration(CONSUME_BUFFERING_TIME));
        b.consumeBatchSize(integer(CONSUME_BATCH_SIZE));
        b.autoOffsetReset(enumeration(AUTO_OFFSET_RESET, AutoOffsetReset.class));
        b.consumerErrorStrategy(enumeration(CONSUMER_ERROR_STRATEGY, ErrorStrategy.class));
        b.consumerFetchBufferBytes(Checks.longInRange(CONSUMER_FETCH_BUFFER_BYTES, whole(CONSUMER_FETCH_BUFFER_BYTES)));
        b.readCommitted(bool(READ_COMMITTED));
    }

    private int integer(Setting setting) {
        return Checks.intInRange(setting, whole(setting));
    }

    /**
     * Reads a whole number. HOCON's own {@code getLong} would silently truncate {@code 1.5} to 1, so fractional and
     * out-of-{@code long} values are refused here with the setting's range in the message.
     */
    private long whole(Setting setting) {
        String expected = "an integer between " + setting.min() + " and " + setting.max();
        Number number = typed(setting, expected, section::getNumber);
        if (number instanceof Integer || number instanceof Long) {
            return number.longValue();
        }
        throw Checks.error(setting, "must be " + expected, number.toString());
    }

    private Duration duration(Setting setting) {
        return typed(setting, "a duration such as 500ms, 30s or 5m", section::getDuration);
    }

    private double fraction(Setting setting) {
        return typed(setting, "a number between 0.0 and 1.0", section::getDouble);
    }

    private boolean bool(Setting setting) {
        return typed(setting, "true or false", section::getBoolean);
    }

    private String string(Setting setting) {
        return typed(setting, "a string", section::getString);
    }

    private <E extends Enum<E>> E enumeration(Setting setting, Class<E> type) {
        return Checks.parseEnum(setting, type, typed(setting, "one of " + Checks.allowed(type), section::getString));
    }

    private Compatibility compatibility() {
        String text = string(COMPATIBILITY).trim();
        for (Compatibility c : Compatibility.values()) {
            if (c.version().equals(text) || c.name().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw Checks.error(COMPATIBILITY, "must be one of 0.8.2, 0.10.1, 0.11.0", "'" + text + "'");
    }

    private RequiredAcks requiredAcks() {
        String text = string(REQUIRED_ACKS).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "all", "-1" -> RequiredAcks.ALL;
            case "leader", "1" -> RequiredAcks.LEADER;
            case "none", "0" -> RequiredAcks.NONE;
            default -> throw Checks.error(REQUIRED_ACKS, "must be one of all (-1), leader (1), none (0)",
                    "'" + text + "'");
        };
    }

    private void idempotence(ConfigurationBuilder b) {
        String text = string(IDEMPOTENCE).trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "auto" -> { } // on exactly when required-acks is all and max-in-flight-requests at most 5
            case "true", "on", "yes" -> b.idempotence(true);
            case "false", "off", "no" -> b.idempotence(false);
            default -> throw Checks.error(IDEMPOTENCE, "must be auto, true or false", "'" + text + "'");
        }
    }

    private List<BrokerAddress> seeds() {
        ConfigValue value = typed(SEEDS, "a string or a list of host:port strings", section::getValue);
        if (value.valueType() == ConfigValueType.LIST) {
            List<String> entries = typed(SEEDS, "a list of host:port strings", section::getStringList);
            List<BrokerAddress> result = new ArrayList<>();
            for (String entry : entries) {
                result.add(BrokerAddress.parse(entry));
            }
            return result;
        }
        return BrokerAddress.parseList(string(SEEDS));
    }

    /**
     * Reads one value with the HOCON library, turning its type errors into a {@link ConfigurationException} that
     * names the setting. The rejected value is quoted, except for secrets.
     */
    private <T> T typed(Setting setting, String expected, Function<String, T> getter) {
        try {
            return getter.apply(setting.path());
        } catch (ConfigException e) {
            String was;
            if (setting.secret()) {
                was = "(hidden)";
            } else if (!section.hasPath(setting.path())) {
                was = "null";
            } else {
                was = section.getValue(setting.path()).render(ConfigRenderOptions.concise());
            }
            throw new ConfigurationException(setting.javaName(), setting.key(),
                    setting.javaName() + " must be " + expected + " (" + setting.key() + "), was " + was, e);
        }
    }
}
