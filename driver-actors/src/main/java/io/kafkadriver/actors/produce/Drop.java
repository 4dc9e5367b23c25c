/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.Objects;

/**
 * Why records were dropped instead of acknowledged.
 *
 * @param kind  discarded or expired
 * @param cause the error that led there, naming what happened
 */
public record Drop(Kind kind, Exception cause) {
    /** The two ways a record ends without an acknowledgement, as kafka-sharp's two events. */
    public enum Kind {
        /** Dropped on an error (irrecoverable, retries used up, overflow, client closed). */
        DISCARDED,
        /** Its message TTL ran out before it could be acknowledged. */
        EXPIRED
    }

    /**
     * Checks the fields.
     *
     * @param kind  not null
     * @param cause not null
     */
    public Drop {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
    }

    /**
     * A discard.
     *
     * @param cause why
     * @return the drop
     */
    public static Drop discarded(Exception cause) {
        return new Drop(Kind.DISCARDED, cause);
    }

    /**
     * An expiry.
     *
     * @param cause why
     * @return the drop
     */
    public static Drop expired(Exception cause) {
        return new Drop(Kind.EXPIRED, cause);
    }
}
