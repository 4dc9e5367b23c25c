package io.kafkadriver.api.internal;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;

/** Copies a {@link Configuration} into a builder, for {@code Configuration.toBuilder()}. Internal. */
public final class BuilderCopy {

    private BuilderCopy() {
    }

    /**
     * Sets every setting of the builder from the configuration.
     *
     * @param c the source
     * @param b the builder to fill
     * @return the same builder
     */
    public static ConfigurationBuilder copy(Configuration c, ConfigurationBuilder b) {
        copyFirstHalf(c, b);
        copySecondHalf(c, b);
        return b;
    }

    // Two halves only to keep each method under the 60-line budget.
    private static void copyFirstHalf(Configuration c, ConfigurationBuilder b) {
        b.clientId(c.clientId());
        b.seeds(c.seeds());
        b.compatibility(c.compatibility());
        b.dispatcher(c.dispatcher());
        b.maximumConcurrency(c.maximumConcurrency());
        b.closeTimeout(c.closeTimeout());
        b.refreshMetadataInterval(c.refreshMetadataInterval());
        b.metadataMaxAge(c.metadataMaxAge());
        b.minimumTimeBetweenRefreshMetadata(c.minimumTimeBetweenRefreshMetadata());
        b.sendBufferSize(c.sendBufferSize());
        b.receiveBufferSize(c.receiveBufferSize());
        b.requestTimeout(c.requestTimeout());
        b.clientRequestTimeout(c.clientRequestTimeout());
        b.maxInFlightRequests(c.maxInFlightRequests());
        b.maxFrameSize(c.maxFrameSize());
        b.maxSuccessiveNodeErrors(c.maxSuccessiveNodeErrors());
        b.reconnectBackoffInitial(c.reconnectBackoffInitial());
        b.reconnectBackoffMax(c.reconnectBackoffMax());
        b.reconnectBackoffJitter(c.reconnectBackoffJitter());
        b.retryBackoff(c.retryBackoff());
        b.securityProtocol(c.securityProtocol());
        b.saslMechanism(c.saslMechanism());
        b.saslUsername(c.saslUsername());
        b.saslPassword(c.saslPassword());
        b.sslTruststorePath(c.sslTruststorePath());
        b.sslTruststorePassword(c.sslTruststorePassword());
        b.sslKeystorePath(c.sslKeystorePath());
        b.sslKeystorePassword(c.sslKeystorePassword());
    }

    private static void copySecondHalf(Configuration c, ConfigurationBuilder b) {
        b.sslHostnameVerification(c.sslHostnameVerification());
        b.sslTruststoreType(c.sslTruststoreType());
        b.sslKeystoreType(c.sslKeystoreType());
        b.sslKeyPassword(c.sslKeyPassword());
        b.sslProtocols(c.sslProtocols());
        b.sslCipherSuites(c.sslCipherSuites());
        if (c.oauthBearerTokenProvider() != null) {
            b.oauthBearerTokenProvider(c.oauthBearerTokenProvider());
        }
        b.messageTtl(c.messageTtl());
        b.errorStrategy(c.errorStrategy());
        b.maxRetry(c.maxRetry());
        b.produceBufferingTime(c.produceBufferingTime());
        b.produceBatchSize(c.produceBatchSize());
        b.batchStrategy(c.batchStrategy());
        b.compressionCodec(c.compressionCodec());
        b.partitioner(c.partitioner());
        b.numberOfMessagesBeforeRoundRobin(c.numberOfMessagesBeforeRoundRobin());
        b.requiredAcks(c.requiredAcks());
        c.idempotenceSetting().ifPresent(b::idempotence); // left unset, it follows requiredAcks again
        b.minInSyncReplicas(c.minInSyncReplicas());
        b.retryIfNotEnoughReplicasAfterAppend(c.retryIfNotEnoughReplicasAfterAppend());
        b.maxBufferedMessages(c.maxBufferedMessages());
        b.overflowStrategy(c.overflowStrategy());
        b.overflowBlockTimeout(c.overflowBlockTimeout());
        b.maxPostponedMessages(c.maxPostponedMessages());
        b.temporaryIgnorePartitionTime(c.temporaryIgnorePartitionTime());
        b.fetchMaxWaitTime(c.fetchMaxWaitTime());
        b.fetchMinBytes(c.fetchMinBytes());
        b.fetchMaxBytes(c.fetchMaxBytes());
        b.fetchMessageMaxBytes(c.fetchMessageMaxBytes());
        b.consumeBufferingTime(c.consumeBufferingTime());
        b.consumeBatchSize(c.consumeBatchSize());
        b.autoOffsetReset(c.autoOffsetReset());
        b.consumerErrorStrategy(c.consumerErrorStrategy());
        b.consumerFetchBufferBytes(c.consumerFetchBufferBytes());
        b.readCommitted(c.readCommitted());
        b.serializationConfig(c.serializationConfig());
    }
}
