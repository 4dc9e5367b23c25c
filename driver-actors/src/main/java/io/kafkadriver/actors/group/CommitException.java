/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

/** A commit did not land; the message says why and whether a retry can help. */
public final class CommitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed commit.
     *
     * @param message why
     */
    public CommitException(String message) {
        super(message);
    }
}
