/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterSettings;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import io.kafkadriver.api.Configuration;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
     * The settings of the cluster actor (and, through it, of every node and connection).
     *
     * @param config the configuration
     * @return the cluster settings
     */
    public static ClusterSettings cluster(Configuration config) {
        List<InetSocketAddress> seeds = config.seedList().stream().map(EngineSettings::address).toList();
        Backoff backoff = new Backoff(config.reconnectBackoffInitial().toMillis(),
                config.reconnectBackoffMax().toMillis(), config.reconnectJitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        return new ClusterSettings(seeds, connection(config, seeds.get(0)), config.refreshMetadataInterval(),
                config.metadataMinRefreshInterval(), backoff);
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
                config.clientRequestTimeout(), connectTimeout, config.maxFrameBytes(), config.sendBufferSize(),
                config.receiveBufferSize());
    }

    /**
     * A seed as an unresolved address, so that its name is resolved again at each connect (a broker that moves to
     * another IP under the same name is found again).
     *
     * @param hostPort {@code host:port} or {@code [v6]:port}
     * @return the address
     */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
