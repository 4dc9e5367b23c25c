/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The driver's configuration: every setting of kafka-sharp's {@code Configuration}, under Java names, with
 * kafka-sharp's defaults, plus what a modern client needs. Immutable; built with {@link #builder()} or read from
 * HOCON with {@link #fromConfig(Config)} (section {@code kafka-driver}, defaults in {@code reference.conf}).
 *
 * <p>Every value is checked in {@link Builder#build()}: a bad one raises a {@link ConfigurationException} that names
 * the setting, its HOCON key, the allowed range and the value. {@code docs/configuration.md} lists every setting.
 */
public final class Configuration {
    private final String seeds;
    private final String clientId;
    private final Compatibility compatibility;
    private final String dispatcher;
    private final int maximumConcurrency;
    private final Duration messageTtl;
    private final Duration refreshMetadataInterval;
    private final Duration metadataMinRefreshInterval;
    private final Duration requestTimeout;
    private final Duration clientRequestTimeout;
    private final int maxInFlightRequests;
    private final int maxFrameBytes;
    private final Duration closeTimeout;
    private final Duration retryBackoff;
    private final int sendBufferSize;
    private final int receiveBufferSize;
    private final Duration reconnectBackoffInitial;
    private final Duration reconnectBackoffMax;
    private final double reconnectJitter;
    private final SecurityProtocol securityProtocol;
    private final String saslMechanism;
    private final String saslUsername;
    private final String saslPassword;
    private final ErrorStrategy errorStrategy;
    private final Duration produceBufferingTime;
    private final int produceBatchSize;
    private final BatchStrategy batchStrategy;
    private final CompressionCodec compressionCodec;
    private final int numberOfMessagesBeforeRoundRobin;
    private final PartitionerStrategy partitioner;
    private final RequiredAcks requiredAcks;
    private final int minInSyncReplicas;
    private final boolean retryIfNotEnoughReplicasAfterAppend;
    private final int maxBufferedMessages;
    private final OverflowStrategy overflowStrategy;
    private final Duration overflowBlockTimeout;
    private final boolean serializeOnProduce;
    private final Duration fetchMaxWaitTime;
    private final int fetchMinBytes;
    private final int fetchMessageMaxBytes;
    private final int fetchMaxBytes;
    private final long fetchBufferBytes;
    private final Duration consumeBufferingTime;
    private final int consumeBatchSize;
    private final OffsetResetStrategy autoOffsetReset;

    private Configuration(Builder b) {
        this.seeds = b.seeds;
        this.clientId = b.clientId;
        this.compatibility = b.compatibility;
        this.dispatcher = b.dispatcher;
        this.maximumConcurrency = b.maximumConcurrency;
        this.messageTtl = b.messageTtl;
        this.refreshMetadataInterval = b.refreshMetadataInterval;
        this.metadataMinRefreshInterval = b.metadataMinRefreshInterval;
        this.requestTimeout = b.requestTimeout;
        this.clientRequestTimeout = b.clientRequestTimeout;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.maxFrameBytes = b.maxFrameBytes;
        this.closeTimeout = b.closeTimeout;
        this.retryBackoff = b.retryBackoff;
        this.sendBufferSize = b.sendBufferSize;
        this.receiveBufferSize = b.receiveBufferSize;
        this.reconnectBackoffInitial = b.reconnectBackoffInitial;
        this.reconnectBackoffMax = b.reconnectBackoffMax;
        this.reconnectJitter = b.reconnectJitter;
        this.securityProtocol = b.securityProtocol;
        this.saslMechanism = b.saslMechanism;
        this.saslUsername = b.saslUsername;
        this.saslPassword = b.saslPassword;
        this.errorStrategy = b.errorStrategy;
        this.produceBufferingTime = b.produceBufferingTime;
        this.produceBatchSize = b.produceBatchSize;
        this.batchStrategy = b.batchStrategy;
        this.compressionCodec = b.compressionCodec;
        this.numberOfMessagesBeforeRoundRobin = b.numberOfMessagesBeforeRoundRobin;
        this.partitioner = b.partitioner;
        this.requiredAcks = b.requiredAcks;
        this.minInSyncReplicas = b.minInSyncReplicas;
        this.retryIfNotEnoughReplicasAfterAppend = b.retryIfNotEnoughReplicasAfterAppend;
        this.maxBufferedMessages = b.maxBufferedMessages;
        this.overflowStrategy = b.overflowStrategy;
        this.overflowBlockTimeout = b.overflowBlockTimeout;
        this.serializeOnProduce = b.serializeOnProduce;
        this.fetchMaxWaitTime = b.fetchMaxWaitTime;
        this.fetchMinBytes = b.fetchMinBytes;
        this.fetchMessageMaxBytes = b.fetchMessageMaxBytes;
        this.fetchMaxBytes = b.fetchMaxBytes;
        this.fetchBufferBytes = b.fetchBufferBytes;
        this.consumeBufferingTime = b.consumeBufferingTime;
        this.consumeBatchSize = b.consumeBatchSize;
        this.autoOffsetReset = b.autoOffsetReset;
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .seeds(seeds)
                .clientId(clientId)
                .compatibility(compatibility)
                .dispatcher(dispatcher)
                .maximumConcurrency(maximumConcurrency)
                .messageTtl(messageTtl)
                .refreshMetadataInterval(refreshMetadataInterval)
                .metadataMinRefreshInterval(metadataMinRefreshInterval)
                .requestTimeout(requestTimeout)
                .clientRequestTimeout(clientRequestTimeout)
                .maxInFlightRequests(maxInFlightRequests)
                .maxFrameBytes(maxFrameBytes)
                .closeTimeout(closeTimeout)
                .retryBackoff(retryBackoff)
                .sendBufferSize(sendBufferSize)
                .receiveBufferSize(receiveBufferSize)
                .reconnectBackoffInitial(reconnectBackoffInitial)
                .reconnectBackoffMax(reconnectBackoffMax)
                .reconnectJitter(reconnectJitter)
                .securityProtocol(securityProtocol)
                .saslMechanism(saslMechanism)
                .saslUsername(saslUsername)
                .saslPassword(saslPassword)
                .errorStrategy(errorStrategy)
                .produceBufferingTime(produceBufferingTime)
                .produceBatchSize(produceBatchSize)
                .batchStrategy(batchStrategy)
                .compressionCodec(compressionCodec)
                .numberOfMessagesBeforeRoundRobin(numberOfMessagesBeforeRoundRobin)
                .partitioner(partitioner)
                .requiredAcks(requiredAcks)
                .minInSyncReplicas(minInSyncReplicas)
                .retryIfNotEnoughReplicasAfterAppend(retryIfNotEnoughReplicasAfterAppend)
                .maxBufferedMessages(maxBufferedMessages)
                .overflowStrategy(overflowStrategy)
                .overflowBlockTimeout(overflowBlockTimeout)
                .serializeOnProduce(serializeOnProduce)
                .fetchMaxWaitTime(fetchMaxWaitTime)
                .fetchMinBytes(fetchMinBytes)
                .fetchMessageMaxBytes(fetchMessageMaxBytes)
                .fetchMaxBytes(fetchMaxBytes)
                .fetchBufferBytes(fetchBufferBytes)
                .consumeBufferingTime(consumeBufferingTime)
                .consumeBatchSize(consumeBatchSize)
                .autoOffsetReset(autoOffsetReset);
    }

    /**
     * Reads the {@code kafka-driver} section of a HOCON configuration, falling back to {@code reference.conf} for
     * every setting it does not give.
     *
     * @param config the configuration (typically {@code ConfigFactory.load()})
     * @return the configuration
     * @throws ConfigurationException when a value has the wrong type or is out of range
     */
    public static Configuration fromConfig(Config config) {
        Config c = config.withFallback(ConfigFactory.defaultReference(Configuration.class.getClassLoader()))
                .getConfig("kafka-driver");
        Builder b = new Builder();
        b.seeds(read("seeds", "seeds", () -> c.getString("seeds")));
        b.clientId(read("clientId", "client-id", () -> c.getString("client-id")));
        b.compatibility(read("compatibility", "compatibility", () -> enumValue(c, "compatibility", Compatibility.class)));
        b.dispatcher(read("dispatcher", "dispatcher", () -> c.getString("dispatcher")));
        b.maximumConcurrency(read("maximumConcurrency", "maximum-concurrency", () -> c.getInt("maximum-concurrency")));
        b.messageTtl(read("messageTtl", "message-ttl", () -> c.getDuration("message-ttl")));
        b.refreshMetadataInterval(read("refreshMetadataInterval", "refresh-metadata-interval", () -> c.getDuration("refresh-metadata-interval")));
        b.metadataMinRefreshInterval(read("metadataMinRefreshInterval", "metadata-min-refresh-interval", () -> c.getDuration("metadata-min-refresh-interval")));
        b.requestTimeout(read("requestTimeout", "request-timeout", () -> c.getDuration("request-timeout")));
        b.clientRequestTimeout(read("clientRequestTimeout", "client-request-timeout", () -> c.getDuration("client-request-timeout")));
        b.maxInFlightRequests(read("maxInFlightRequests", "max-in-flight-requests", () -> c.getInt("max-in-flight-requests")));
        b.maxFrameBytes(read("maxFrameBytes", "max-frame-bytes", () -> c.getInt("max-frame-bytes")));
        b.closeTimeout(read("closeTimeout", "close-timeout", () -> c.getDuration("close-timeout")));
        b.retryBackoff(read("retryBackoff", "retry-backoff", () -> c.getDuration("retry-backoff")));
        b.sendBufferSize(read("sendBufferSize", "socket.send-buffer-size", () -> c.getInt("socket.send-buffer-size")));
        b.receiveBufferSize(read("receiveBufferSize", "socket.receive-buffer-size", () -> c.getInt("socket.receive-buffer-size")));
        b.reconnectBackoffInitial(read("reconnectBackoffInitial", "reconnect.backoff-initial", () -> c.getDuration("reconnect.backoff-initial")));
        b.reconnectBackoffMax(read("reconnectBackoffMax", "reconnect.backoff-max", () -> c.getDuration("reconnect.backoff-max")));
        b.reconnectJitter(read("reconnectJitter", "reconnect.jitter", () -> c.getDouble("reconnect.jitter")));
        b.securityProtocol(read("securityProtocol", "security.protocol", () -> enumValue(c, "security.protocol", SecurityProtocol.class)));
        b.saslMechanism(read("saslMechanism", "security.sasl-mechanism", () -> c.getString("security.sasl-mechanism")));
        b.saslUsername(read("saslUsername", "security.sasl-username", () -> c.getString("security.sasl-username")));
        b.saslPassword(read("saslPassword", "security.sasl-password", () -> c.getString("security.sasl-password")));
        b.errorStrategy(read("errorStrategy", "produce.error-strategy", () -> enumValue(c, "produce.error-strategy", ErrorStrategy.class)));
        b.produceBufferingTime(read("produceBufferingTime", "produce.buffering-time", () -> c.getDuration("produce.buffering-time")));
        b.produceBatchSize(read("produceBatchSize", "produce.batch-size", () -> c.getInt("produce.batch-size")));
        b.batchStrategy(read("batchStrategy", "produce.batch-strategy", () -> enumValue(c, "produce.batch-strategy", BatchStrategy.class)));
        b.compressionCodec(read("compressionCodec", "produce.compression-codec", () -> enumValue(c, "produce.compression-codec", CompressionCodec.class)));
        b.numberOfMessagesBeforeRoundRobin(read("numberOfMessagesBeforeRoundRobin", "produce.messages-before-round-robin", () -> c.getInt("produce.messages-before-round-robin")));
        b.partitioner(read("partitioner", "produce.partitioner", () -> enumValue(c, "produce.partitioner", PartitionerStrategy.class)));
        b.requiredAcks(read("requiredAcks", "produce.required-acks", () -> enumValue(c, "produce.required-acks", RequiredAcks.class)));
        b.minInSyncReplicas(read("minInSyncReplicas", "produce.min-in-sync-replicas", () -> c.getInt("produce.min-in-sync-replicas")));
        b.retryIfNotEnoughReplicasAfterAppend(read("retryIfNotEnoughReplicasAfterAppend", "produce.retry-if-not-enough-replicas-after-append", () -> c.getBoolean("produce.retry-if-not-enough-replicas-after-append")));
        b.maxBufferedMessages(read("maxBufferedMessages", "produce.max-buffered-messages", () -> c.getInt("produce.max-buffered-messages")));
        b.overflowStrategy(read("overflowStrategy", "produce.overflow-strategy", () -> enumValue(c, "produce.overflow-strategy", OverflowStrategy.class)));
        b.overflowBlockTimeout(read("overflowBlockTimeout", "produce.overflow-block-timeout", () -> c.getDuration("produce.overflow-block-timeout")));
        b.serializeOnProduce(read("serializeOnProduce", "produce.serialize-on-produce", () -> c.getBoolean("produce.serialize-on-produce")));
        b.fetchMaxWaitTime(read("fetchMaxWaitTime", "consume.fetch-max-wait", () -> c.getDuration("consume.fetch-max-wait")));
        b.fetchMinBytes(read("fetchMinBytes", "consume.fetch-min-bytes", () -> c.getInt("consume.fetch-min-bytes")));
        b.fetchMessageMaxBytes(read("fetchMessageMaxBytes", "consume.fetch-message-max-bytes", () -> c.getInt("consume.fetch-message-max-bytes")));
        b.fetchMaxBytes(read("fetchMaxBytes", "consume.fetch-max-bytes", () -> c.getInt("consume.fetch-max-bytes")));
        b.fetchBufferBytes(read("fetchBufferBytes", "consume.fetch-buffer-bytes", () -> c.getBytes("consume.fetch-buffer-bytes")));
        b.consumeBufferingTime(read("consumeBufferingTime", "consume.buffering-time", () -> c.getDuration("consume.buffering-time")));
        b.consumeBatchSize(read("consumeBatchSize", "consume.batch-size", () -> c.getInt("consume.batch-size")));
        b.autoOffsetReset(read("autoOffsetReset", "consume.auto-offset-reset", () -> enumValue(c, "consume.auto-offset-reset", OffsetResetStrategy.class)));
        return b.build();
    }

    /**
     * Reads the application's configuration ({@code application.conf}, system properties, {@code reference.conf}).
     *
     * @return the configuration
     * @throws ConfigurationException when a value is invalid
     */
    public static Configuration load() {
        return fromConfig(ConfigFactory.load(Configuration.class.getClassLoader()));
    }

    /**
     * The seeds as a list of {@code host:port} entries.
     *
     * @return the parsed seeds
     */
    public List<String> seedList() {
        return parseSeeds(seeds);
    }

    /**
     * Bootstrap brokers, host:port separated by commas; any reachable one is enough. Required. HOCON: {@code kafka-driver.seeds}; kafka-sharp: Seeds.
     *
     * @return the value
     */
    public String seeds() {
        return seeds;
    }

    /**
     * The client id sent in every request (broker logs, quotas). kafka-sharp's default was Kafka#; this driver names itself. HOCON: {@code kafka-driver.client-id}; kafka-sharp: ClientId.
     *
     * @return the value
     */
    public String clientId() {
        return clientId;
    }

    /**
     * Kept for kafka-sharp configurations; versions are negotiated through ApiVersions, so it changes nothing on the wire. HOCON: {@code kafka-driver.compatibility}; kafka-sharp: Compatibility.
     *
     * @return the value
     */
    public Compatibility compatibility() {
        return compatibility;
    }

    /**
     * The Pekko dispatcher the driver's actors run on (the Java form of kafka-sharp's TaskScheduler). HOCON: {@code kafka-driver.dispatcher}; kafka-sharp: TaskScheduler.
     *
     * @return the value
     */
    public String dispatcher() {
        return dispatcher;
    }

    /**
     * The most threads the driver's own dispatcher may use for its work (serialization, compression). HOCON: {@code kafka-driver.maximum-concurrency}; kafka-sharp: MaximumConcurrency.
     *
     * @return the value
     */
    public int maximumConcurrency() {
        return maximumConcurrency;
    }

    /**
     * How long a record may stay in the driver, retries included, before it expires with an event. HOCON: {@code kafka-driver.message-ttl}; kafka-sharp: MessageTtl.
     *
     * @return the value
     */
    public Duration messageTtl() {
        return messageTtl;
    }

    /**
     * Period of the metadata refresh made without any reason (also the metadata's maximum age). HOCON: {@code kafka-driver.refresh-metadata-interval}; kafka-sharp: RefreshMetadataInterval.
     *
     * @return the value
     */
    public Duration refreshMetadataInterval() {
        return refreshMetadataInterval;
    }

    /**
     * The least time between two metadata requests, however many parts of the driver ask for one. HOCON: {@code kafka-driver.metadata-min-refresh-interval}; kafka-sharp: new (kafka-sharp: MinimumTimeBetweenRefreshMetadata, 42 s).
     *
     * @return the value
     */
    public Duration metadataMinRefreshInterval() {
        return metadataMinRefreshInterval;
    }

    /**
     * Broker-side timeout written into Produce requests. HOCON: {@code kafka-driver.request-timeout}; kafka-sharp: RequestTimeoutMs.
     *
     * @return the value
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Client-side timeout: a request unanswered this long closes its connection. Must exceed request-timeout. HOCON: {@code kafka-driver.client-request-timeout}; kafka-sharp: ClientRequestTimeoutMs.
     *
     * @return the value
     */
    public Duration clientRequestTimeout() {
        return clientRequestTimeout;
    }

    /**
     * Requests written and not yet answered on one connection, at most. HOCON: {@code kafka-driver.max-in-flight-requests}; kafka-sharp: MaxInFlightRequests.
     *
     * @return the value
     */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /**
     * The largest response accepted; a larger size closes the connection before any allocation. HOCON: {@code kafka-driver.max-frame-bytes}; kafka-sharp: new.
     *
     * @return the value
     */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * How long close() may take to flush what was produced before it. HOCON: {@code kafka-driver.close-timeout}; kafka-sharp: new.
     *
     * @return the value
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * Wait before retrying a failed request. HOCON: {@code kafka-driver.retry-backoff}; kafka-sharp: new.
     *
     * @return the value
     */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * SO_SNDBUF of each connection, 0 for the OS default. HOCON: {@code kafka-driver.socket.send-buffer-size}; kafka-sharp: SendBufferSize.
     *
     * @return the value
     */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /**
     * SO_RCVBUF of each connection, 0 for the OS default. HOCON: {@code kafka-driver.socket.receive-buffer-size}; kafka-sharp: ReceiveBufferSize.
     *
     * @return the value
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * First wait before reconnecting to a broker; doubles on each failure. HOCON: {@code kafka-driver.reconnect.backoff-initial}; kafka-sharp: new.
     *
     * @return the value
     */
    public Duration reconnectBackoffInitial() {
        return reconnectBackoffInitial;
    }

    /**
     * Longest wait before reconnecting. At least reconnect.backoff-initial. HOCON: {@code kafka-driver.reconnect.backoff-max}; kafka-sharp: new.
     *
     * @return the value
     */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /**
     * Random spread of each reconnect wait, as a fraction (0 to 1). HOCON: {@code kafka-driver.reconnect.jitter}; kafka-sharp: new.
     *
     * @return the value
     */
    public double reconnectJitter() {
        return reconnectJitter;
    }

    /**
     * PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. (TLS and SASL are wired in a later issue.) HOCON: {@code kafka-driver.security.protocol}; kafka-sharp: new.
     *
     * @return the value
     */
    public SecurityProtocol securityProtocol() {
        return securityProtocol;
    }

    /**
     * SASL mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) for the SASL protocols. HOCON: {@code kafka-driver.security.sasl-mechanism}; kafka-sharp: new.
     *
     * @return the value
     */
    public String saslMechanism() {
        return saslMechanism;
    }

    /**
     * SASL user name. HOCON: {@code kafka-driver.security.sasl-username}; kafka-sharp: new.
     *
     * @return the value
     */
    public String saslUsername() {
        return saslUsername;
    }

    /**
     * SASL password; never printed by toString. HOCON: {@code kafka-driver.security.sasl-password}; kafka-sharp: new.
     *
     * @return the value
     */
    public String saslPassword() {
        return saslPassword;
    }

    /**
     * DISCARD: drop records on an irrecoverable error (with an event); RETRY: retry until message-ttl. HOCON: {@code kafka-driver.produce.error-strategy}; kafka-sharp: ErrorStrategy.
     *
     * @return the value
     */
    public ErrorStrategy errorStrategy() {
        return errorStrategy;
    }

    /**
     * Linger: a batch goes out this long after its first record at the latest. HOCON: {@code kafka-driver.produce.buffering-time}; kafka-sharp: ProduceBufferingTime.
     *
     * @return the value
     */
    public Duration produceBufferingTime() {
        return produceBufferingTime;
    }

    /**
     * Records that make a produce batch full (kafka-sharp counted messages, not bytes). HOCON: {@code kafka-driver.produce.batch-size}; kafka-sharp: ProduceBatchSize.
     *
     * @return the value
     */
    public int produceBatchSize() {
        return produceBatchSize;
    }

    /**
     * BY_NODE: one batcher per broker; GLOBAL: one for all. HOCON: {@code kafka-driver.produce.batch-strategy}; kafka-sharp: BatchStrategy.
     *
     * @return the value
     */
    public BatchStrategy batchStrategy() {
        return batchStrategy;
    }

    /**
     * NONE, GZIP, SNAPPY, LZ4 or ZSTD. HOCON: {@code kafka-driver.produce.compression-codec}; kafka-sharp: CompressionCodec.
     *
     * @return the value
     */
    public CompressionCodec compressionCodec() {
        return compressionCodec;
    }

    /**
     * Round robin moves to the next partition after this many records (bigger, better-compressed batches). HOCON: {@code kafka-driver.produce.messages-before-round-robin}; kafka-sharp: NumberOfMessagesBeforeRoundRobin.
     *
     * @return the value
     */
    public int numberOfMessagesBeforeRoundRobin() {
        return numberOfMessagesBeforeRoundRobin;
    }

    /**
     * KEY_HASH: keyed records by murmur2 like the Java client, others round robin; ROUND_ROBIN: all round robin. HOCON: {@code kafka-driver.produce.partitioner}; kafka-sharp: new (kafka-sharp: PartitionSelectionConfig, round robin).
     *
     * @return the value
     */
    public PartitionerStrategy partitioner() {
        return partitioner;
    }

    /**
     * NONE (0), LEADER (1) or ALL_IN_SYNC_REPLICAS (-1). HOCON: {@code kafka-driver.produce.required-acks}; kafka-sharp: RequiredAcks.
     *
     * @return the value
     */
    public RequiredAcks requiredAcks() {
        return requiredAcks;
    }

    /**
     * With acks=all, partitions with fewer in-sync replicas are not used; -1 (or 0) means only the leader is required. HOCON: {@code kafka-driver.produce.min-in-sync-replicas}; kafka-sharp: MinInSyncReplicas.
     *
     * @return the value
     */
    public int minInSyncReplicas() {
        return minInSyncReplicas;
    }

    /**
     * Resend on NOT_ENOUGH_REPLICAS_AFTER_APPEND (the data was written: duplicates unless idempotent). HOCON: {@code kafka-driver.produce.retry-if-not-enough-replicas-after-append}; kafka-sharp: RetryIfNotEnoughReplicasAfterAppend.
     *
     * @return the value
     */
    public boolean retryIfNotEnoughReplicasAfterAppend() {
        return retryIfNotEnoughReplicasAfterAppend;
    }

    /**
     * Records buffered in the driver at most before the overflow strategy applies; -1: unbounded. HOCON: {@code kafka-driver.produce.max-buffered-messages}; kafka-sharp: MaxBufferedMessages.
     *
     * @return the value
     */
    public int maxBufferedMessages() {
        return maxBufferedMessages;
    }

    /**
     * BLOCK: produce waits for room (bounded); DISCARD: it returns false. HOCON: {@code kafka-driver.produce.overflow-strategy}; kafka-sharp: OverflowStrategy.
     *
     * @return the value
     */
    public OverflowStrategy overflowStrategy() {
        return overflowStrategy;
    }

    /**
     * The longest a BLOCK overflow makes produce wait before it fails. HOCON: {@code kafka-driver.produce.overflow-block-timeout}; kafka-sharp: new.
     *
     * @return the value
     */
    public Duration overflowBlockTimeout() {
        return overflowBlockTimeout;
    }

    /**
     * true: serialize in produce and keep no reference; false: keep key and value until sent (returned on discard/expiry, closed when sent if AutoCloseable). HOCON: {@code kafka-driver.produce.serialize-on-produce}; kafka-sharp: SerializationConfig.SerializeOnProduce.
     *
     * @return the value
     */
    public boolean serializeOnProduce() {
        return serializeOnProduce;
    }

    /**
     * How long a broker may hold a Fetch waiting for fetch-min-bytes. HOCON: {@code kafka-driver.consume.fetch-max-wait}; kafka-sharp: FetchMaxWaitTime.
     *
     * @return the value
     */
    public Duration fetchMaxWaitTime() {
        return fetchMaxWaitTime;
    }

    /**
     * Bytes a broker should gather before answering a Fetch. HOCON: {@code kafka-driver.consume.fetch-min-bytes}; kafka-sharp: FetchMinBytes.
     *
     * @return the value
     */
    public int fetchMinBytes() {
        return fetchMinBytes;
    }

    /**
     * Bytes fetched per partition per Fetch. HOCON: {@code kafka-driver.consume.fetch-message-max-bytes}; kafka-sharp: FetchMessageMaxBytes.
     *
     * @return the value
     */
    public int fetchMessageMaxBytes() {
        return fetchMessageMaxBytes;
    }

    /**
     * Bytes per Fetch response, all partitions together. HOCON: {@code kafka-driver.consume.fetch-max-bytes}; kafka-sharp: new (kafka-sharp: FetchMaxBytes).
     *
     * @return the value
     */
    public int fetchMaxBytes() {
        return fetchMaxBytes;
    }

    /**
     * One global budget for fetched bytes not yet delivered; fetching pauses beyond it. HOCON: {@code kafka-driver.consume.fetch-buffer-bytes}; kafka-sharp: new.
     *
     * @return the value
     */
    public long fetchBufferBytes() {
        return fetchBufferBytes;
    }

    /**
     * Time slice for batching ListOffsets and Fetch work. HOCON: {@code kafka-driver.consume.buffering-time}; kafka-sharp: ConsumeBufferingTime.
     *
     * @return the value
     */
    public Duration consumeBufferingTime() {
        return consumeBufferingTime;
    }

    /**
     * Size of those batches. HOCON: {@code kafka-driver.consume.batch-size}; kafka-sharp: ConsumeBatchSize.
     *
     * @return the value
     */
    public int consumeBatchSize() {
        return consumeBatchSize;
    }

    /**
     * Where to restart when an offset is out of range: EARLIEST, LATEST or NONE (stop and report). HOCON: {@code kafka-driver.consume.auto-offset-reset}; kafka-sharp: new (kafka-sharp: OffsetOutOfRangeStrategy).
     *
     * @return the value
     */
    public OffsetResetStrategy autoOffsetReset() {
        return autoOffsetReset;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Configuration o)) {
            return false;
        }
        return java.util.Objects.equals(seeds, o.seeds) && java.util.Objects.equals(clientId, o.clientId) && java.util.Objects.equals(compatibility, o.compatibility) && java.util.Objects.equals(dispatcher, o.dispatcher) && java.util.Objects.equals(maximumConcurrency, o.maximumConcurrency) && java.util.Objects.equals(messageTtl, o.messageTtl) && java.util.Objects.equals(refreshMetadataInterval, o.refreshMetadataInterval) && java.util.Objects.equals(metadataMinRefreshInterval, o.metadataMinRefreshInterval) && java.util.Objects.equals(requestTimeout, o.requestTimeout) && java.util.Objects.equals(clientRequestTimeout, o.clientRequestTimeout) && java.util.Objects.equals(maxInFlightRequests, o.maxInFlightRequests) && java.util.Objects.equals(maxFrameBytes, o.maxFrameBytes) && java.util.Objects.equals(closeTimeout, o.closeTimeout) && java.util.Objects.equals(retryBackoff, o.retryBackoff) && java.util.Objects.equals(sendBufferSize, o.sendBufferSize) && java.util.Objects.equals(receiveBufferSize, o.receiveBufferSize) && java.util.Objects.equals(reconnectBackoffInitial, o.reconnectBackoffInitial) && java.util.Objects.equals(reconnectBackoffMax, o.reconnectBackoffMax) && java.util.Objects.equals(reconnectJitter, o.reconnectJitter) && java.util.Objects.equals(securityProtocol, o.securityProtocol) && java.util.Objects.equals(saslMechanism, o.saslMechanism) && java.util.Objects.equals(saslUsername, o.saslUsername) && java.util.Objects.equals(saslPassword, o.saslPassword) && java.util.Objects.equals(errorStrategy, o.errorStrategy) && java.util.Objects.equals(produceBufferingTime, o.produceBufferingTime) && java.util.Objects.equals(produceBatchSize, o.produceBatchSize) && java.util.Objects.equals(batchStrategy, o.batchStrategy) && java.util.Objects.equals(compressionCodec, o.compressionCodec) && java.util.Objects.equals(numberOfMessagesBeforeRoundRobin, o.numberOfMessagesBeforeRoundRobin) && java.util.Objects.equals(partitioner, o.partitioner) && java.util.Objects.equals(requiredAcks, o.requiredAcks) && java.util.Objects.equals(minInSyncReplicas, o.minInSyncReplicas) && java.util.Objects.equals(retryIfNotEnoughReplicasAfterAppend, o.retryIfNotEnoughReplicasAfterAppend) && java.util.Objects.equals(maxBufferedMessages, o.maxBufferedMessages) && java.util.Objects.equals(overflowStrategy, o.overflowStrategy) && java.util.Objects.equals(overflowBlockTimeout, o.overflowBlockTimeout) && java.util.Objects.equals(serializeOnProduce, o.serializeOnProduce) && java.util.Objects.equals(fetchMaxWaitTime, o.fetchMaxWaitTime) && java.util.Objects.equals(fetchMinBytes, o.fetchMinBytes) && java.util.Objects.equals(fetchMessageMaxBytes, o.fetchMessageMaxBytes) && java.util.Objects.equals(fetchMaxBytes, o.fetchMaxBytes) && java.util.Objects.equals(fetchBufferBytes, o.fetchBufferBytes) && java.util.Objects.equals(consumeBufferingTime, o.consumeBufferingTime) && java.util.Objects.equals(consumeBatchSize, o.consumeBatchSize) && java.util.Objects.equals(autoOffsetReset, o.autoOffsetReset);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(seeds, clientId, compatibility, dispatcher, maximumConcurrency, messageTtl, refreshMetadataInterval, metadataMinRefreshInterval, requestTimeout, clientRequestTimeout, maxInFlightRequests, maxFrameBytes, closeTimeout, retryBackoff, sendBufferSize, receiveBufferSize, reconnectBackoffInitial, reconnectBackoffMax, reconnectJitter, securityProtocol, saslMechanism, saslUsername, saslPassword, errorStrategy, produceBufferingTime, produceBatchSize, batchStrategy, compressionCodec, numberOfMessagesBeforeRoundRobin, partitioner, requiredAcks, minInSyncReplicas, retryIfNotEnoughReplicasAfterAppend, maxBufferedMessages, overflowStrategy, overflowBlockTimeout, serializeOnProduce, fetchMaxWaitTime, fetchMinBytes, fetchMessageMaxBytes, fetchMaxBytes, fetchBufferBytes, consumeBufferingTime, consumeBatchSize, autoOffsetReset);
    }

    @Override
    public String toString() {
        return "Configuration[" + "seeds=" + seeds + ", "
                + "clientId=" + clientId + ", "
                + "compatibility=" + compatibility + ", "
                + "dispatcher=" + dispatcher + ", "
                + "maximumConcurrency=" + maximumConcurrency + ", "
                + "messageTtl=" + messageTtl + ", "
                + "refreshMetadataInterval=" + refreshMetadataInterval + ", "
                + "metadataMinRefreshInterval=" + metadataMinRefreshInterval + ", "
                + "requestTimeout=" + requestTimeout + ", "
                + "clientRequestTimeout=" + clientRequestTimeout + ", "
                + "maxInFlightRequests=" + maxInFlightRequests + ", "
                + "maxFrameBytes=" + maxFrameBytes + ", "
                + "closeTimeout=" + closeTimeout + ", "
                + "retryBackoff=" + retryBackoff + ", "
                + "sendBufferSize=" + sendBufferSize + ", "
                + "receiveBufferSize=" + receiveBufferSize + ", "
                + "reconnectBackoffInitial=" + reconnectBackoffInitial + ", "
                + "reconnectBackoffMax=" + reconnectBackoffMax + ", "
                + "reconnectJitter=" + reconnectJitter + ", "
                + "securityProtocol=" + securityProtocol + ", "
                + "saslMechanism=" + saslMechanism + ", "
                + "saslUsername=" + saslUsername + ", "
                + "saslPassword=" + (saslPassword.isEmpty() ? "" : "****") + ", "
                + "errorStrategy=" + errorStrategy + ", "
                + "produceBufferingTime=" + produceBufferingTime + ", "
                + "produceBatchSize=" + produceBatchSize + ", "
                + "batchStrategy=" + batchStrategy + ", "
                + "compressionCodec=" + compressionCodec + ", "
                + "numberOfMessagesBeforeRoundRobin=" + numberOfMessagesBeforeRoundRobin + ", "
                + "partitioner=" + partitioner + ", "
                + "requiredAcks=" + requiredAcks + ", "
                + "minInSyncReplicas=" + minInSyncReplicas + ", "
                + "retryIfNotEnoughReplicasAfterAppend=" + retryIfNotEnoughReplicasAfterAppend + ", "
                + "maxBufferedMessages=" + maxBufferedMessages + ", "
                + "overflowStrategy=" + overflowStrategy + ", "
                + "overflowBlockTimeout=" + overflowBlockTimeout + ", "
                + "serializeOnProduce=" + serializeOnProduce + ", "
                + "fetchMaxWaitTime=" + fetchMaxWaitTime + ", "
                + "fetchMinBytes=" + fetchMinBytes + ", "
                + "fetchMessageMaxBytes=" + fetchMessageMaxBytes + ", "
                + "fetchMaxBytes=" + fetchMaxBytes + ", "
                + "fetchBufferBytes=" + fetchBufferBytes + ", "
                + "consumeBufferingTime=" + consumeBufferingTime + ", "
                + "consumeBatchSize=" + consumeBatchSize + ", "
                + "autoOffsetReset=" + autoOffsetReset + "]";
    }

    private static <T> T read(String name, String key, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw new ConfigurationException(name + " (kafka-driver." + key + "): " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type) {
        String raw = c.getString(key).trim();
        if (type == RequiredAcks.class) {
            switch (raw.toLowerCase(Locale.ROOT)) {
                case "0" -> raw = "NONE";
                case "1" -> raw = "LEADER";
                case "-1", "all" -> raw = "ALL_IN_SYNC_REPLICAS";
                default -> { }
            }
        }
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("kafka-driver." + key + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", was \"" + raw + "\"");
        }
    }

    static List<String> parseSeeds(String seeds) {
        List<String> out = new ArrayList<>();
        for (String raw : seeds.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String host = colon < 0 ? "" : entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = -1;
            try {
                port = colon < 0 ? -1 : Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isBlank() || port < 1 || port > 65_535) {
                throw new ConfigurationException("seeds (kafka-driver.seeds): \"" + entry
                        + "\" is not host:port with a port between 1 and 65535");
            }
            out.add(entry);
        }
        if (out.isEmpty()) {
            throw new ConfigurationException("seeds (kafka-driver.seeds) must name at least one broker as host:port,"
                    + " was \"" + seeds + "\"");
        }
        return List.copyOf(out);
    }

    private static ConfigurationException invalid(String name, String key, String allowed, Object value) {
        return new ConfigurationException(name + " must be " + allowed + " (kafka-driver." + key + "), was " + value);
    }

    /** Collects settings and checks them all in {@link #build()}. */
    public static final class Builder {
        private String seeds = "";
        private String clientId = "kafka-driver";
        private Compatibility compatibility = Compatibility.V0_8_2;
        private String dispatcher = "pekko.actor.default-dispatcher";
        private int maximumConcurrency = 3;
        private Duration messageTtl = Duration.ofMinutes(1);
        private Duration refreshMetadataInterval = Duration.ofMinutes(5);
        private Duration metadataMinRefreshInterval = Duration.ofMillis(100);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration clientRequestTimeout = Duration.ofSeconds(20);
        private int maxInFlightRequests = 5;
        private int maxFrameBytes = 100 * 1024 * 1024;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration retryBackoff = Duration.ofMillis(100);
        private int sendBufferSize = 100 * 1024;
        private int receiveBufferSize = 64 * 1024;
        private Duration reconnectBackoffInitial = Duration.ofMillis(50);
        private Duration reconnectBackoffMax = Duration.ofSeconds(1);
        private double reconnectJitter = 0.2;
        private SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
        private String saslMechanism = "";
        private String saslUsername = "";
        private String saslPassword = "";
        private ErrorStrategy errorStrategy = ErrorStrategy.DISCARD;
        private Duration produceBufferingTime = Duration.ofMillis(5000);
        private int produceBatchSize = 200;
        private BatchStrategy batchStrategy = BatchStrategy.BY_NODE;
        private CompressionCodec compressionCodec = CompressionCodec.NONE;
        private int numberOfMessagesBeforeRoundRobin = 1;
        private PartitionerStrategy partitioner = PartitionerStrategy.KEY_HASH;
        private RequiredAcks requiredAcks = RequiredAcks.ALL_IN_SYNC_REPLICAS;
        private int minInSyncReplicas = -1;
        private boolean retryIfNotEnoughReplicasAfterAppend = false;
        private int maxBufferedMessages = -1;
        private OverflowStrategy overflowStrategy = OverflowStrategy.BLOCK;
        private Duration overflowBlockTimeout = Duration.ofSeconds(60);
        private boolean serializeOnProduce = false;
        private Duration fetchMaxWaitTime = Duration.ofMillis(100);
        private int fetchMinBytes = 1;
        private int fetchMessageMaxBytes = 1024 * 1024;
        private int fetchMaxBytes = 50 * 1024 * 1024;
        private long fetchBufferBytes = 64L * 1024 * 1024;
        private Duration consumeBufferingTime = Duration.ofMillis(1000);
        private int consumeBatchSize = 10;
        private OffsetResetStrategy autoOffsetReset = OffsetResetStrategy.EARLIEST;

        private Builder() {
        }

        /**
         * Sets {@link Configuration#seeds()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seeds(String value) {
            this.seeds = java.util.Objects.requireNonNull(value, "seeds");
            return this;
        }

        /**
         * Sets {@link Configuration#clientId()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder clientId(String value) {
            this.clientId = java.util.Objects.requireNonNull(value, "clientId");
            return this;
        }

        /**
         * Sets {@link Configuration#compatibility()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder compatibility(Compatibility value) {
            this.compatibility = java.util.Objects.requireNonNull(value, "compatibility");
            return this;
        }

        /**
         * Sets {@link Configuration#dispatcher()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder dispatcher(String value) {
            this.dispatcher = java.util.Objects.requireNonNull(value, "dispatcher");
            return this;
        }

        /**
         * Sets {@link Configuration#maximumConcurrency()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maximumConcurrency(int value) {
            this.maximumConcurrency = value;
            return this;
        }

        /**
         * Sets {@link Configuration#messageTtl()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder messageTtl(Duration value) {
            this.messageTtl = java.util.Objects.requireNonNull(value, "messageTtl");
            return this;
        }

        /**
         * Sets {@link Configuration#refreshMetadataInterval()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder refreshMetadataInterval(Duration value) {
            this.refreshMetadataInterval = java.util.Objects.requireNonNull(value, "refreshMetadataInterval");
            return this;
        }

        /**
         * Sets {@link Configuration#metadataMinRefreshInterval()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder metadataMinRefreshInterval(Duration value) {
            this.metadataMinRefreshInterval = java.util.Objects.requireNonNull(value, "metadataMinRefreshInterval");
            return this;
        }

        /**
         * Sets {@link Configuration#requestTimeout()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = java.util.Objects.requireNonNull(value, "requestTimeout");
            return this;
        }

        /**
         * Sets {@link Configuration#clientRequestTimeout()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder clientRequestTimeout(Duration value) {
            this.clientRequestTimeout = java.util.Objects.requireNonNull(value, "clientRequestTimeout");
            return this;
        }

        /**
         * Sets {@link Configuration#maxInFlightRequests()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxInFlightRequests(int value) {
            this.maxInFlightRequests = value;
            return this;
        }

        /**
         * Sets {@link Configuration#maxFrameBytes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxFrameBytes(int value) {
            this.maxFrameBytes = value;
            return this;
        }

        /**
         * Sets {@link Configuration#closeTimeout()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = java.util.Objects.requireNonNull(value, "closeTimeout");
            return this;
        }

        /**
         * Sets {@link Configuration#retryBackoff()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder retryBackoff(Duration value) {
            this.retryBackoff = java.util.Objects.requireNonNull(value, "retryBackoff");
            return this;
        }

        /**
         * Sets {@link Configuration#sendBufferSize()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder sendBufferSize(int value) {
            this.sendBufferSize = value;
            return this;
        }

        /**
         * Sets {@link Configuration#receiveBufferSize()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder receiveBufferSize(int value) {
            this.receiveBufferSize = value;
            return this;
        }

        /**
         * Sets {@link Configuration#reconnectBackoffInitial()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder reconnectBackoffInitial(Duration value) {
            this.reconnectBackoffInitial = java.util.Objects.requireNonNull(value, "reconnectBackoffInitial");
            return this;
        }

        /**
         * Sets {@link Configuration#reconnectBackoffMax()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder reconnectBackoffMax(Duration value) {
            this.reconnectBackoffMax = java.util.Objects.requireNonNull(value, "reconnectBackoffMax");
            return this;
        }

        /**
         * Sets {@link Configuration#reconnectJitter()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder reconnectJitter(double value) {
            this.reconnectJitter = value;
            return this;
        }

        /**
         * Sets {@link Configuration#securityProtocol()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder securityProtocol(SecurityProtocol value) {
            this.securityProtocol = java.util.Objects.requireNonNull(value, "securityProtocol");
            return this;
        }

        /**
         * Sets {@link Configuration#saslMechanism()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder saslMechanism(String value) {
            this.saslMechanism = java.util.Objects.requireNonNull(value, "saslMechanism");
            return this;
        }

        /**
         * Sets {@link Configuration#saslUsername()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder saslUsername(String value) {
            this.saslUsername = java.util.Objects.requireNonNull(value, "saslUsername");
            return this;
        }

        /**
         * Sets {@link Configuration#saslPassword()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder saslPassword(String value) {
            this.saslPassword = java.util.Objects.requireNonNull(value, "saslPassword");
            return this;
        }

        /**
         * Sets {@link Configuration#errorStrategy()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder errorStrategy(ErrorStrategy value) {
            this.errorStrategy = java.util.Objects.requireNonNull(value, "errorStrategy");
            return this;
        }

        /**
         * Sets {@link Configuration#produceBufferingTime()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder produceBufferingTime(Duration value) {
            this.produceBufferingTime = java.util.Objects.requireNonNull(value, "produceBufferingTime");
            return this;
        }

        /**
         * Sets {@link Configuration#produceBatchSize()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder produceBatchSize(int value) {
            this.produceBatchSize = value;
            return this;
        }

        /**
         * Sets {@link Configuration#batchStrategy()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder batchStrategy(BatchStrategy value) {
            this.batchStrategy = java.util.Objects.requireNonNull(value, "batchStrategy");
            return this;
        }

        /**
         * Sets {@link Configuration#compressionCodec()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder compressionCodec(CompressionCodec value) {
            this.compressionCodec = java.util.Objects.requireNonNull(value, "compressionCodec");
            return this;
        }

        /**
         * Sets {@link Configuration#numberOfMessagesBeforeRoundRobin()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder numberOfMessagesBeforeRoundRobin(int value) {
            this.numberOfMessagesBeforeRoundRobin = value;
            return this;
        }

        /**
         * Sets {@link Configuration#partitioner()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder partitioner(PartitionerStrategy value) {
            this.partitioner = java.util.Objects.requireNonNull(value, "partitioner");
            return this;
        }

        /**
         * Sets {@link Configuration#requiredAcks()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder requiredAcks(RequiredAcks value) {
            this.requiredAcks = java.util.Objects.requireNonNull(value, "requiredAcks");
            return this;
        }

        /**
         * Sets {@link Configuration#minInSyncReplicas()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder minInSyncReplicas(int value) {
            this.minInSyncReplicas = value;
            return this;
        }

        /**
         * Sets {@link Configuration#retryIfNotEnoughReplicasAfterAppend()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder retryIfNotEnoughReplicasAfterAppend(boolean value) {
            this.retryIfNotEnoughReplicasAfterAppend = value;
            return this;
        }

        /**
         * Sets {@link Configuration#maxBufferedMessages()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxBufferedMessages(int value) {
            this.maxBufferedMessages = value;
            return this;
        }

        /**
         * Sets {@link Configuration#overflowStrategy()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder overflowStrategy(OverflowStrategy value) {
            this.overflowStrategy = java.util.Objects.requireNonNull(value, "overflowStrategy");
            return this;
        }

        /**
         * Sets {@link Configuration#overflowBlockTimeout()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder overflowBlockTimeout(Duration value) {
            this.overflowBlockTimeout = java.util.Objects.requireNonNull(value, "overflowBlockTimeout");
            return this;
        }

        /**
         * Sets {@link Configuration#serializeOnProduce()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder serializeOnProduce(boolean value) {
            this.serializeOnProduce = value;
            return this;
        }

        /**
         * Sets {@link Configuration#fetchMaxWaitTime()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fetchMaxWaitTime(Duration value) {
            this.fetchMaxWaitTime = java.util.Objects.requireNonNull(value, "fetchMaxWaitTime");
            return this;
        }

        /**
         * Sets {@link Configuration#fetchMinBytes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fetchMinBytes(int value) {
            this.fetchMinBytes = value;
            return this;
        }

        /**
         * Sets {@link Configuration#fetchMessageMaxBytes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fetchMessageMaxBytes(int value) {
            this.fetchMessageMaxBytes = value;
            return this;
        }

        /**
         * Sets {@link Configuration#fetchMaxBytes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fetchMaxBytes(int value) {
            this.fetchMaxBytes = value;
            return this;
        }

        /**
         * Sets {@link Configuration#fetchBufferBytes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder fetchBufferBytes(long value) {
            this.fetchBufferBytes = value;
            return this;
        }

        /**
         * Sets {@link Configuration#consumeBufferingTime()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder consumeBufferingTime(Duration value) {
            this.consumeBufferingTime = java.util.Objects.requireNonNull(value, "consumeBufferingTime");
            return this;
        }

        /**
         * Sets {@link Configuration#consumeBatchSize()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder consumeBatchSize(int value) {
            this.consumeBatchSize = value;
            return this;
        }

        /**
         * Sets {@link Configuration#autoOffsetReset()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder autoOffsetReset(OffsetResetStrategy value) {
            this.autoOffsetReset = java.util.Objects.requireNonNull(value, "autoOffsetReset");
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws ConfigurationException naming the first invalid setting
         */
        public Configuration build() {
            parseSeeds(seeds);
            checkNotBlank("clientId", "client-id", clientId);
            checkNotBlank("dispatcher", "dispatcher", dispatcher);
            checkRange("maximumConcurrency", "maximum-concurrency", maximumConcurrency, 1, Integer.MAX_VALUE);
            checkDuration("messageTtl", "message-ttl", messageTtl, 1, Long.MAX_VALUE);
            checkDuration("refreshMetadataInterval", "refresh-metadata-interval", refreshMetadataInterval, 1, Long.MAX_VALUE);
            checkDuration("metadataMinRefreshInterval", "metadata-min-refresh-interval", metadataMinRefreshInterval, 0, Long.MAX_VALUE);
            checkDuration("requestTimeout", "request-timeout", requestTimeout, 1, 2147483647);
            checkDuration("clientRequestTimeout", "client-request-timeout", clientRequestTimeout, 1, 2147483647);
            checkRange("maxInFlightRequests", "max-in-flight-requests", maxInFlightRequests, 1, Integer.MAX_VALUE);
            checkRange("maxFrameBytes", "max-frame-bytes", maxFrameBytes, 1024, Integer.MAX_VALUE);
            checkDuration("closeTimeout", "close-timeout", closeTimeout, 0, Long.MAX_VALUE);
            checkDuration("retryBackoff", "retry-backoff", retryBackoff, 0, Long.MAX_VALUE);
            checkRange("sendBufferSize", "socket.send-buffer-size", sendBufferSize, 0, Integer.MAX_VALUE);
            checkRange("receiveBufferSize", "socket.receive-buffer-size", receiveBufferSize, 0, Integer.MAX_VALUE);
            checkDuration("reconnectBackoffInitial", "reconnect.backoff-initial", reconnectBackoffInitial, 1, Long.MAX_VALUE);
            checkDuration("reconnectBackoffMax", "reconnect.backoff-max", reconnectBackoffMax, 1, Long.MAX_VALUE);
            checkFraction("reconnectJitter", "reconnect.jitter", reconnectJitter);
            checkDuration("produceBufferingTime", "produce.buffering-time", produceBufferingTime, 0, Long.MAX_VALUE);
            checkRange("produceBatchSize", "produce.batch-size", produceBatchSize, 1, Integer.MAX_VALUE);
            checkRange("numberOfMessagesBeforeRoundRobin", "produce.messages-before-round-robin", numberOfMessagesBeforeRoundRobin, 1, Integer.MAX_VALUE);
            checkRange("minInSyncReplicas", "produce.min-in-sync-replicas", minInSyncReplicas, -1, Integer.MAX_VALUE);
            if (maxBufferedMessages != -1 && maxBufferedMessages < 1) {
                throw invalid("maxBufferedMessages", "produce.max-buffered-messages", "-1 (unbounded) or at least 1", maxBufferedMessages);
            }
            checkDuration("overflowBlockTimeout", "produce.overflow-block-timeout", overflowBlockTimeout, 1, Long.MAX_VALUE);
            checkDuration("fetchMaxWaitTime", "consume.fetch-max-wait", fetchMaxWaitTime, 0, 2147483647);
            checkRange("fetchMinBytes", "consume.fetch-min-bytes", fetchMinBytes, 0, Integer.MAX_VALUE);
            checkRange("fetchMessageMaxBytes", "consume.fetch-message-max-bytes", fetchMessageMaxBytes, 1, Integer.MAX_VALUE);
            checkRange("fetchMaxBytes", "consume.fetch-max-bytes", fetchMaxBytes, 1, Integer.MAX_VALUE);
            checkRange("fetchBufferBytes", "consume.fetch-buffer-bytes", fetchBufferBytes, 1L, Long.MAX_VALUE);
            checkDuration("consumeBufferingTime", "consume.buffering-time", consumeBufferingTime, 0, Long.MAX_VALUE);
            checkRange("consumeBatchSize", "consume.batch-size", consumeBatchSize, 1, Integer.MAX_VALUE);
            if (clientRequestTimeout.compareTo(requestTimeout) <= 0) {
                throw invalid("clientRequestTimeout", "client-request-timeout",
                        "longer than requestTimeout (" + requestTimeout.toMillis() + " ms)",
                        clientRequestTimeout.toMillis() + " ms");
            }
            if (reconnectBackoffMax.compareTo(reconnectBackoffInitial) < 0) {
                throw invalid("reconnectBackoffMax", "reconnect.backoff-max",
                        "at least reconnectBackoffInitial (" + reconnectBackoffInitial.toMillis() + " ms)",
                        reconnectBackoffMax.toMillis() + " ms");
            }
            boolean sasl = securityProtocol == SecurityProtocol.SASL_PLAINTEXT
                    || securityProtocol == SecurityProtocol.SASL_SSL;
            if (sasl && (saslMechanism.isBlank() || saslUsername.isBlank())) {
                throw new ConfigurationException("securityProtocol " + securityProtocol + " needs saslMechanism and"
                        + " saslUsername (kafka-driver.security.sasl-mechanism, kafka-driver.security.sasl-username)");
            }
            return new Configuration(this);
        }

        private static void checkRange(String name, String key, long value, long min, long max) {
            if (value < min || value > max) {
                throw invalid(name, key, "between " + min + " and " + max, value);
            }
        }

        private static void checkFraction(String name, String key, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw invalid(name, key, "between 0 and 1", value);
            }
        }

        private static void checkDuration(String name, String key, Duration value, long minMs, long maxMs) {
            if (value.compareTo(Duration.ofMillis(minMs)) < 0 || value.compareTo(Duration.ofMillis(maxMs)) > 0) {
                throw invalid(name, key, "between " + minMs + " ms and " + maxMs + " ms", value);
            }
        }

        private static void checkNotBlank(String name, String key, String value) {
            if (value.isBlank()) {
                throw invalid(name, key, "non-empty", "\"" + value + "\"");
            }
        }
    }
}
