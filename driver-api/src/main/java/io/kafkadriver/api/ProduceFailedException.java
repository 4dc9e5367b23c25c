/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A record was not acknowledged: discarded, expired, refused by a full buffer, or the client closed. Completes the
 * future of {@code ClusterClient.send}, and is thrown by {@code produce} when the {@code BLOCK} overflow wait runs
 * out.
 */
public final class ProduceFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean expired;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param cause   the underlying error, or null
     * @param expired whether the record's TTL ran out (rather than it being discarded)
     */
    public ProduceFailedException(String message, Throwable cause, boolean expired) {
        super(message, cause);
        this.expired = expired;
    }

    /**
     * Whether the record expired (its {@code messageTtl} ran out) rather than being discarded.
     *
     * @return true for an expiry
     */
    public boolean expired() {
        return expired;
    }
}
