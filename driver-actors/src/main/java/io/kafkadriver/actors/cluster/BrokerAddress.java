/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import java.util.Objects;

/**
 * A broker as the cluster metadata names it.
 *
 * @param nodeId the broker's node id (seeds, before metadata is known, use negative ids)
 * @param host   the advertised host
 * @param port   the advertised port
 * @param rack   the rack, or {@code null}
 */
public record BrokerAddress(int nodeId, String host, int port, String rack) {
    /**
     * Checks the fields.
     *
     * @param nodeId the node id
     * @param host   the host, not null
     * @param port   the port, 0..65535
     * @param rack   the rack or null
     */
    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port + " for " + host);
        }
    }

    /**
     * The address as {@code host:port}.
     *
     * @return the address
     */
    public String hostPort() {
        return host + ':' + port;
    }
}
