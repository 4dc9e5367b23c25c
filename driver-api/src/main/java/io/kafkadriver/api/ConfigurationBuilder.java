package io.kafkadriver.api;

import io.kafkadriver.api.internal.Checks;
import io.kafkadriver.api.internal.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Mutable builder of {@link Configuration}; start from {@link Configuration#builder()} or
 * {@link Configuration#toBuilder()}. Every field starts at the driver's default, which is kafka-sharp's default
 * wherever kafka-sharp had the setting. Setters reject {@code null} at once (naming the parameter); ranges and
 * relations between settings are checked by {@link #build()}, which throws a {@link ConfigurationException} naming
 * the setting, its HOCON key, the allowed range and the rejected value. {@code docs/configuration.md} lists every
 * setting. Not thread-safe.
 */
public final class ConfigurationBuilder {

    String clientId = "Kafka#";
    List<BrokerAddress> seeds = List.of();
    Compatibility compatibility = Compatibility.V0_8_2;
    String dispatcher = "pekko.actor.default-dispatcher";
    int maximumConcurrency = 3;
    Duration closeTimeout = Duration.ofSeconds(30);
    Duration refreshMetadataInterval = Duration.ofMinutes(5);
    Duration metadataMaxAge = Duration.ofMinutes(5);
    Duration minimumTimeBetweenRefreshMetadata = Duration.ofSeconds(42);
    int sendBufferSize = 100 * 1024;
    int receiveBufferSize = 64 * 1024;
    Duration requestTimeout = Duration.ofSeconds(10);
    Duration clientRequestTimeout = Duration.ofSeconds(20);
    int maxInFlightRequests = 5;
    int maxFrameSize = 100 * 1024 * 1024;
    int maxSuccessiveNodeErrors = 2;
    Duration reconnectBackoffInitial = Duration.ofMillis(50);
    Duration reconnectBackoffMax = Duration.ofSeconds(1);
    double reconnectBackoffJitter = 0.2;
    Duration retryBackoff = Duration.ofMillis(100);
    SecurityProtocol securityProtocol = SecurityProtocol.PLAINTEXT;
    SaslMechanism saslMechanism = SaslMechanism.PLAIN;
    String saslUsername = "";
    String saslPassword = "";
    String sslTruststorePath = "";
    String sslTruststorePassword = "";
    String sslKeystorePath = "";
    String sslKeystorePassword = "";
    boolean sslHostnameVerification = true;
    String sslTruststoreType = "";
    String sslKeystoreType = "";
    String sslKeyPassword = "";
    String sslProtocols = "TLSv1.3,TLSv1.2";
    String sslCipherSuites = "";
    OAuthBearerTokenProvider oauthBearerTokenProvider;
    Duration messageTtl = Duration.ofMinutes(1);
    ErrorStrategy errorStrategy = ErrorStrategy.DISCARD;
    int maxRetry = 3;
    Duration produceBufferingTime = Duration.ofMillis(5000);
    int produceBatchSize = 200;
    BatchStrategy batchStrategy = BatchStrategy.BY_NODE;
    CompressionCodec compressionCodec = CompressionCodec.NONE;
    PartitionerStrategy partitioner = PartitionerStrategy.ROUND_ROBIN;
    int numberOfMessagesBeforeRoundRobin = 1;
    RequiredAcks requiredAcks = RequiredAcks.ALL;
    Boolean idempotence;
    int minInSyncReplicas = -1;
    boolean retryIfNotEnoughReplicasAfterAppend = false;
    int maxBufferedMessages = -1;
    OverflowStrategy overflowStrategy = OverflowStrategy.BLOCK;
    Duration overflowBlockTimeout = Duration.ofSeconds(60);
    int maxPostponedMessages = 1000;
    Duration temporaryIgnorePartitionTime = Duration.ofSeconds(42);
    Duration fetchMaxWaitTime = Duration.ofMillis(100);
    int fetchMinBytes = 1;
    int fetchMaxBytes = 50 * 1024 * 1024;
    int fetchMessageMaxBytes = 1024 * 1024;
    Duration consumeBufferingTime = Duration.ofMillis(1000);
    int consumeBatchSize = 10;
    AutoOffsetReset autoOffsetReset = AutoOffsetReset.EARLIEST;
    ErrorStrategy consumerErrorStrategy = ErrorStrategy.DISCARD;
    long consumerFetchBufferBytes = 100L * 1024 * 1024;
    boolean readCommitted;
    SerializationConfig serializationConfig = SerializationConfig.defaults();

    ConfigurationBuilder() {
    }

    /**
     * Validates every setting and builds the immutable configuration.
     *
     * @return the configuration
     * @throws ConfigurationException naming the first invalid setting
     */
    public Configuration build() {
        return new Configuration(this);
    }

    /**
     * Sets the settings whose kafka-sharp default surprises a Java user to the official Java client's equivalents
     * (docs/configuration.md, "The modern profile"); call it first, then override what you like. The same profile in
     * HOCON is {@code include classpath("kafka-driver-modern.conf")}. It sets:
     * <ul>
     *   <li>{@code produceBufferingTime} 5 ms ({@code linger.ms}; kafka-sharp lingers 5 s);</li>
     *   <li>{@code errorStrategy} {@code RETRY}, {@code maxRetry} -1 and {@code messageTtl} 2 min (retries until
     *       {@code delivery.timeout.ms}; kafka-sharp discards a batch with no answer);</li>
     *   <li>{@code partitioner} {@code MURMUR2_KEY} (keyed records where the official client puts them);</li>
     *   <li>{@code fetchMaxWaitTime} 500 ms ({@code fetch.max.wait.ms}), {@code consumeBufferingTime} 0 (an offset
     *       lookup is never held to share a request), {@code autoOffsetReset} {@code LATEST} ({@code auto.offset.reset}).</li>
     * </ul>
     *
     * @return this builder
     */
    public ConfigurationBuilder modernDefaults() {
        produceBufferingTime = Duration.ofMillis(5);
        errorStrategy = ErrorStrategy.RETRY;
        maxRetry = -1;
        messageTtl = Duration.ofMinutes(2);
        partitioner = PartitionerStrategy.MURMUR2_KEY;
        fetchMaxWaitTime = Duration.ofMillis(500);
        consumeBufferingTime = Duration.ZERO;
        autoOffsetReset = AutoOffsetReset.LATEST;
        return this;
    }

    /**
     * The brokers used to bootstrap the cluster, as kafka-sharp's {@code Seeds} string: {@code host:port} entries
     * separated by commas (IPv6 in brackets). Parsed at once. An empty list is allowed in the configuration (as in
     * kafka-sharp, it is the client that refuses to start without seeds). Default empty.
     *
     * @param seeds e.g. {@code "broker1:9092,broker2:9092"}
     * @return this builder
     * @throws ConfigurationException naming the bad entry
     */
    public ConfigurationBuilder seeds(String seeds) {
        this.seeds = BrokerAddress.parseList(Objects.requireNonNull(seeds, "seeds"));
        return this;
    }

    /**
     * The bootstrap brokers as addresses.
     *
     * @param seeds the addresses, no null element
     * @return this builder
     */
    public ConfigurationBuilder seeds(List<BrokerAddress> seeds) {
        Objects.requireNonNull(seeds, "seeds");
        for (int i = 0; i < seeds.size(); i++) {
            Objects.requireNonNull(seeds.get(i), "seeds[" + i + "]");
        }
        this.seeds = List.copyOf(seeds);
        return this;
    }

    /**
     * The acknowledgements required, by their wire value, as kafka-sharp's {@code RequiredAcks} was set.
     *
     * @param code 0 (none), 1 (leader) or -1 (all)
     * @return this builder
     * @throws ConfigurationException for any other value
     */
    public ConfigurationBuilder requiredAcks(int code) {
        if (code != 0 && code != 1 && code != -1) {
            throw Checks.error(Setting.REQUIRED_ACKS, "must be 0, 1 or -1 (all)", Integer.toString(code));
        }
        this.requiredAcks = RequiredAcks.fromCode(code);
        return this;
    }

    /**
     * Sets the SASL mechanism and credentials in one call.
     *
     * @param mechanism the mechanism
     * @param username the user name
     * @param password the password (never printed)
     * @return this builder
     */
    public ConfigurationBuilder sasl(SaslMechanism mechanism, String username, String password) {
        return saslMechanism(mechanism).saslUsername(username).saslPassword(password);
    }

    /**
     * The client id sent in every request header, shown in broker logs and quotas. kafka-sharp {@code ClientId};
     * default {@code "Kafka#"}.
     *
     * @param clientId the new value
     * @return this builder
     */
    public ConfigurationBuilder clientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * The oldest broker line the application declares; informative only, see {@link Compatibility}. kafka-sharp
     * {@code Compatibility}; default {@code V0_8_2}.
     *
     * @param compatibility the new value
     * @return this builder
     */
    public ConfigurationBuilder compatibility(Compatibility compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility, "compatibility");
        return this;
    }

    /**
     * The Pekko dispatcher the driver's actors run on: the Java counterpart of kafka-sharp's {@code TaskScheduler}.
     * A dispatcher other than the default supersedes {@link #maximumConcurrency(int)}, as a custom TaskScheduler
     * did. Default {@code pekko.actor.default-dispatcher}.
     *
     * @param dispatcher the new value
     * @return this builder
     */
    public ConfigurationBuilder dispatcher(String dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        return this;
    }

    /**
     * The most threads the driver's actors use at once when {@link #dispatcher(String)} is left at its default: the
     * driver then runs on its own dispatcher with this parallelism, borrowing threads only while there is work.
     * kafka-sharp {@code MaximumConcurrency}; default 3; range 1 and up.
     *
     * @param maximumConcurrency the new value
     * @return this builder
     */
    public ConfigurationBuilder maximumConcurrency(int maximumConcurrency) {
        this.maximumConcurrency = maximumConcurrency;
        return this;
    }

    /**
     * How long closing the client waits for pending messages to be sent and acknowledged before giving up on them.
     * New; default 30 s (the Java consumer's default close timeout); range 0 to 2147483647 ms.
     *
     * @param closeTimeout the new value
     * @return this builder
     */
    public ConfigurationBuilder closeTimeout(Duration closeTimeout) {
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        return this;
    }

    /**
     * Period of the automatic full metadata refresh. kafka-sharp {@code RefreshMetadataInterval}; default 5 min as
     * its README documents (its code later used 10 min); range 1 ms and up.
     *
     * @param refreshMetadataInterval the new value
     * @return this builder
     */
    public ConfigurationBuilder refreshMetadataInterval(Duration refreshMetadataInterval) {
        this.refreshMetadataInterval = Objects.requireNonNull(refreshMetadataInterval, "refreshMetadataInterval");
        return this;
    }

    /**
     * Cached metadata older than this is refreshed before it is used to route, even between periodic refreshes. New
     * (Kafka's {@code metadata.max.age.ms}); default 5 min.
     *
     * @param metadataMaxAge the new value
     * @return this builder
     */
    public ConfigurationBuilder metadataMaxAge(Duration metadataMaxAge) {
        this.metadataMaxAge = Objects.requireNonNull(metadataMaxAge, "metadataMaxAge");
        return this;
    }

    /**
     * Throttle of full metadata refreshes: a refresh asked for sooner than this after the previous one is served
     * from the cache. kafka-sharp {@code MinimumTimeBetweenRefreshMetadata}; default 42 s.
     *
     * @param minimumTimeBetweenRefreshMetadata the new value
     * @return this builder
     */
    public ConfigurationBuilder minimumTimeBetweenRefreshMetadata(Duration minimumTimeBetweenRefreshMetadata) {
        this.minimumTimeBetweenRefreshMetadata = Objects.requireNonNull(minimumTimeBetweenRefreshMetadata, "minimumTimeBetweenRefreshMetadata");
        return this;
    }

    /**
     * Socket send buffer size in bytes. kafka-sharp {@code SendBufferSize}; default 102400.
     *
     * @param sendBufferSize the new value
     * @return this builder
     */
    public ConfigurationBuilder sendBufferSize(int sendBufferSize) {
        this.sendBufferSize = sendBufferSize;
        return this;
    }

    /**
     * Socket receive buffer size in bytes. kafka-sharp {@code ReceiveBufferSize}; default 65536.
     *
     * @param receiveBufferSize the new value
     * @return this builder
     */
    public ConfigurationBuilder receiveBufferSize(int receiveBufferSize) {
        this.receiveBufferSize = receiveBufferSize;
        return this;
    }

    /**
     * Broker-side timeout written into Produce requests (Kafka's {@code timeout_ms}). kafka-sharp {@code
     * RequestTimeoutMs}; default 10 s.
     *
     * @param requestTimeout the new value
     * @return this builder
     */
    public ConfigurationBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        return this;
    }

    /**
     * Client-side timeout: a request not answered by then resets its connection. Must be greater than {@link
     * #requestTimeout(Duration)} and {@link #fetchMaxWaitTime(Duration)}. kafka-sharp {@code
     * ClientRequestTimeoutMs}; default 20 s.
     *
     * @param clientRequestTimeout the new value
     * @return this builder
     */
    public ConfigurationBuilder clientRequestTimeout(Duration clientRequestTimeout) {
        this.clientRequestTimeout = Objects.requireNonNull(clientRequestTimeout, "clientRequestTimeout");
        return this;
    }

    /**
     * Most unacknowledged requests on one connection; above 1 a retried batch may be reordered. kafka-sharp {@code
     * MaxInFlightRequests}; default 5.
     *
     * @param maxInFlightRequests the new value
     * @return this builder
     */
    public ConfigurationBuilder maxInFlightRequests(int maxInFlightRequests) {
        this.maxInFlightRequests = maxInFlightRequests;
        return this;
    }

    /**
     * Largest response frame accepted, in bytes; a larger size prefix closes the connection before any allocation.
     * Must be at least {@link #fetchMaxBytes(int)}. New; default 104857600 (the broker's {@code
     * socket.request.max.bytes}).
     *
     * @param maxFrameSize the new value
     * @return this builder
     */
    public ConfigurationBuilder maxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        return this;
    }

    /**
     * Connection errors in a row after which a broker node is declared dead (it dies at this value + 1). kafka-sharp
     * {@code MaxSuccessiveNodeErrors}; default 2.
     *
     * @param maxSuccessiveNodeErrors the new value
     * @return this builder
     */
    public ConfigurationBuilder maxSuccessiveNodeErrors(int maxSuccessiveNodeErrors) {
        this.maxSuccessiveNodeErrors = maxSuccessiveNodeErrors;
        return this;
    }

    /**
     * First wait before reconnecting to a broker; doubles on each failure up to {@link
     * #reconnectBackoffMax(Duration)}. New (kafka-sharp waited 1 s times the error count); default 50 ms (Kafka's
     * {@code reconnect.backoff.ms}).
     *
     * @param reconnectBackoffInitial the new value
     * @return this builder
     */
    public ConfigurationBuilder reconnectBackoffInitial(Duration reconnectBackoffInitial) {
        this.reconnectBackoffInitial = Objects.requireNonNull(reconnectBackoffInitial, "reconnectBackoffInitial");
        return this;
    }

    /**
     * Upper bound of the reconnect wait; at least {@link #reconnectBackoffInitial(Duration)}. New; default 1 s
     * (Kafka's {@code reconnect.backoff.max.ms}).
     *
     * @param reconnectBackoffMax the new value
     * @return this builder
     */
    public ConfigurationBuilder reconnectBackoffMax(Duration reconnectBackoffMax) {
        this.reconnectBackoffMax = Objects.requireNonNull(reconnectBackoffMax, "reconnectBackoffMax");
        return this;
    }

    /**
     * Random spread of each reconnect wait, as a fraction (0.2 = plus or minus 20%). New; default 0.2 (the Java
     * client's fixed jitter); range 0.0 to 1.0.
     *
     * @param reconnectBackoffJitter the new value
     * @return this builder
     */
    public ConfigurationBuilder reconnectBackoffJitter(double reconnectBackoffJitter) {
        this.reconnectBackoffJitter = reconnectBackoffJitter;
        return this;
    }

    /**
     * Wait before retrying a failed request or re-sending after a retriable error. New; default 100 ms (Kafka's
     * {@code retry.backoff.ms}).
     *
     * @param retryBackoff the new value
     * @return this builder
     */
    public ConfigurationBuilder retryBackoff(Duration retryBackoff) {
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        return this;
    }

    /**
     * Transport security. New; default {@code PLAINTEXT}. The SASL protocols need {@link #saslUsername(String)}.
     *
     * @param securityProtocol the new value
     * @return this builder
     */
    public ConfigurationBuilder securityProtocol(SecurityProtocol securityProtocol) {
        this.securityProtocol = Objects.requireNonNull(securityProtocol, "securityProtocol");
        return this;
    }

    /**
     * SASL mechanism, used with the SASL protocols. New; default {@code PLAIN}.
     *
     * @param saslMechanism the new value
     * @return this builder
     */
    public ConfigurationBuilder saslMechanism(SaslMechanism saslMechanism) {
        this.saslMechanism = Objects.requireNonNull(saslMechanism, "saslMechanism");
        return this;
    }

    /**
     * SASL user name; required (non-blank) with the SASL protocols. New; default empty.
     *
     * @param saslUsername the new value
     * @return this builder
     */
    public ConfigurationBuilder saslUsername(String saslUsername) {
        this.saslUsername = Objects.requireNonNull(saslUsername, "saslUsername");
        return this;
    }

    /**
     * SASL password; never printed by {@code toString}. New; default empty.
     *
     * @param saslPassword the new value
     * @return this builder
     */
    public ConfigurationBuilder saslPassword(String saslPassword) {
        this.saslPassword = Objects.requireNonNull(saslPassword, "saslPassword");
        return this;
    }

    /**
     * Trust store file (type detected from the file) for TLS; empty means the JVM's default trust store. New;
     * default empty.
     *
     * @param sslTruststorePath the new value
     * @return this builder
     */
    public ConfigurationBuilder sslTruststorePath(String sslTruststorePath) {
        this.sslTruststorePath = Objects.requireNonNull(sslTruststorePath, "sslTruststorePath");
        return this;
    }

    /**
     * Trust store password; never printed. New; default empty.
     *
     * @param sslTruststorePassword the new value
     * @return this builder
     */
    public ConfigurationBuilder sslTruststorePassword(String sslTruststorePassword) {
        this.sslTruststorePassword = Objects.requireNonNull(sslTruststorePassword, "sslTruststorePassword");
        return this;
    }

    /**
     * Key store file holding the client certificate for TLS client authentication; empty means none. New; default
     * empty.
     *
     * @param sslKeystorePath the new value
     * @return this builder
     */
    public ConfigurationBuilder sslKeystorePath(String sslKeystorePath) {
        this.sslKeystorePath = Objects.requireNonNull(sslKeystorePath, "sslKeystorePath");
        return this;
    }

    /**
     * Key store password; never printed. New; default empty.
     *
     * @param sslKeystorePassword the new value
     * @return this builder
     */
    public ConfigurationBuilder sslKeystorePassword(String sslKeystorePassword) {
        this.sslKeystorePassword = Objects.requireNonNull(sslKeystorePassword, "sslKeystorePassword");
        return this;
    }

    /**
     * Whether TLS checks that the broker's certificate matches its host name. New; default true.
     *
     * @param sslHostnameVerification the new value
     * @return this builder
     */
    public ConfigurationBuilder sslHostnameVerification(boolean sslHostnameVerification) {
        this.sslHostnameVerification = sslHostnameVerification;
        return this;
    }

    /**
     * Trust store format: {@code PKCS12}, {@code JKS} or {@code PEM} (a file of X.509 certificates); empty detects it
     * from the file. New; default empty.
     *
     * @param sslTruststoreType the new value
     * @return this builder
     */
    public ConfigurationBuilder sslTruststoreType(String sslTruststoreType) {
        this.sslTruststoreType = Objects.requireNonNull(sslTruststoreType, "sslTruststoreType");
        return this;
    }

    /**
     * Key store format: {@code PKCS12}, {@code JKS} or {@code PEM} (one file with an unencrypted PKCS#8 private key
     * and its certificate chain); empty detects it from the file. New; default empty.
     *
     * @param sslKeystoreType the new value
     * @return this builder
     */
    public ConfigurationBuilder sslKeystoreType(String sslKeystoreType) {
        this.sslKeystoreType = Objects.requireNonNull(sslKeystoreType, "sslKeystoreType");
        return this;
    }

    /**
     * Password of the private key in the key store; empty means the key store password. Never printed. New;
     * default empty.
     *
     * @param sslKeyPassword the new value
     * @return this builder
     */
    public ConfigurationBuilder sslKeyPassword(String sslKeyPassword) {
        this.sslKeyPassword = Objects.requireNonNull(sslKeyPassword, "sslKeyPassword");
        return this;
    }

    /**
     * Enabled TLS protocols, comma-separated. New; default {@code TLSv1.3,TLSv1.2}.
     *
     * @param sslProtocols the new value
     * @return this builder
     */
    public ConfigurationBuilder sslProtocols(String sslProtocols) {
        this.sslProtocols = Objects.requireNonNull(sslProtocols, "sslProtocols");
        return this;
    }

    /**
     * Enabled TLS cipher suites, comma-separated; empty means the JDK's defaults. New; default empty.
     *
     * @param sslCipherSuites the new value
     * @return this builder
     */
    public ConfigurationBuilder sslCipherSuites(String sslCipherSuites) {
        this.sslCipherSuites = Objects.requireNonNull(sslCipherSuites, "sslCipherSuites");
        return this;
    }

    /**
     * Where OAUTHBEARER tokens come from: called on a driver thread at each authentication and re-authentication of
     * each connection, so it should return a cached token quickly. Required when {@code saslMechanism} is
     * {@code OAUTHBEARER}; builder only (no HOCON key). New; default none.
     *
     * @param provider the provider
     * @return this builder
     */
    public ConfigurationBuilder oauthBearerTokenProvider(OAuthBearerTokenProvider provider) {
        this.oauthBearerTokenProvider = Objects.requireNonNull(provider, "oauthBearerTokenProvider");
        return this;
    }

    /**
     * Longest time a produced message may stay in the driver, across retries, before being expired. kafka-sharp
     * {@code MessageTtl}; default 1 min; range 1 ms and up.
     *
     * @param messageTtl the new value
     * @return this builder
     */
    public ConfigurationBuilder messageTtl(Duration messageTtl) {
        this.messageTtl = Objects.requireNonNull(messageTtl, "messageTtl");
        return this;
    }

    /**
     * What to do with a batch that was sent but got no response. kafka-sharp {@code ErrorStrategy}; default {@code
     * DISCARD}.
     *
     * @param errorStrategy the new value
     * @return this builder
     */
    public ConfigurationBuilder errorStrategy(ErrorStrategy errorStrategy) {
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
        return this;
    }

    /**
     * How many times a message is retried before being discarded; -1 retries until its TTL. kafka-sharp {@code
     * MaxRetry}; default 3.
     *
     * @param maxRetry the new value
     * @return this builder
     */
    public ConfigurationBuilder maxRetry(int maxRetry) {
        this.maxRetry = maxRetry;
        return this;
    }

    /**
     * Longest time a message waits to be batched before its batch is sent (the linger). kafka-sharp {@code
     * ProduceBufferingTime}; default 5000 ms; range 0 and up.
     *
     * @param produceBufferingTime the new value
     * @return this builder
     */
    public ConfigurationBuilder produceBufferingTime(Duration produceBufferingTime) {
        this.produceBufferingTime = Objects.requireNonNull(produceBufferingTime, "produceBufferingTime");
        return this;
    }

    /**
     * Messages per produce batch: a batch is sent as soon as it holds this many. kafka-sharp {@code
     * ProduceBatchSize}; default 200; range 1 and up.
     *
     * @param produceBatchSize the new value
     * @return this builder
     */
    public ConfigurationBuilder produceBatchSize(int produceBatchSize) {
        this.produceBatchSize = produceBatchSize;
        return this;
    }

    /**
     * Where produce batching happens. kafka-sharp {@code BatchStrategy}; default {@code BY_NODE}.
     *
     * @param batchStrategy the new value
     * @return this builder
     */
    public ConfigurationBuilder batchStrategy(BatchStrategy batchStrategy) {
        this.batchStrategy = Objects.requireNonNull(batchStrategy, "batchStrategy");
        return this;
    }

    /**
     * Compression of produced record batches. kafka-sharp {@code CompressionCodec}; default {@code NONE}.
     *
     * @param compressionCodec the new value
     * @return this builder
     */
    public ConfigurationBuilder compressionCodec(CompressionCodec compressionCodec) {
        this.compressionCodec = Objects.requireNonNull(compressionCodec, "compressionCodec");
        return this;
    }

    /**
     * How records without an explicit partition are placed. kafka-sharp {@code PartitionSelectionConfig}; default
     * {@code ROUND_ROBIN} (kafka-sharp's default, keys ignored); choose {@code MURMUR2_KEY} for the Java client's
     * key placement.
     *
     * @param partitioner the new value
     * @return this builder
     */
    public ConfigurationBuilder partitioner(PartitionerStrategy partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
        return this;
    }

    /**
     * Records sent to one partition before round robin moves to the next (larger values compress better).
     * kafka-sharp {@code NumberOfMessagesBeforeRoundRobin}; default 1.
     *
     * @param numberOfMessagesBeforeRoundRobin the new value
     * @return this builder
     */
    public ConfigurationBuilder numberOfMessagesBeforeRoundRobin(int numberOfMessagesBeforeRoundRobin) {
        this.numberOfMessagesBeforeRoundRobin = numberOfMessagesBeforeRoundRobin;
        return this;
    }

    /**
     * Acknowledgements a produce waits for. kafka-sharp {@code RequiredAcks}; default {@code ALL} (-1).
     *
     * @param requiredAcks the new value
     * @return this builder
     */
    public ConfigurationBuilder requiredAcks(RequiredAcks requiredAcks) {
        this.requiredAcks = Objects.requireNonNull(requiredAcks, "requiredAcks");
        return this;
    }

    /**
     * With {@code ALL} acks, partitions with fewer in-sync replicas than this are not produced to; -1 or 0 means the
     * leader alone is enough. kafka-sharp {@code MinInSyncReplicas}; default -1; range -1 and up.
     *
     * @param minInSyncReplicas the new value
     * @return this builder
     */
    public ConfigurationBuilder minInSyncReplicas(int minInSyncReplicas) {
        this.minInSyncReplicas = minInSyncReplicas;
        return this;
    }

    /**
     * The idempotent producer (KIP-98): the driver gets a producer id from the cluster and every record batch carries
     * it with an epoch and a sequence per partition, so the broker writes a re-sent batch once and in order (a retry
     * after a lost answer, several batches in flight per partition). Left unset, it is on exactly when
     * {@link #requiredAcks(RequiredAcks)} is {@code ALL} and {@link #maxInFlightRequests(int)} at most 5, as in the
     * Java client since Kafka 3.0. New (kafka-sharp had none).
     *
     * @param on true for the idempotent producer; {@link #build()} then refuses {@code requiredAcks} other than
     *           {@code ALL} and {@code maxInFlightRequests} above 5
     * @return this builder
     */
    public ConfigurationBuilder idempotence(boolean on) {
        this.idempotence = on;
        return this;
    }

    /**
     * Whether a NOT_ENOUGH_REPLICAS_AFTER_APPEND answer re-sends the messages (true) or counts as success (false).
     * kafka-sharp {@code RetryIfNotEnoughReplicasAfterAppend}; default false.
     *
     * @param retryIfNotEnoughReplicasAfterAppend the new value
     * @return this builder
     */
    public ConfigurationBuilder retryIfNotEnoughReplicasAfterAppend(boolean retryIfNotEnoughReplicasAfterAppend) {
        this.retryIfNotEnoughReplicasAfterAppend = retryIfNotEnoughReplicasAfterAppend;
        return this;
    }

    /**
     * Most messages pending in the driver before produce blocks or discards per {@link
     * #overflowStrategy(OverflowStrategy)}; -1 means unbounded. kafka-sharp {@code MaxBufferedMessages}; default
     * -1; allowed -1 or 1 and up.
     *
     * @param maxBufferedMessages the new value
     * @return this builder
     */
    public ConfigurationBuilder maxBufferedMessages(int maxBufferedMessages) {
        this.maxBufferedMessages = maxBufferedMessages;
        return this;
    }

    /**
     * What produce does when {@link #maxBufferedMessages(int)} is reached. kafka-sharp {@code OverflowStrategy};
     * default {@code BLOCK}.
     *
     * @param overflowStrategy the new value
     * @return this builder
     */
    public ConfigurationBuilder overflowStrategy(OverflowStrategy overflowStrategy) {
        this.overflowStrategy = Objects.requireNonNull(overflowStrategy, "overflowStrategy");
        return this;
    }

    /**
     * Longest a produce call waits for room under {@code BLOCK} before failing. New (kafka-sharp blocked without
     * bound); default 60 s (Kafka's {@code max.block.ms}); range 0 and up.
     *
     * @param overflowBlockTimeout the new value
     * @return this builder
     */
    public ConfigurationBuilder overflowBlockTimeout(Duration overflowBlockTimeout) {
        this.overflowBlockTimeout = Objects.requireNonNull(overflowBlockTimeout, "overflowBlockTimeout");
        return this;
    }

    /**
     * Messages kept while their topic has no available partition; more are discarded. kafka-sharp {@code
     * MaxPostponedMessages}; default 1000.
     *
     * @param maxPostponedMessages the new value
     * @return this builder
     */
    public ConfigurationBuilder maxPostponedMessages(int maxPostponedMessages) {
        this.maxPostponedMessages = maxPostponedMessages;
        return this;
    }

    /**
     * How long a partition that answered with a recoverable error is skipped by the partitioner. kafka-sharp {@code
     * TemporaryIgnorePartitionTime}; default 42 s.
     *
     * @param temporaryIgnorePartitionTime the new value
     * @return this builder
     */
    public ConfigurationBuilder temporaryIgnorePartitionTime(Duration temporaryIgnorePartitionTime) {
        this.temporaryIgnorePartitionTime = Objects.requireNonNull(temporaryIgnorePartitionTime, "temporaryIgnorePartitionTime");
        return this;
    }

    /**
     * Longest time a broker holds a Fetch when less than {@link #fetchMinBytes(int)} is available. kafka-sharp
     * {@code FetchMaxWaitTime}; default 100 ms; must be less than {@link #clientRequestTimeout(Duration)}.
     *
     * @param fetchMaxWaitTime the new value
     * @return this builder
     */
    public ConfigurationBuilder fetchMaxWaitTime(Duration fetchMaxWaitTime) {
        this.fetchMaxWaitTime = Objects.requireNonNull(fetchMaxWaitTime, "fetchMaxWaitTime");
        return this;
    }

    /**
     * Least data a broker should return for a Fetch. kafka-sharp {@code FetchMinBytes}; default 1; range 0 and up.
     *
     * @param fetchMinBytes the new value
     * @return this builder
     */
    public ConfigurationBuilder fetchMinBytes(int fetchMinBytes) {
        this.fetchMinBytes = fetchMinBytes;
        return this;
    }

    /**
     * Most data one Fetch response may hold, over all partitions. kafka-sharp {@code FetchMaxBytes}; default
     * 52428800 (50 MiB).
     *
     * @param fetchMaxBytes the new value
     * @return this builder
     */
    public ConfigurationBuilder fetchMaxBytes(int fetchMaxBytes) {
        this.fetchMaxBytes = fetchMaxBytes;
        return this;
    }

    /**
     * Most data fetched per partition in one Fetch. kafka-sharp {@code FetchMessageMaxBytes}; default 1048576 (1
     * MiB); at most {@link #fetchMaxBytes(int)}.
     *
     * @param fetchMessageMaxBytes the new value
     * @return this builder
     */
    public ConfigurationBuilder fetchMessageMaxBytes(int fetchMessageMaxBytes) {
        this.fetchMessageMaxBytes = fetchMessageMaxBytes;
        return this;
    }

    /**
     * Longest an offset lookup (ListOffsets) that comes while another to the same broker is in flight waits to
     * share a request; a lookup for an idle broker goes at once, and 0 never holds one. kafka-sharp {@code
     * ConsumeBufferingTime}; default 1000 ms.
     *
     * @param consumeBufferingTime the new value
     * @return this builder
     */
    public ConfigurationBuilder consumeBufferingTime(Duration consumeBufferingTime) {
        this.consumeBufferingTime = Objects.requireNonNull(consumeBufferingTime, "consumeBufferingTime");
        return this;
    }

    /**
     * The most partitions in one offset-lookup (ListOffsets) request to a broker. kafka-sharp {@code
     * ConsumeBatchSize}; default 10.
     *
     * @param consumeBatchSize the new value
     * @return this builder
     */
    public ConfigurationBuilder consumeBatchSize(int consumeBatchSize) {
        this.consumeBatchSize = consumeBatchSize;
        return this;
    }

    /**
     * Where to start without a committed offset, or after an out-of-range offset. kafka-sharp {@code
     * OffsetOutOfRangeStrategy}/{@code DefaultOffsetToReadFrom}; default {@code EARLIEST}.
     *
     * @param autoOffsetReset the new value
     * @return this builder
     */
    public ConfigurationBuilder autoOffsetReset(AutoOffsetReset autoOffsetReset) {
        this.autoOffsetReset = Objects.requireNonNull(autoOffsetReset, "autoOffsetReset");
        return this;
    }

    /**
     * What the consumer does with a record it cannot deserialize: {@code DISCARD} skips ahead, {@code RETRY} stops
     * the partition with an error. kafka-sharp {@code ConsumerErrorStrategy}; default {@code DISCARD}.
     *
     * @param consumerErrorStrategy the new value
     * @return this builder
     */
    public ConfigurationBuilder consumerErrorStrategy(ErrorStrategy consumerErrorStrategy) {
        this.consumerErrorStrategy = Objects.requireNonNull(consumerErrorStrategy, "consumerErrorStrategy");
        return this;
    }

    /**
     * Budget in bytes of fetched but not yet delivered records; fetching pauses above it. New; default 104857600
     * (100 MiB, two full fetch responses); at least {@link #fetchMessageMaxBytes(int)}.
     *
     * @param consumerFetchBufferBytes the new value
     * @return this builder
     */
    public ConfigurationBuilder consumerFetchBufferBytes(long consumerFetchBufferBytes) {
        this.consumerFetchBufferBytes = consumerFetchBufferBytes;
        return this;
    }

    /**
     * Whether the consumer reads only committed transactional data (Kafka's {@code isolation.level=read_committed}):
     * it then reads up to the last stable offset and skips aborted transactions. Default false
     * ({@code read_uncommitted}). Control records are skipped either way.
     *
     * @param readCommitted the new value
     * @return this builder
     */
    public ConfigurationBuilder readCommitted(boolean readCommitted) {
        this.readCommitted = readCommitted;
        return this;
    }

    /**
     * When keys and values are serialized, and the message buffer pool. kafka-sharp {@code SerializationConfig};
     * defaults as there.
     *
     * @param serializationConfig the new value
     * @return this builder
     */
    public ConfigurationBuilder serializationConfig(SerializationConfig serializationConfig) {
        this.serializationConfig = Objects.requireNonNull(serializationConfig, "serializationConfig");
        return this;
    }
}
