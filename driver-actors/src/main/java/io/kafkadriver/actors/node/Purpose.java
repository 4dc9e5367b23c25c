/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.node;

/**
 * Which connection to a broker a request travels on. Each purpose has its own TCP connection, so that a long-poll
 * Fetch never delays a Produce or a Metadata request.
 */
public enum Purpose {
    /** Produce requests. */
    PRODUCE("produce"),
    /** Fetch requests. */
    FETCH("fetch"),
    /**
     * Metadata, ListOffsets lookups, FindCoordinator and admin requests. (A consumer group's coordination traffic
     * runs on its member's own coordinator connection, so one group's held JoinGroup never delays another's
     * heartbeats.)
     */
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
