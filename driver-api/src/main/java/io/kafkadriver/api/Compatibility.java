/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * The oldest Kafka generation kafka-sharp was told to speak to (kafka-sharp's {@code Compatibility}).
 *
 * <p>In this driver the version of every API is negotiated with each broker through ApiVersions, and every supported
 * broker (2.8 to 4.1) is newer than 0.11, so this setting changes nothing on the wire. It is kept so that a
 * kafka-sharp configuration carries over unchanged.
 */
public enum Compatibility {
    /** Kafka 0.8.2 (kafka-sharp's default). */
    V0_8_2,
    /** Kafka 0.10.1: timestamps. */
    V0_10_1,
    /** Kafka 0.11: record batches v2, headers. */
    V0_11_0
}
