/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What one connection needs to know: where to connect, who we are, and its limits.
 *
 * @param address         the broker's address
 * @param clientId        the client id written in every request header
 * @param maxInFlight     requests written and not yet answered, at most ({@code MaxInFlightRequests})
 * @param requestTimeout  how long the driver waits for an answer before it gives the connection up
 *                        ({@code ClientRequestTimeoutMs})
 * @param connectTimeout  how long the TCP connect and the ApiVersions handshake may take together
 * @param maxFrameBytes   the largest response accepted; larger sizes close the connection before allocating
 * @param sendBufferBytes SO_SNDBUF, 0 for the OS default
 * @param recvBufferBytes SO_RCVBUF, 0 for the OS default
 * @param floor           the oldest protocol a broker must speak ({@code compatibility}); below it the handshake
 *                        fails
 * @param security        TLS and SASL, or {@link ConnectionSecurity#PLAINTEXT}
 */
public record ConnectionSettings(InetSocketAddress address, String clientId, int maxInFlight,
                                 Duration requestTimeout, Duration connectTimeout, int maxFrameBytes,
                                 int sendBufferBytes, int recvBufferBytes, VersionFloor floor,
                                 ConnectionSecurity security) {
    /**
     * Checks every field, naming the culprit.
     *
     * @param address         the address
     * @param clientId        the client id
     * @param maxInFlight     at least 1
     * @param requestTimeout  positive
     * @param connectTimeout  positive
     * @param maxFrameBytes   at least 1024
     * @param sendBufferBytes at least 0
     * @param recvBufferBytes at least 0
     * @param floor           not null
     * @param security        not null
     */
    public ConnectionSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        if (sendBufferBytes < 0 || recvBufferBytes < 0) {
            throw new IllegalArgumentException("socket buffer sizes must be at least 0, were " + sendBufferBytes
                    + " and " + recvBufferBytes);
        }
    }

    /**
     * Plaintext settings, as before TLS and SASL existed.
     *
     * @param address         the address
     * @param clientId        the client id
     * @param maxInFlight     at least 1
     * @param requestTimeout  positive
     * @param connectTimeout  positive
     * @param maxFrameBytes   at least 1024
     * @param sendBufferBytes at least 0
     * @param recvBufferBytes at least 0
     * @param floor           not null
     */
    public ConnectionSettings(InetSocketAddress address, String clientId, int maxInFlight, Duration requestTimeout,
                              Duration connectTimeout, int maxFrameBytes, int sendBufferBytes, int recvBufferBytes,
                              VersionFloor floor) {
        this(address, clientId, maxInFlight, requestTimeout, connectTimeout, maxFrameBytes, sendBufferBytes,
                recvBufferBytes, floor, ConnectionSecurity.PLAINTEXT);
    }

    /**
     * A copy with other security.
     *
     * @param other TLS and SASL
     * @return the copy
     */
    public ConnectionSettings withSecurity(ConnectionSecurity other) {
        return new ConnectionSettings(address, clientId, maxInFlight, requestTimeout, connectTimeout, maxFrameBytes,
                sendBufferBytes, recvBufferBytes, floor, other);
    }

    /**
     * Settings with the driver's defaults for everything but the address and client id.
     *
     * @param address  the broker's address
     * @param clientId the client id
     * @return the settings
     */
    public static ConnectionSettings defaults(InetSocketAddress address, String clientId) {
        return new ConnectionSettings(address, clientId, 5, Duration.ofSeconds(20), Duration.ofSeconds(10),
                100 * 1024 * 1024, 0, 0, VersionFloor.NONE);
    }

    /**
     * A copy with another request timeout.
     *
     * @param timeout the timeout
     * @return the copy
     */
    public ConnectionSettings withRequestTimeout(Duration timeout) {
        return new ConnectionSettings(address, clientId, maxInFlight, timeout, connectTimeout, maxFrameBytes,
                sendBufferBytes, recvBufferBytes, floor, security);
    }

    /**
     * A copy for another broker.
     *
     * @param other the broker's address
     * @return the copy
     */
    public ConnectionSettings withAddress(InetSocketAddress other) {
        return new ConnectionSettings(other, clientId, maxInFlight, requestTimeout, connectTimeout, maxFrameBytes,
                sendBufferBytes, recvBufferBytes, floor, security);
    }

    /**
     * A copy with another protocol floor.
     *
     * @param other the floor
     * @return the copy
     */
    public ConnectionSettings withFloor(VersionFloor other) {
        return new ConnectionSettings(address, clientId, maxInFlight, requestTimeout, connectTimeout, maxFrameBytes,
                sendBufferBytes, recvBufferBytes, other, security);
    }

    /**
     * A copy with another in-flight limit.
     *
     * @param max the limit
     * @return the copy
     */
    public ConnectionSettings withMaxInFlight(int max) {
        return new ConnectionSettings(address, clientId, max, requestTimeout, connectTimeout, maxFrameBytes,
                sendBufferBytes, recvBufferBytes, floor, security);
    }
}
