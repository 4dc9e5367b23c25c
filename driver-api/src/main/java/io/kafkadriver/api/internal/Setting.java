package io.kafkadriver.api.internal;

/**
 * The catalogue of every {@code Configuration} setting: its Java name (the builder method and getter), its HOCON
 * key below {@code kafka-driver}, the kafka-sharp {@code Configuration} field it comes from ({@code null} when the
 * setting is new), and, for numbers and durations, the allowed range. Validation messages, the HOCON reader and
 * {@code toString} all use this one table, so the names they print cannot drift apart.
 *
 * <p>Ranges of durations are in milliseconds. The order of the constants is the order of
 * {@code Configuration#toString}. Internal: not part of the public API.
 */
public enum Setting {
    CLIENT_ID("clientId", "client-id", "ClientId"),
    SEEDS("seeds", "seeds", "Seeds"),
    COMPATIBILITY("compatibility", "compatibility", "Compatibility"),
    DISPATCHER("dispatcher", "dispatcher", "TaskScheduler"),
    MAXIMUM_CONCURRENCY("maximumConcurrency", "maximum-concurrency", "MaximumConcurrency", 1, Limits.INT),
    CLOSE_TIMEOUT("closeTimeout", "close-timeout", null, 0, Limits.INT),

    REFRESH_METADATA_INTERVAL("refreshMetadataInterval", "metadata.refresh-interval", "RefreshMetadataInterval",
            1, Limits.INT),
    METADATA_MAX_AGE("metadataMaxAge", "metadata.max-age", null, 1, Limits.INT),
    MINIMUM_TIME_BETWEEN_REFRESH_METADATA("minimumTimeBetweenRefreshMetadata", "metadata.minimum-time-between-refresh",
            "MinimumTimeBetweenRefreshMetadata", 0, Limits.INT),

    SEND_BUFFER_SIZE("sendBufferSize", "network.send-buffer-size", "SendBufferSize", 1, Limits.INT),
    RECEIVE_BUFFER_SIZE("receiveBufferSize", "network.receive-buffer-size", "ReceiveBufferSize", 1, Limits.INT),
    REQUEST_TIMEOUT("requestTimeout", "network.request-timeout", "RequestTimeoutMs", 1, Limits.INT),
    CLIENT_REQUEST_TIMEOUT("clientRequestTimeout", "network.client-request-timeout", "ClientRequestTimeoutMs",
            1, Limits.INT),
    MAX_IN_FLIGHT_REQUESTS("maxInFlightRequests", "network.max-in-flight-requests", "MaxInFlightRequests",
            1, Limits.INT),
    MAX_FRAME_SIZE("maxFrameSize", "network.max-frame-size", null, 1024, Limits.INT),
    MAX_SUCCESSIVE_NODE_ERRORS("maxSuccessiveNodeErrors", "network.max-successive-node-errors",
            "MaxSuccessiveNodeErrors", 0, Limits.INT),
    RECONNECT_BACKOFF_INITIAL("reconnectBackoffInitial", "network.reconnect-backoff.initial", null, 0, Limits.INT),
    RECONNECT_BACKOFF_MAX("reconnectBackoffMax", "network.reconnect-backoff.max", null, 0, Limits.INT),
    RECONNECT_BACKOFF_JITTER("reconnectBackoffJitter", "network.reconnect-backoff.jitter", null),
    RETRY_BACKOFF("retryBackoff", "network.retry-backoff", null, 0, Limits.INT),

    SECURITY_PROTOCOL("securityProtocol", "security.protocol", null),
    SASL_MECHANISM("saslMechanism", "security.sasl.mechanism", null),
    SASL_USERNAME("saslUsername", "security.sasl.username", null),
    SASL_PASSWORD("saslPassword", "security.sasl.password", null, true),
    SSL_TRUSTSTORE_PATH("sslTruststorePath", "security.ssl.truststore-path", null),
    SSL_TRUSTSTORE_PASSWORD("sslTruststorePassword", "security.ssl.truststore-password", null, true),
    SSL_KEYSTORE_PATH("sslKeystorePath", "security.ssl.keystore-path", null),
    SSL_KEYSTORE_PASSWORD("sslKeystorePassword", "security.ssl.keystore-password", null, true),
    SSL_HOSTNAME_VERIFICATION("sslHostnameVerification", "security.ssl.hostname-verification", null),
    SSL_TRUSTSTORE_TYPE("sslTruststoreType", "security.ssl.truststore-type", null),
    SSL_KEYSTORE_TYPE("sslKeystoreType", "security.ssl.keystore-type", null),
    SSL_KEY_PASSWORD("sslKeyPassword", "security.ssl.key-password", null, true),
    SSL_PROTOCOLS("sslProtocols", "security.ssl.protocols", null),
    SSL_CIPHER_SUITES("sslCipherSuites", "security.ssl.cipher-suites", null),

    MESSAGE_TTL("messageTtl", "produce.message-ttl", "MessageTtl", 1, Limits.INT),
    ERROR_STRATEGY("errorStrategy", "produce.error-strategy", "ErrorStrategy"),
    MAX_RETRY("maxRetry", "produce.max-retry", "MaxRetry", -1, Limits.INT),
    PRODUCE_BUFFERING_TIME("produceBufferingTime", "produce.buffering-time", "ProduceBufferingTime", 0, Limits.INT),
    PRODUCE_BATCH_SIZE("produceBatchSize", "produce.batch-size", "ProduceBatchSize", 1, Limits.INT),
    BATCH_STRATEGY("batchStrategy", "produce.batch-strategy", "BatchStrategy"),
    COMPRESSION_CODEC("compressionCodec", "produce.compression-codec", "CompressionCodec"),
    PARTITIONER("partitioner", "produce.partitioner", "PartitionSelectionConfig"),
    NUMBER_OF_MESSAGES_BEFORE_ROUND_ROBIN("numberOfMessagesBeforeRoundRobin",
            "produce.number-of-messages-before-round-robin", "NumberOfMessagesBeforeRoundRobin", 1, Limits.INT),
    REQUIRED_ACKS("requiredAcks", "produce.required-acks", "RequiredAcks"),
    IDEMPOTENCE("idempotence", "produce.idempotence", null),
    MIN_IN_SYNC_REPLICAS("minInSyncReplicas", "produce.min-in-sync-replicas", "MinInSyncReplicas", -1, Limits.INT),
    RETRY_IF_NOT_ENOUGH_REPLICAS_AFTER_APPEND("retryIfNotEnoughReplicasAfterAppend",
            "produce.retry-if-not-enough-replicas-after-append", "RetryIfNotEnoughReplicasAfterAppend"),
    MAX_BUFFERED_MESSAGES("maxBufferedMessages", "produce.max-buffered-messages", "MaxBufferedMessages",
            -1, Limits.INT),
    OVERFLOW_STRATEGY("overflowStrategy", "produce.overflow-strategy", "OverflowStrategy"),
    OVERFLOW_BLOCK_TIMEOUT("overflowBlockTimeout", "produce.overflow-block-timeout", null, 0, Limits.INT),
    MAX_POSTPONED_MESSAGES("maxPostponedMessages", "produce.max-postponed-messages", "MaxPostponedMessages",
            0, Limits.INT),
    TEMPORARY_IGNORE_PARTITION_TIME("temporaryIgnorePartitionTime", "produce.temporary-ignore-partition-time",
            "TemporaryIgnorePartitionTime", 0, Limits.INT),

    FETCH_MAX_WAIT_TIME("fetchMaxWaitTime", "consume.fetch-max-wait-time", "FetchMaxWaitTime", 0, Limits.INT),
    FETCH_MIN_BYTES("fetchMinBytes", "consume.fetch-min-bytes", "FetchMinBytes", 0, Limits.INT),
    FETCH_MAX_BYTES("fetchMaxBytes", "consume.fetch-max-bytes", "FetchMaxBytes", 1, Limits.INT),
    FETCH_MESSAGE_MAX_BYTES("fetchMessageMaxBytes", "consume.fetch-message-max-bytes", "FetchMessageMaxBytes",
            1, Limits.INT),
    CONSUME_BUFFERING_TIME("consumeBufferingTime", "consume.buffering-time", "ConsumeBufferingTime", 0, Limits.INT),
    CONSUME_BATCH_SIZE("consumeBatchSize", "consume.batch-size", "ConsumeBatchSize", 1, Limits.INT),
    AUTO_OFFSET_RESET("autoOffsetReset", "consume.auto-offset-reset", "OffsetOutOfRangeStrategy"),
    CONSUMER_ERROR_STRATEGY("consumerErrorStrategy", "consume.error-strategy", "ConsumerErrorStrategy"),
    CONSUMER_FETCH_BUFFER_BYTES("consumerFetchBufferBytes", "consume.fetch-buffer-bytes", null, 1, Long.MAX_VALUE),
    READ_COMMITTED("readCommitted", "consume.read-committed", null),

    SERIALIZE_ON_PRODUCE("serializeOnProduce", "serialization.serialize-on-produce",
            "SerializationConfig.SerializeOnProduce");

    /** The HOCON section every key lives in. */
    public static final String ROOT = "kafka-driver";

    private final String javaName;
    private final String path;
    private final String kafkaSharpName;
    private final long min;
    private final long max;
    private final boolean secret;

    Setting(String javaName, String path, String kafkaSharpName) {
        this(javaName, path, kafkaSharpName, Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    Setting(String javaName, String path, String kafkaSharpName, boolean secret) {
        this(javaName, path, kafkaSharpName, Long.MIN_VALUE, Long.MAX_VALUE, secret);
    }

    Setting(String javaName, String path, String kafkaSharpName, long min, long max) {
        this(javaName, path, kafkaSharpName, min, max, false);
    }

    Setting(String javaName, String path, String kafkaSharpName, long min, long max, boolean secret) {
        this.javaName = javaName;
        this.path = path;
        this.kafkaSharpName = kafkaSharpName;
        this.min = min;
        this.max = max;
        this.secret = secret;
    }

    /**
     * The Java name: builder method and getter.
     *
     * @return e.g. {@code produceBatchSize}
     */
    public String javaName() {
        return javaName;
    }

    /**
     * The HOCON path relative to {@link #ROOT}.
     *
     * @return e.g. {@code produce.batch-size}
     */
    public String path() {
        return path;
    }

    /**
     * The full HOCON key.
     *
     * @return e.g. {@code kafka-driver.produce.batch-size}
     */
    public String key() {
        return ROOT + "." + path;
    }

    /**
     * The kafka-sharp {@code Configuration} field this setting carries over.
     *
     * @return the field name, or {@code null} for a setting kafka-sharp did not have
     */
    public String kafkaSharpName() {
        return kafkaSharpName;
    }

    /**
     * The smallest allowed value (milliseconds for durations).
     *
     * @return the lower bound, {@link Long#MIN_VALUE} for non-numeric settings
     */
    public long min() {
        return min;
    }

    /**
     * The largest allowed value (milliseconds for durations).
     *
     * @return the upper bound, {@link Long#MAX_VALUE} for non-numeric settings
     */
    public long max() {
        return max;
    }

    /**
     * Whether the value is a secret that {@code toString} must not print.
     *
     * @return true for passwords
     */
    public boolean secret() {
        return secret;
    }

    /** Named bounds, so the table above stays readable. */
    private static final class Limits {
        static final long INT = Integer.MAX_VALUE;

        private Limits() {
        }
    }
}
