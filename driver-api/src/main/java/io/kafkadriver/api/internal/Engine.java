/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.consume.ConsumeRouterActor;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.consume.FetchBudget;
import io.kafkadriver.actors.consume.FetcherActor;
import io.kafkadriver.actors.node.Purpose;
import io.kafkadriver.actors.produce.ProduceException;
import io.kafkadriver.actors.produce.ProduceRouterActor;
import io.kafkadriver.actors.produce.ProducerFront;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationException;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.api.SaslMechanism;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine as the driver behavior spawned it: the handles the Java facade works on. Internal: not part of
 * the API.
 *
 * @param config        the configuration
 * @param system        the actor system it runs in
 * @param cluster       the cluster actor
 * @param produceRouter the produce router
 * @param producer      the producer: its engine front and its API side
 * @param consumeRouter the consume router
 * @param delivery      the consumer's delivery: what is consumed, paused and stopped
 * @param consumerEvents the consumer's incident listeners
 * @param fetchBudget   the consumer's byte budget
 * @param groups        the consumer groups subscribed
 * @param groupEvents   the consumer groups' listeners
 */
public record Engine(Configuration config, ActorSystem<?> system, ActorRef<ClusterActor.Command> cluster,
                     ActorRef<ProduceRouterActor.Command> produceRouter, ProducerFacade producer,
                     ActorRef<ConsumeRouterActor.Command> consumeRouter,
                     Delivery<ReceivedMessage> delivery, ConsumerEvents consumerEvents, FetchBudget fetchBudget,
                     GroupRegistry groups, GroupEvents groupEvents) {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Fails fast on a configuration that cannot start a driver.
     *
     * @param config the configuration
     * @throws ConfigurationException without a seed, with a store that cannot be opened, or with a SASL or TLS
     *                                setting given a value while the security protocol does not use it
     */
    public static void check(Configuration config) {
        Objects.requireNonNull(config, "config");
        // A SASL or TLS value the protocol does not use would do nothing: refused rather than accepted and ignored.
        String noSasl = "SASL_PLAINTEXT or SASL_SSL";
        if (!config.securityProtocol().usesSasl()) {
            refuseUnused(config, !config.saslMechanism().equals(SaslMechanism.PLAIN), Setting.SASL_MECHANISM, noSasl);
            refuseUnused(config, !config.saslUsername().isEmpty(), Setting.SASL_USERNAME, noSasl);
            refuseUnused(config, !config.saslPassword().isEmpty(), Setting.SASL_PASSWORD, noSasl);
            if (config.oauthBearerTokenProvider() != null) {
                throw new ConfigurationException("oauthBearerTokenProvider", "(builder only)", "oauthBearerTokenProvider"
                        + " is set, but securityProtocol is " + config.securityProtocol() + ": it would have no"
                        + " effect, so it is refused. Use " + noSasl + " with saslMechanism OAUTHBEARER, or remove it.");
            }
        }
        if (!config.securityProtocol().usesTls()) {
            String noTls = "SSL or SASL_SSL";
            refuseUnused(config, !config.sslTruststorePath().isEmpty(), Setting.SSL_TRUSTSTORE_PATH, noTls);
            refuseUnused(config, !config.sslTruststorePassword().isEmpty(), Setting.SSL_TRUSTSTORE_PASSWORD, noTls);
            refuseUnused(config, !config.sslTruststoreType().isEmpty(), Setting.SSL_TRUSTSTORE_TYPE, noTls);
            refuseUnused(config, !config.sslKeystorePath().isEmpty(), Setting.SSL_KEYSTORE_PATH, noTls);
            refuseUnused(config, !config.sslKeystorePassword().isEmpty(), Setting.SSL_KEYSTORE_PASSWORD, noTls);
            refuseUnused(config, !config.sslKeystoreType().isEmpty(), Setting.SSL_KEYSTORE_TYPE, noTls);
            refuseUnused(config, !config.sslKeyPassword().isEmpty(), Setting.SSL_KEY_PASSWORD, noTls);
            refuseUnused(config, !config.sslHostnameVerification(), Setting.SSL_HOSTNAME_VERIFICATION, noTls);
            refuseUnused(config, !config.sslProtocols().equals("TLSv1.3,TLSv1.2"), Setting.SSL_PROTOCOLS, noTls);
            refuseUnused(config, !config.sslCipherSuites().isEmpty(), Setting.SSL_CIPHER_SUITES, noTls);
        }
        EngineSettings.cluster(config); // fails fast without seeds, and opens the TLS stores
    }

    private static void refuseUnused(Configuration config, boolean given, Setting setting, String protocols) {
        if (given) {
            throw new ConfigurationException(setting.javaName(), setting.key(), setting.javaName() + " ("
                    + setting.key() + ") is set, but securityProtocol is " + config.securityProtocol()
                    + ": it would have no effect, so it is refused. Use " + protocols + ", or remove it.");
        }
    }

    /**
     * The producer's part of a close, blocking: refuse new records, flush within {@code closeTimeout}, report
     * whatever is still held as discarded, and with acks=0 wait until what was queued is written. Once: a second
     * call returns at once.
     */
    public void drainProducer() {
        if (!producer.claimDrain()) {
            return;
        }
        ProducerFront front = producer.front();
        front.close();
        Exception reason = new ProduceException("the client closed before these records were acknowledged"
                + " (closeTimeout " + config.closeTimeout().toMillis() + " ms)", null);
        try {
            front.flush().get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            front.abortPending(reason, system.scheduler());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            front.abortPending(reason, system.scheduler());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("flush on close failed", e);
        }
        if (config.requiredAcks() == RequiredAcks.NONE) {
            writeBarrier();
        }
    }

    /**
     * Has every fetcher close its broker's fetch session (KIP-227), so that the broker frees the slot at once; they
     * fetch no more. Bounded by {@code closeTimeout}; a session left open expires on the broker as it would anyway.
     */
    public void closeFetchSessions() {
        Duration bound = config.closeTimeout();
        try {
            List<ActorRef<FetcherActor.Command>> fetchers = AskPattern.<ConsumeRouterActor.Command,
                    List<ActorRef<FetcherActor.Command>>>ask(consumeRouter, ConsumeRouterActor.GetFetchers::new,
                    bound, system.scheduler()).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture<?>[] closed = fetchers.stream().map(f -> AskPattern.<FetcherActor.Command,
                    FetcherActor.SessionClosed>ask(f, FetcherActor.CloseSession::new, bound, system.scheduler())
                    .toCompletableFuture()).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(closed).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.debug("not every fetch session was closed within closeTimeout ({} ms): {}", bound.toMillis(),
                    e.toString());
        }
    }

    /**
     * Every consumer group leaves (revoke listeners, the commit under auto-commit, LeaveGroup), blocking up to
     * {@code closeTimeout}; a member that takes longer is stopped with the driver.
     */
    public void leaveGroups() {
        if (groups.all().isEmpty()) {
            return;
        }
        try {
            groups.leaveAll().get(config.closeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the consumer groups did not leave within closeTimeout ({} ms)", config.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("leaving the consumer groups failed", e);
        }
    }

    /**
     * With acks=0 a batch counts as sent once queued on its connection, so stopping the actors right after the
     * flush could cut bytes not yet written. One request that does get an answer, on each broker's produce
     * connection, is a barrier: requests on a connection are written and handled in order, so when its answer
     * arrives every earlier acks=0 request has reached the broker. (ApiVersions, not Metadata, which a connection lets
     * jump its queue.)
     */
    private void writeBarrier() {
        try {
            ClusterMetadata metadata = AskPattern.<ClusterActor.Command, ClusterMetadata>ask(cluster,
                    ClusterActor.GetMetadata::new, STOP_TIMEOUT, system.scheduler()).toCompletableFuture()
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<CompletableFuture<ConnectionActor.Reply>> answers = new ArrayList<>();
            for (Integer node : metadata.brokers().keySet()) {
                ApiVersionsRequest request = new ApiVersionsRequest().setClientSoftwareName("kafka-driver")
                        .setClientSoftwareVersion("0.1.0");
                answers.add(AskPattern.<ClusterActor.Command, ConnectionActor.Reply>ask(cluster,
                        replyTo -> new ClusterActor.SendToNode(node, Purpose.PRODUCE, new ConnectionActor.Send(
                                ApiKey.API_VERSIONS, request, true, null, node, replyTo)), STOP_TIMEOUT,
                        system.scheduler()).toCompletableFuture());
            }
            CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("could not confirm that every acks=0 record was written before closing: {}", e.toString());
        }
    }
}
