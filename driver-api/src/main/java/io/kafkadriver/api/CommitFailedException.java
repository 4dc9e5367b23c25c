/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A consumer-group commit did not land: the message names the group and why (a rebalance took the partition away,
 * the member was dropped from the group, the coordinator stayed unreachable within the request timeout...).
 */
public final class CommitFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed commit.
     *
     * @param message why
     * @param cause   the underlying error, or null
     */
    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
