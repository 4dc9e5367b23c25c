/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * The compression of produced record batches (kafka-sharp's {@code CompressionCodec}, plus zstd).
 */
public enum CompressionCodec {
    /** No compression (the default). */
    NONE,
    /** gzip. */
    GZIP,
    /** snappy, in the xerial framing Kafka uses. */
    SNAPPY,
    /** lz4, in the frame format Kafka uses. */
    LZ4,
    /** zstd; needs a broker that takes Produce v7 (Kafka 2.1+). */
    ZSTD
}
