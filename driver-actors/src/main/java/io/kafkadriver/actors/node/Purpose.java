/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.node;

/**
 * Which connection to a broker a request travels on. Each purpose has its own TCP connection, so that a long-poll
 * Fetch or a JoinGroup held by the broker for a whole rebalance never delays a Produce or a Metadata request.
 */
public enum Purpose {
    /** Produce requests. */
    PRODUCE("produce"),
    /** Fetch and ListOffsets requests. */
    FETCH("fetch"),
    /** Metadata, group coordination and admin requests. */
    CONTROL("control");

    private final String label;

    Purpose(String label) {
        this.label = label;
    }

    /**
     * The label used in child actor names, e.g. {@code node-3-produce-1}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
