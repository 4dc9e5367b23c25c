/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * How produce batches are gathered (kafka-sharp's {@code BatchStrategy}).
 */
public enum BatchStrategy {
    /** One batcher per broker (kafka-sharp's default). */
    BY_NODE,
    /** One batcher for all brokers, split per broker when it sends. */
    GLOBAL
}
