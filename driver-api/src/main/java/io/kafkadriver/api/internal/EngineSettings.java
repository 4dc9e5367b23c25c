/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterSettings;
import io.kafkadriver.actors.connection.ConnectionSecurity;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.connection.OAuthBearerExchange;
import io.kafkadriver.actors.connection.PlainExchange;
import io.kafkadriver.actors.connection.SaslExchange;
import io.kafkadriver.actors.connection.ScramExchange;
import io.kafkadriver.api.OAuthBearerTokenProvider;
import io.kafkadriver.api.SaslMechanism;
import java.util.function.Supplier;
import io.kafkadriver.actors.connection.VersionFloor;
import io.kafkadriver.actors.support.Backoff;
import io.kafkadriver.actors.consume.ConsumeSettings;
import io.kafkadriver.actors.group.Assignor;
import io.kafkadriver.actors.group.GroupSettings;
import io.kafkadriver.actors.produce.ProduceSettings;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.api.BatchStrategy;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.PartitionerStrategy;
import io.kafkadriver.api.ConfigurationException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns the public {@link Configuration} into the engine actors' own settings. Internal: not part of the API.
 */
public final class EngineSettings {
    /** The longest a TCP connect plus the ApiVersions handshake may take. */
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private EngineSettings() {
    }

    /**
     * The settings of the cluster actor (and, through it, of every node and connection). Seeds stay unresolved, so
     * that their names are resolved again at each connect.
     *
     * @param config the configuration
     * @return the cluster settings
     * @throws ConfigurationException when no seed is configured
     */
    public static ClusterSettings cluster(Configuration config) {
        if (config.seeds().isEmpty()) {
            throw new ConfigurationException("seeds", "kafka-driver.seeds",
                    "seeds (kafka-driver.seeds) must name at least one broker to start a client");
        }
        List<InetSocketAddress> seeds = config.seeds().stream()
                .map(b -> InetSocketAddress.createUnresolved(b.host(), b.port())).toList();
        Backoff backoff = new Backoff(config.reconnectBackoffInitial().toMillis(),
                config.reconnectBackoffMax().toMillis(), config.reconnectBackoffJitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        return new ClusterSettings(seeds, connection(config, seeds.get(0)), config.refreshMetadataInterval(),
                config.minimumTimeBetweenRefreshMetadata(), backoff, config.metadataMaxAge(),
                config.maxSuccessiveNodeErrors());
    }

    /**
     * The settings of one connection.
     *
     * @param config  the configuration
     * @param address the broker
     * @return the connection settings
     */
    public static ConnectionSettings connection(Configuration config, InetSocketAddress address) {
        Duration connectTimeout = config.clientRequestTimeout().compareTo(MAX_CONNECT_TIMEOUT) < 0
                ? config.clientRequestTimeout() : MAX_CONNECT_TIMEOUT;
        return new ConnectionSettings(address, config.clientId(), config.maxInFlightRequests(),
                config.clientRequestTimeout(), connectTimeout, config.maxFrameSize(), config.sendBufferSize(),
                config.receiveBufferSize(), floor(config.compatibility()), security(config));
    }

    /**
     * TLS and SASL of every connection: the SSL context (stores loaded once, here) and a fresh SASL exchange per
     * authentication, holding the credential.
     *
     * @param config the configuration
     * @return the connection security
     * @throws ConfigurationException when a store cannot be opened
     */
    static ConnectionSecurity security(Configuration config) {
        ConnectionSecurity.Tls tls = !config.securityProtocol().usesTls() ? null : new ConnectionSecurity.Tls(
                TlsContexts.create(config), config.sslHostnameVerification(), TlsContexts.list(config.sslProtocols()),
                TlsContexts.list(config.sslCipherSuites()));
        if (!config.securityProtocol().usesSasl()) {
            return new ConnectionSecurity(tls, null);
        }
        String user = config.saslUsername();
        String password = config.saslPassword();
        Supplier<SaslExchange> exchanges = switch (config.saslMechanism()) {
            case PLAIN -> () -> new PlainExchange(user, password);
            case SCRAM_SHA_256 -> () -> new ScramExchange(ScramExchange.Hash.SHA_256, user, password,
                    ScramExchange.randomNonce());
            case SCRAM_SHA_512 -> () -> new ScramExchange(ScramExchange.Hash.SHA_512, user, password,
                    ScramExchange.randomNonce());
            case OAUTHBEARER -> {
                OAuthBearerTokenProvider provider = config.oauthBearerTokenProvider();
                yield () -> new OAuthBearerExchange(provider.token().value());
            }
        };
        String shownUser = config.saslMechanism() == SaslMechanism.OAUTHBEARER ? "" : user;
        return new ConnectionSecurity(tls, new ConnectionSecurity.Sasl(config.saslMechanism().mechanismName(),
                shownUser, exchanges));
    }

    /**
     * The protocol a broker must speak for a {@code compatibility} line: what kafka-sharp's mode of the same name
     * needed of the broker. 0.8.2: nothing beyond answering ApiVersions; 0.10.1: timestamps (Produce v2, Fetch v3,
     * ListOffsets v1); 0.11.0: record batches with headers (Produce v3, Fetch v4).
     *
     * @param compatibility the configured line
     * @return the floor
     */
    static VersionFloor floor(io.kafkadriver.api.Compatibility compatibility) {
        return switch (compatibility) {
            case V0_8_2 -> VersionFloor.NONE;
            case V0_10_1 -> new VersionFloor(compatibility.version(), Map.of(ApiKey.PRODUCE, (short) 2,
                    ApiKey.FETCH, (short) 3, ApiKey.LIST_OFFSETS, (short) 1));
            case V0_11_0 -> new VersionFloor(compatibility.version(), Map.of(ApiKey.PRODUCE, (short) 3,
                    ApiKey.FETCH, (short) 4, ApiKey.LIST_OFFSETS, (short) 1));
        };
    }

    /** The largest record batch the producer builds, in encoded bytes (the broker's default max.message.bytes). */
    public static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** Records the produce router takes from its queue per turn. */
    private static final int ROUTER_DRAIN_CHUNK = 4096;

    /**
     * The settings of the producer actors.
     *
     * @param config the configuration
     * @return the producer settings
     */
    public static ProduceSettings produce(Configuration config) {
        return new ProduceSettings(config.requiredAcks().code(), config.requestTimeout(),
                config.produceBufferingTime(), config.produceBatchSize(), MAX_BATCH_BYTES,
                io.kafkadriver.protocol.compress.CompressionCodec.valueOf(config.compressionCodec().name()),
                config.messageTtl(), config.errorStrategy() == ErrorStrategy.RETRY, config.maxRetry(),
                config.retryBackoff(), config.retryIfNotEnoughReplicasAfterAppend(), config.minInSyncReplicas(),
                config.numberOfMessagesBeforeRoundRobin(), config.partitioner() == PartitionerStrategy.MURMUR2_KEY,
                config.maxPostponedMessages(), config.temporaryIgnorePartitionTime(),
                config.batchStrategy() == BatchStrategy.BY_NODE, config.maxInFlightRequests(), ROUTER_DRAIN_CHUNK,
                config.idempotence());
    }

    /** A consumed partition with lag that does not advance for this long is logged as stalled (F12). */
    private static final Duration STALL_WARNING = Duration.ofSeconds(30);
    /** Fetched responses per partition waiting for the listeners before the partition is no longer fetched. */
    private static final int CHUNKS_PER_PARTITION = 2;

    /** KIP-848: the broker's default session timeout, after which a member presumes its coordinator lost. */
    private static final Duration KIP848_SESSION = Duration.ofSeconds(45);

    /**
     * The settings of the consumer actors.
     *
     * @param config the configuration
     * @return the consumer settings
     */
    public static ConsumeSettings consume(Configuration config) {
        return consume(config, null);
    }

    /**
     * The settings of a consumer group's consumer actors: the client's, with the group's reset policy.
     *
     * @param config the configuration
     * @param reset  the group's autoOffsetReset, or null for the client's
     * @return the consumer settings
     */
    public static ConsumeSettings consume(Configuration config, io.kafkadriver.api.AutoOffsetReset reset) {
        ConsumeSettings.OffsetReset r = ConsumeSettings.OffsetReset.valueOf(
                (reset != null ? reset : config.autoOffsetReset()).name());
        return new ConsumeSettings(config.fetchMaxWaitTime(), config.fetchMinBytes(), config.fetchMaxBytes(),
                config.fetchMessageMaxBytes(), config.consumerFetchBufferBytes(), r, config.readCommitted(),
                config.retryBackoff(),
                STALL_WARNING, CHUNKS_PER_PARTITION, config.consumeBatchSize(), config.consumeBufferingTime());
    }

    /**
     * A consumer group member's settings.
     *
     * @param config    the client's configuration
     * @param subscribe the subscription
     * @return the member's settings
     */
    public static GroupSettings group(Configuration config, io.kafkadriver.actor.KafkaDriver.Subscribe subscribe) {
        io.kafkadriver.api.ConsumerGroupConfiguration g = subscribe.config();
        List<Assignor> assignors = g.assignors().stream().map(a -> Assignor.byName(a.wireName())).toList();
        boolean kip848 = g.protocol() == io.kafkadriver.api.GroupProtocol.CONSUMER;
        // Under KIP-848 the broker owns the session (group.consumer.session.timeout.ms, 45 s by default) and tells
        // the interval in every answer: the member presumes its coordinator lost after the broker's default session.
        return new GroupSettings(subscribe.groupId(), subscribe.topics(), subscribe.pattern(),
                kip848 ? KIP848_SESSION : g.sessionTimeout(), g.heartbeatInterval(), g.rebalanceTimeout(),
                g.groupInstanceId(), kip848 ? List.of() : assignors, g.autoCommitEvery(), config.retryBackoff(),
                config.clientRequestTimeout(), config.closeTimeout(), kip848, g.remoteAssignor());
    }
}
