/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the cluster actor needs.
 *
 * @param seeds              the bootstrap brokers; any reachable one is enough
 * @param connection         connection settings; the address is replaced per broker
 * @param refreshInterval    how often metadata is refreshed without a reason ({@code RefreshMetadataInterval})
 * @param minRefreshInterval the least time between two metadata requests, however many ask for one
 * @param backoff            the reconnect backoff of each broker, also used between failed bootstrap rounds
 * @param maxAge             metadata this old is refreshed, whatever {@code refreshInterval} says
 * @param maxSuccessiveNodeErrors a broker whose connections failed more times in a row than this is declared dead
 *                           and routed around until a connection to it works again or newer metadata arrives
 *                           ({@code MaxSuccessiveNodeErrors})
 */
public record ClusterSettings(List<InetSocketAddress> seeds, ConnectionSettings connection, Duration refreshInterval,
                              Duration minRefreshInterval, Backoff backoff, Duration maxAge,
                              int maxSuccessiveNodeErrors) {
    /**
     * Checks the fields.
     *
     * @param seeds              at least one
     * @param connection         not null
     * @param refreshInterval    positive
     * @param minRefreshInterval zero or positive
     * @param backoff            not null
     * @param maxAge             positive: metadata this old is refreshed, whatever {@code refreshInterval} says
     * @param maxSuccessiveNodeErrors zero or more
     */
    public ClusterSettings {
        seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds must name at least one broker");
        }
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(backoff, "backoff");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive, was " + refreshInterval);
        }
        if (minRefreshInterval.isNegative()) {
            throw new IllegalArgumentException("minRefreshInterval must not be negative, was " + minRefreshInterval);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        if (maxSuccessiveNodeErrors < 0) {
            throw new IllegalArgumentException("maxSuccessiveNodeErrors must be at least 0, was "
                    + maxSuccessiveNodeErrors);
        }
    }

    /**
     * Settings that never declare a broker dead.
     *
     * @param seeds              at least one
     * @param connection         not null
     * @param refreshInterval    positive
     * @param minRefreshInterval zero or positive
     * @param backoff            not null
     * @param maxAge             positive
     */
    public ClusterSettings(List<InetSocketAddress> seeds, ConnectionSettings connection, Duration refreshInterval,
                           Duration minRefreshInterval, Backoff backoff, Duration maxAge) {
        this(seeds, connection, refreshInterval, minRefreshInterval, backoff, maxAge, Integer.MAX_VALUE);
    }

    /**
     * Settings whose metadata ages at most one refresh interval.
     *
     * @param seeds              at least one
     * @param connection         not null
     * @param refreshInterval    positive
     * @param minRefreshInterval zero or positive
     * @param backoff            not null
     */
    public ClusterSettings(List<InetSocketAddress> seeds, ConnectionSettings connection, Duration refreshInterval,
                           Duration minRefreshInterval, Backoff backoff) {
        this(seeds, connection, refreshInterval, minRefreshInterval, backoff, refreshInterval);
    }
}
