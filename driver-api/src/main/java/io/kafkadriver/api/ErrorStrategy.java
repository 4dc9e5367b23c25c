/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * What the producer does with records whose send failed (kafka-sharp's {@code ErrorStrategy}).
 */
public enum ErrorStrategy {
    /** Drop them on the first irrecoverable error, raising the discard event (kafka-sharp's default). */
    DISCARD,
    /** Retry them until their time to live runs out, then raise the expiry event. */
    RETRY
}
