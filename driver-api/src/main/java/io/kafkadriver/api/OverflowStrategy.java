/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * What {@code produce} does when {@code maxBufferedMessages} records are already buffered (kafka-sharp's
 * {@code OverflowStrategy}).
 */
public enum OverflowStrategy {
    /** Wait for room, at most {@code overflowBlockTimeout}, then fail (kafka-sharp's default). */
    BLOCK,
    /** Return false at once and raise the discard event. */
    DISCARD
}
