/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * How a record without an explicit partition gets one.
 */
public enum PartitionerStrategy {
    /** Keyed records go by murmur2 of the key, as the official Java client places them; records without a key go round robin. The default. */
    KEY_HASH,
    /** Every record goes round robin, keyed or not (kafka-sharp's behaviour). */
    ROUND_ROBIN
}
