package io.kafkadriver.api;

import static io.kafkadriver.api.internal.Checks.durationInRange;
import static io.kafkadriver.api.internal.Checks.fraction;
import static io.kafkadriver.api.internal.Checks.intInRange;
import static io.kafkadriver.api.internal.Checks.longInRange;
import static io.kafkadriver.api.internal.Checks.notBlank;
import static io.kafkadriver.api.internal.Setting.*;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kafkadriver.api.internal.BuilderCopy;
import io.kafkadriver.api.internal.Checks;
import io.kafkadriver.api.internal.HoconReader;
import io.kafkadriver.api.internal.SecurityChecks;
import io.kafkadriver.api.internal.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The driver's immutable configuration: every setting of kafka-sharp's {@code Configuration}, with the same
 * defaults, plus what a modern client needs (security, reconnect backoff, frame and memory limits). Build one with
 * {@code Configuration.builder().seeds("host:9092,host2:9092").produceBatchSize(500).build()}, derive variants with
 * {@link #toBuilder()}, or read the {@code kafka-driver} HOCON section with {@link #fromConfig(Config)} /
 * {@link #load()}; {@code reference.conf} holds the same defaults as the builder.
 *
 * <p>Each getter's meaning, default and range is documented on the {@link ConfigurationBuilder} method of the same
 * name and in {@code docs/configuration.md}. {@link #toString()} never prints passwords. Instances are thread-safe.
 */
public final class Configuration {

    /** Longest client id Kafka's request header can carry (an int16-length string). */
    private static final int MAX_CLIENT_ID_LENGTH = Short.MAX_VALUE;

    private final String clientId;
    private final List<BrokerAddress> seeds;
    private final Compatibility compatibility;
    private final String dispatcher;
    private final int maximumConcurrency;
    private final Duration closeTimeout;
    private final Duration refreshMetadataInterval;
    private final Duration metadataMaxAge;
    private final Duration minimumTimeBetweenRefreshMetadata;
    private final int sendBufferSize;
    private final int receiveBufferSize;
    private final Duration requestTimeout;
    private final Duration clientRequestTimeout;
    private final int maxInFlightRequests;
    private final int maxFrameSize;
    private final int maxSuccessiveNodeErrors;
    private final Duration reconnectBackoffInitial;
    private final Duration reconnectBackoffMax;
    private final double reconnectBackoffJitter;
    private final Duration retryBackoff;
    private final SecurityProtocol securityProtocol;
    private final SaslMechanism saslMechanism;
    private final String saslUsername;
    private final String saslPassword;
    private final String sslTruststorePath;
    private final String sslTruststorePassword;
    private final String sslKeystorePath;
    private final String sslKeystorePassword;
    private final boolean sslHostnameVerification;
    private final String sslTruststoreType;
    private final String sslKeystoreType;
    private final String sslKeyPassword;
    private final String sslProtocols;
    private final String sslCipherSuites;
    private final OAuthBearerTokenProvider oauthBearerTokenProvider;
    private final Duration messageTtl;
    private final ErrorStrategy errorStrategy;
    private final int maxRetry;
    private final Duration produceBufferingTime;
    private final int produceBatchSize;
    private final BatchStrategy batchStrategy;
    private final CompressionCodec compressionCodec;
    private final PartitionerStrategy partitioner;
    private final int numberOfMessagesBeforeRoundRobin;
    private final RequiredAcks requiredAcks;
    private final Boolean idempotenceSetting;
    private final boolean idempotence;
    private final int minInSyncReplicas;
    private final boolean retryIfNotEnoughReplicasAfterAppend;
    private final int maxBufferedMessages;
    private final OverflowStrategy overflowStrategy;
    private final Duration overflowBlockTimeout;
    private final int maxPostponedMessages;
    private final Duration temporaryIgnorePartitionTime;
    private final Duration fetchMaxWaitTime;
    private final int fetchMinBytes;
    private final int fetchMaxBytes;
    private final int fetchMessageMaxBytes;
    private final Duration consumeBufferingTime;
    private final int consumeBatchSize;
    private final AutoOffsetReset autoOffsetReset;
    private final ErrorStrategy consumerErrorStrategy;
    private final long consumerFetchBufferBytes;
    private final boolean readCommitted;
    private final SerializationConfig serializationConfig;

    /** The most requests in flight the idempotent producer allows (the broker keeps 5 batches per producer). */
    private static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    Configuration(ConfigurationBuilder b) {
        this.clientId = notBlank(CLIENT_ID, b.clientId, MAX_CLIENT_ID_LENGTH);
        this.seeds = b.seeds;
        this.compatibility = b.compatibility;
        this.dispatcher = notBlank(DISPATCHER, b.dispatcher, MAX_CLIENT_ID_LENGTH);
        this.maximumConcurrency = intInRange(MAXIMUM_CONCURRENCY, b.maximumConcurrency);
        this.closeTimeout = durationInRange(CLOSE_TIMEOUT, b.closeTimeout);
        this.refreshMetadataInterval = durationInRange(REFRESH_METADATA_INTERVAL, b.refreshMetadataInterval);
        this.metadataMaxAge = durationInRange(METADATA_MAX_AGE, b.metadataMaxAge);
        this.minimumTimeBetweenRefreshMetadata =
                durationInRange(MINIMUM_TIME_BETWEEN_REFRESH_METADATA, b.minimumTimeBetweenRefreshMetadata);
        this.sendBufferSize = intInRange(SEND_BUFFER_SIZE, b.sendBufferSize);
        this.receiveBufferSize = intInRange(RECEIVE_BUFFER_SIZE, b.receiveBufferSize);
        this.requestTimeout = durationInRange(REQUEST_TIMEOUT, b.requestTimeout);
        this.clientRequestTimeout = durationInRange(CLIENT_REQUEST_TIMEOUT, b.clientRequestTimeout);
        this.maxInFlightRequests = intInRange(MAX_IN_FLIGHT_REQUESTS, b.maxInFlightRequests);
        this.maxFrameSize = intInRange(MAX_FRAME_SIZE, b.maxFrameSize);
        this.maxSuccessiveNodeErrors = intInRange(MAX_SUCCESSIVE_NODE_ERRORS, b.maxSuccessiveNodeErrors);
        this.reconnectBackoffInitial = durationInRange(RECONNECT_BACKOFF_INITIAL, b.reconnectBackoffInitial);
        this.reconnectBackoffMax = durationInRange(RECONNECT_BACKOFF_MAX, b.reconnectBackoffMax);
        this.reconnectBackoffJitter = fraction(RECONNECT_BACKOFF_JITTER, b.reconnectBackoffJitter);
        this.retryBackoff = durationInRange(RETRY_BACKOFF, b.retryBackoff);
        this.securityProtocol = b.securityProtocol;
        this.saslMechanism = b.saslMechanism;
        this.saslUsername = b.saslUsername;
        this.saslPassword = b.saslPassword;
        this.sslTruststorePath = b.sslTruststorePath;
        this.sslTruststorePassword = b.sslTruststorePassword;
        this.sslKeystorePath = b.sslKeystorePath;
        this.sslKeystorePassword = b.sslKeystorePassword;
        this.sslHostnameVerification = b.sslHostnameVerification;
        this.sslTruststoreType = b.sslTruststoreType;
        this.sslKeystoreType = b.sslKeystoreType;
        this.sslKeyPassword = b.sslKeyPassword;
        this.sslProtocols = b.sslProtocols;
        this.sslCipherSuites = b.sslCipherSuites;
        this.oauthBearerTokenProvider = b.oauthBearerTokenProvider;
        this.messageTtl = durationInRange(MESSAGE_TTL, b.messageTtl);
        this.errorStrategy = b.errorStrategy;
        this.maxRetry = intInRange(MAX_RETRY, b.maxRetry);
        this.produceBufferingTime = durationInRange(PRODUCE_BUFFERING_TIME, b.produceBufferingTime);
        this.produceBatchSize = intInRange(PRODUCE_BATCH_SIZE, b.produceBatchSize);
        this.batchStrategy = b.batchStrategy;
        this.compressionCodec = b.compressionCodec;
        this.partitioner = b.partitioner;
        this.numberOfMessagesBeforeRoundRobin =
                intInRange(NUMBER_OF_MESSAGES_BEFORE_ROUND_ROBIN, b.numberOfMessagesBeforeRoundRobin);
        this.requiredAcks = b.requiredAcks;
        this.idempotenceSetting = b.idempotence;
        this.idempotence = b.idempotence != null ? b.idempotence
                : requiredAcks == RequiredAcks.ALL && maxInFlightRequests <= MAX_IDEMPOTENT_IN_FLIGHT;
        this.minInSyncReplicas = intInRange(MIN_IN_SYNC_REPLICAS, b.minInSyncReplicas);
        this.retryIfNotEnoughReplicasAfterAppend = b.retryIfNotEnoughReplicasAfterAppend;
        this.maxBufferedMessages = intInRange(MAX_BUFFERED_MESSAGES, b.maxBufferedMessages);
        this.overflowStrategy = b.overflowStrategy;
        this.overflowBlockTimeout = durationInRange(OVERFLOW_BLOCK_TIMEOUT, b.overflowBlockTimeout);
        this.maxPostponedMessages = intInRange(MAX_POSTPONED_MESSAGES, b.maxPostponedMessages);
        this.temporaryIgnorePartitionTime =
                durationInRange(TEMPORARY_IGNORE_PARTITION_TIME, b.temporaryIgnorePartitionTime);
        this.fetchMaxWaitTime = durationInRange(FETCH_MAX_WAIT_TIME, b.fetchMaxWaitTime);
        this.fetchMinBytes = intInRange(FETCH_MIN_BYTES, b.fetchMinBytes);
        this.fetchMaxBytes = intInRange(FETCH_MAX_BYTES, b.fetchMaxBytes);
        this.fetchMessageMaxBytes = intInRange(FETCH_MESSAGE_MAX_BYTES, b.fetchMessageMaxBytes);
        this.consumeBufferingTime = durationInRange(CONSUME_BUFFERING_TIME, b.consumeBufferingTime);
        this.consumeBatchSize = intInRange(CONSUME_BATCH_SIZE, b.consumeBatchSize);
        this.autoOffsetReset = b.autoOffsetReset;
        this.consumerErrorStrategy = b.consumerErrorStrategy;
        this.consumerFetchBufferBytes = longInRange(CONSUMER_FETCH_BUFFER_BYTES, b.consumerFetchBufferBytes);
        this.readCommitted = b.readCommitted;
        this.serializationConfig = validSerialization(b.serializationConfig);
        checkRelations();
    }

    /**
     * A builder holding every default (kafka-sharp's where it had the setting).
     *
     * @return a new builder
     */
    public static ConfigurationBuilder builder() {
        return new ConfigurationBuilder();
    }

    /**
     * Reads the {@code kafka-driver} section of a HOCON configuration, falling back to this library's
     * {@code reference.conf} for whatever it does not set. Unknown keys inside {@code kafka-driver} are rejected, so
     * that a misspelt key does not silently leave a default in place.
     *
     * @param config the configuration, e.g. {@code ConfigFactory.parseString("kafka-driver.seeds = \"b:9092\"")}
     * @return the validated configuration
     * @throws ConfigurationException naming the first invalid or unknown setting
     */
    public static Configuration fromConfig(Config config) {
        Objects.requireNonNull(config, "config");
        return HoconReader.read(config.withFallback(ConfigFactory.defaultReference()).resolve(), builder()).build();
    }

    /**
     * Reads the {@code kafka-driver} section of the application's configuration, as {@link ConfigFactory#load()}
     * finds it ({@code application.conf}, system properties, {@code reference.conf}).
     *
     * @return the validated configuration
     * @throws ConfigurationException naming the first invalid or unknown setting
     */
    public static Configuration load() {
        return fromConfig(ConfigFactory.load());
    }

    /**
     * A builder preset with every setting of this configuration, to derive a variant.
     *
     * @return a new builder
     */
    public ConfigurationBuilder toBuilder() {
        return BuilderCopy.copy(this, new ConfigurationBuilder());
    }

    /** {@return the clientId setting, see {@link ConfigurationBuilder#clientId}} */
    public String clientId() {
        return clientId;
    }

    /** {@return the seeds setting, see {@link ConfigurationBuilder#seeds}} */
    public List<BrokerAddress> seeds() {
        return seeds;
    }

    /** {@return the compatibility setting, see {@link ConfigurationBuilder#compatibility}} */
    public Compatibility compatibility() {
        return compatibility;
    }

    /** {@return the dispatcher setting, see {@link ConfigurationBuilder#dispatcher}} */
    public String dispatcher() {
        return dispatcher;
    }

    /** {@return the maximumConcurrency setting, see {@link ConfigurationBuilder#maximumConcurrency}} */
    public int maximumConcurrency() {
        return maximumConcurrency;
    }

    /** {@return the closeTimeout setting, see {@link ConfigurationBuilder#closeTimeout}} */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** {@return the refreshMetadataInterval setting, see {@link ConfigurationBuilder#refreshMetadataInterval}} */
    public Duration refreshMetadataInterval() {
        return refreshMetadataInterval;
    }

    /** {@return the metadataMaxAge setting, see {@link ConfigurationBuilder#metadataMaxAge}} */
    public Duration metadataMaxAge() {
        return metadataMaxAge;
    }

    /**
     * {@return the minimumTimeBetweenRefreshMetadata setting}
     * See {@link ConfigurationBuilder#minimumTimeBetweenRefreshMetadata}.
     */
    public Duration minimumTimeBetweenRefreshMetadata() {
        return minimumTimeBetweenRefreshMetadata;
    }

    /** {@return the sendBufferSize setting, see {@link ConfigurationBuilder#sendBufferSize}} */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /** {@return the receiveBufferSize setting, see {@link ConfigurationBuilder#receiveBufferSize}} */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** {@return the requestTimeout setting, see {@link ConfigurationBuilder#requestTimeout}} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** {@return the clientRequestTimeout setting, see {@link ConfigurationBuilder#clientRequestTimeout}} */
    public Duration clientRequestTimeout() {
        return clientRequestTimeout;
    }

    /** {@return the maxInFlightRequests setting, see {@link ConfigurationBuilder#maxInFlightRequests}} */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** {@return the maxFrameSize setting, see {@link ConfigurationBuilder#maxFrameSize}} */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** {@return the maxSuccessiveNodeErrors setting, see {@link ConfigurationBuilder#maxSuccessiveNodeErrors}} */
    public int maxSuccessiveNodeErrors() {
        return maxSuccessiveNodeErrors;
    }

    /** {@return the reconnectBackoffInitial setting, see {@link ConfigurationBuilder#reconnectBackoffInitial}} */
    public Duration reconnectBackoffInitial() {
        return reconnectBackoffInitial;
    }

    /** {@return the reconnectBackoffMax setting, see {@link ConfigurationBuilder#reconnectBackoffMax}} */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /** {@return the reconnectBackoffJitter setting, see {@link ConfigurationBuilder#reconnectBackoffJitter}} */
    public double reconnectBackoffJitter() {
        return reconnectBackoffJitter;
    }

    /** {@return the retryBackoff setting, see {@link ConfigurationBuilder#retryBackoff}} */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** {@return the securityProtocol setting, see {@link ConfigurationBuilder#securityProtocol}} */
    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    /** {@return the saslMechanism setting, see {@link ConfigurationBuilder#saslMechanism}} */
    public SaslMechanism saslMechanism() {
        return saslMechanism;
    }

    /** {@return the saslUsername setting, see {@link ConfigurationBuilder#saslUsername}} */
    public String saslUsername() {
        return saslUsername;
    }

    /** {@return the saslPassword setting, see {@link ConfigurationBuilder#saslPassword}} */
    public String saslPassword() {
        return saslPassword;
    }

    /** {@return the sslTruststorePath setting, see {@link ConfigurationBuilder#sslTruststorePath}} */
    public String sslTruststorePath() {
        return sslTruststorePath;
    }

    /** {@return the sslTruststorePassword setting, see {@link ConfigurationBuilder#sslTruststorePassword}} */
    public String sslTruststorePassword() {
        return sslTruststorePassword;
    }

    /** {@return the sslKeystorePath setting, see {@link ConfigurationBuilder#sslKeystorePath}} */
    public String sslKeystorePath() {
        return sslKeystorePath;
    }

    /** {@return the sslKeystorePassword setting, see {@link ConfigurationBuilder#sslKeystorePassword}} */
    public String sslKeystorePassword() {
        return sslKeystorePassword;
    }

    /** {@return the sslHostnameVerification setting, see {@link ConfigurationBuilder#sslHostnameVerification}} */
    public boolean sslHostnameVerification() {
        return sslHostnameVerification;
    }

    /** {@return the sslTruststoreType setting, see {@link ConfigurationBuilder#sslTruststoreType}} */
    public String sslTruststoreType() {
        return sslTruststoreType;
    }

    /** {@return the sslKeystoreType setting, see {@link ConfigurationBuilder#sslKeystoreType}} */
    public String sslKeystoreType() {
        return sslKeystoreType;
    }

    /** {@return the sslKeyPassword setting, see {@link ConfigurationBuilder#sslKeyPassword}} */
    public String sslKeyPassword() {
        return sslKeyPassword;
    }

    /** {@return the sslProtocols setting, see {@link ConfigurationBuilder#sslProtocols}} */
    public String sslProtocols() {
        return sslProtocols;
    }

    /** {@return the sslCipherSuites setting, see {@link ConfigurationBuilder#sslCipherSuites}} */
    public String sslCipherSuites() {
        return sslCipherSuites;
    }

    /**
     * {@return the OAUTHBEARER token provider, or null; see {@link ConfigurationBuilder#oauthBearerTokenProvider}}
     */
    public OAuthBearerTokenProvider oauthBearerTokenProvider() {
        return oauthBearerTokenProvider;
    }

    /** {@return the messageTtl setting, see {@link ConfigurationBuilder#messageTtl}} */
    public Duration messageTtl() {
        return messageTtl;
    }

    /** {@return the errorStrategy setting, see {@link ConfigurationBuilder#errorStrategy}} */
    public ErrorStrategy errorStrategy() {
        return errorStrategy;
    }

    /** {@return the maxRetry setting, see {@link ConfigurationBuilder#maxRetry}} */
    public int maxRetry() {
        return maxRetry;
    }

    /** {@return the produceBufferingTime setting, see {@link ConfigurationBuilder#produceBufferingTime}} */
    public Duration produceBufferingTime() {
        return produceBufferingTime;
    }

    /** {@return the produceBatchSize setting, see {@link ConfigurationBuilder#produceBatchSize}} */
    public int produceBatchSize() {
        return produceBatchSize;
    }

    /** {@return the batchStrategy setting, see {@link ConfigurationBuilder#batchStrategy}} */
    public BatchStrategy batchStrategy() {
        return batchStrategy;
    }

    /** {@return the compressionCodec setting, see {@link ConfigurationBuilder#compressionCodec}} */
    public CompressionCodec compressionCodec() {
        return compressionCodec;
    }

    /** {@return the partitioner setting, see {@link ConfigurationBuilder#partitioner}} */
    public PartitionerStrategy partitioner() {
        return partitioner;
    }

    /**
     * {@return the numberOfMessagesBeforeRoundRobin setting}
     * See {@link ConfigurationBuilder#numberOfMessagesBeforeRoundRobin}.
     */
    public int numberOfMessagesBeforeRoundRobin() {
        return numberOfMessagesBeforeRoundRobin;
    }

    /** {@return the requiredAcks setting, see {@link ConfigurationBuilder#requiredAcks}} */
    public RequiredAcks requiredAcks() {
        return requiredAcks;
    }

    /**
     * {@return whether the producer is idempotent, see {@link ConfigurationBuilder#idempotence}}: the setting when
     * set, else true exactly when requiredAcks is ALL and maxInFlightRequests is at most 5.
     */
    public boolean idempotence() {
        return idempotence;
    }

    /** {@return the idempotence setting as it was set, empty when left to its default (see {@link #idempotence()})} */
    public Optional<Boolean> idempotenceSetting() {
        return Optional.ofNullable(idempotenceSetting);
    }

    /** {@return the minInSyncReplicas setting, see {@link ConfigurationBuilder#minInSyncReplicas}} */
    public int minInSyncReplicas() {
        return minInSyncReplicas;
    }

    /**
     * {@return the retryIfNotEnoughReplicasAfterAppend setting}
     * See {@link ConfigurationBuilder#retryIfNotEnoughReplicasAfterAppend}.
     */
    public boolean retryIfNotEnoughReplicasAfterAppend() {
        return retryIfNotEnoughReplicasAfterAppend;
    }

    /** {@return the maxBufferedMessages setting, see {@link ConfigurationBuilder#maxBufferedMessages}} */
    public int maxBufferedMessages() {
        return maxBufferedMessages;
    }

    /** {@return the overflowStrategy setting, see {@link ConfigurationBuilder#overflowStrategy}} */
    public OverflowStrategy overflowStrategy() {
        return overflowStrategy;
    }

    /** {@return the overflowBlockTimeout setting, see {@link ConfigurationBuilder#overflowBlockTimeout}} */
    public Duration overflowBlockTimeout() {
        return overflowBlockTimeout;
    }

    /** {@return the maxPostponedMessages setting, see {@link ConfigurationBuilder#maxPostponedMessages}} */
    public int maxPostponedMessages() {
        return maxPostponedMessages;
    }

    /**
     * {@return the temporaryIgnorePartitionTime setting} See {@link ConfigurationBuilder#temporaryIgnorePartitionTime}.
     */
    public Duration temporaryIgnorePartitionTime() {
        return temporaryIgnorePartitionTime;
    }

    /** {@return the fetchMaxWaitTime setting, see {@link ConfigurationBuilder#fetchMaxWaitTime}} */
    public Duration fetchMaxWaitTime() {
        return fetchMaxWaitTime;
    }

    /** {@return the fetchMinBytes setting, see {@link ConfigurationBuilder#fetchMinBytes}} */
    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    /** {@return the fetchMaxBytes setting, see {@link ConfigurationBuilder#fetchMaxBytes}} */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /** {@return the fetchMessageMaxBytes setting, see {@link ConfigurationBuilder#fetchMessageMaxBytes}} */
    public int fetchMessageMaxBytes() {
        return fetchMessageMaxBytes;
    }

    /** {@return the consumeBufferingTime setting, see {@link ConfigurationBuilder#consumeBufferingTime}} */
    public Duration consumeBufferingTime() {
        return consumeBufferingTime;
    }

    /** {@return the consumeBatchSize setting, see {@link ConfigurationBuilder#consumeBatchSize}} */
    public int consumeBatchSize() {
        return consumeBatchSize;
    }

    /** {@return the autoOffsetReset setting, see {@link ConfigurationBuilder#autoOffsetReset}} */
    public AutoOffsetReset autoOffsetReset() {
        return autoOffsetReset;
    }

    /** {@return the consumerErrorStrategy setting, see {@link ConfigurationBuilder#consumerErrorStrategy}} */
    public ErrorStrategy consumerErrorStrategy() {
        return consumerErrorStrategy;
    }

    /** {@return the consumerFetchBufferBytes setting, see {@link ConfigurationBuilder#consumerFetchBufferBytes}} */
    public long consumerFetchBufferBytes() {
        return consumerFetchBufferBytes;
    }

    /** {@return the readCommitted setting, see {@link ConfigurationBuilder#readCommitted}} */
    public boolean readCommitted() {
        return readCommitted;
    }

    /** {@return the serializationConfig setting, see {@link ConfigurationBuilder#serializationConfig}} */
    public SerializationConfig serializationConfig() {
        return serializationConfig;
    }
    /**
     * Every setting's value in {@link Setting} order, the serialization settings flattened; the basis of
     * {@link #equals(Object)}, {@link #hashCode()} and {@link #toString()}.
     */
    Object[] settingValues() {
        return new Object[] {
            clientId, seeds, compatibility, dispatcher, maximumConcurrency, closeTimeout,
            refreshMetadataInterval, metadataMaxAge, minimumTimeBetweenRefreshMetadata,
            sendBufferSize, receiveBufferSize, requestTimeout, clientRequestTimeout, maxInFlightRequests, maxFrameSize,
            maxSuccessiveNodeErrors, reconnectBackoffInitial, reconnectBackoffMax, reconnectBackoffJitter, retryBackoff,
            securityProtocol, saslMechanism, saslUsername, saslPassword, sslTruststorePath, sslTruststorePassword,
            sslKeystorePath, sslKeystorePassword, sslHostnameVerification, sslTruststoreType, sslKeystoreType,
            sslKeyPassword, sslProtocols, sslCipherSuites,
            messageTtl, errorStrategy, maxRetry, produceBufferingTime, produceBatchSize, batchStrategy,
            compressionCodec, partitioner, numberOfMessagesBeforeRoundRobin, requiredAcks,
            idempotenceSetting != null ? idempotence : "auto (" + idempotence + ")", minInSyncReplicas,
            retryIfNotEnoughReplicasAfterAppend, maxBufferedMessages, overflowStrategy, overflowBlockTimeout,
            maxPostponedMessages, temporaryIgnorePartitionTime,
            fetchMaxWaitTime, fetchMinBytes, fetchMaxBytes, fetchMessageMaxBytes, consumeBufferingTime,
            consumeBatchSize, autoOffsetReset, consumerErrorStrategy, consumerFetchBufferBytes, readCommitted,
            serializationConfig.serializeOnProduce(),
        };
    }

    private static SerializationConfig validSerialization(SerializationConfig config) {
        return Objects.requireNonNull(config, "serializationConfig");
    }

    /** Checks the rules that tie two settings together, after each one was checked alone. */
    private void checkRelations() {
        if (maxBufferedMessages == 0) {
            throw Checks.error(MAX_BUFFERED_MESSAGES, "must be -1 (unbounded) or between 1 and 2147483647", "0");
        }
        mustExceed(CLIENT_REQUEST_TIMEOUT, clientRequestTimeout, REQUEST_TIMEOUT, requestTimeout);
        mustExceed(CLIENT_REQUEST_TIMEOUT, clientRequestTimeout, FETCH_MAX_WAIT_TIME, fetchMaxWaitTime);
        notBelow(RECONNECT_BACKOFF_MAX, reconnectBackoffMax, RECONNECT_BACKOFF_INITIAL, reconnectBackoffInitial);
        notBelow(FETCH_MAX_BYTES, fetchMaxBytes, FETCH_MESSAGE_MAX_BYTES, fetchMessageMaxBytes);
        notBelow(MAX_FRAME_SIZE, maxFrameSize, FETCH_MAX_BYTES, fetchMaxBytes);
        notBelow(CONSUMER_FETCH_BUFFER_BYTES, consumerFetchBufferBytes, FETCH_MESSAGE_MAX_BYTES, fetchMessageMaxBytes);
        if (Boolean.TRUE.equals(idempotenceSetting) && requiredAcks != RequiredAcks.ALL) {
            throw Checks.error(IDEMPOTENCE, "needs requiredAcks ALL", "true with requiredAcks " + requiredAcks);
        }
        if (Boolean.TRUE.equals(idempotenceSetting) && maxInFlightRequests > MAX_IDEMPOTENT_IN_FLIGHT) {
            // The broker remembers the last 5 batches of a producer per partition (duplicate detection).
            throw Checks.error(IDEMPOTENCE, "needs maxInFlightRequests at most " + MAX_IDEMPOTENT_IN_FLIGHT,
                    "true with maxInFlightRequests " + maxInFlightRequests);
        }
        SecurityChecks.check(this);
    }

    private static void mustExceed(Setting big, Duration bigValue, Setting small, Duration smallValue) {
        if (bigValue.compareTo(smallValue) <= 0) {
            throw Checks.error(big, "must be greater than " + small.javaName() + " (" + small.key() + ", "
                    + Checks.format(smallValue) + ")", Checks.format(bigValue));
        }
    }

    private static void notBelow(Setting big, Comparable<?> bigValue, Setting small, Comparable<?> smallValue) {
        long bigNumber = asLong(bigValue);
        long smallNumber = asLong(smallValue);
        if (bigNumber < smallNumber) {
            throw Checks.error(big, "must be at least " + small.javaName() + " (" + small.key() + ", " + render(
                    smallValue) + ")", render(bigValue));
        }
    }

    private static long asLong(Object value) {
        return value instanceof Duration d ? d.toNanos() : ((Number) value).longValue();
    }

    private static String render(Object value) {
        return value instanceof Duration d ? Checks.format(d) : value.toString();
    }

    /**
     * Value equality over every setting.
     *
     * @param other the object to compare with
     * @return true if {@code other} is a Configuration with equal settings
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Configuration that && Arrays.equals(settingValues(), that.settingValues());
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(settingValues());
    }

    /**
     * Every setting as {@code javaName=value}, for the start-up log. Passwords print as {@code ***} when set and
     * as {@code ""} when empty; nothing else is hidden.
     *
     * @return e.g. {@code Configuration{clientId=Kafka#, seeds=[b:9092], ...}}
     */
    @Override
    public String toString() {
        Object[] values = settingValues();
        Setting[] settings = Setting.values();
        StringBuilder text = new StringBuilder("Configuration{");
        for (int i = 0; i < settings.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            Object value = values[i];
            if (settings[i].secret()) {
                value = ((String) value).isEmpty() ? "\"\"" : "***";
            }
            text.append(settings[i].javaName()).append('=').append(value);
        }
        return text.append('}').toString();
    }
}
