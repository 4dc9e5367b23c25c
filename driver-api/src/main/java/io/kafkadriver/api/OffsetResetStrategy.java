/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * Where a consumer restarts when its offset is out of range (kafka-sharp's {@code OffsetOutOfRangeStrategy}).
 */
public enum OffsetResetStrategy {
    /** The earliest offset still in the log (kafka-sharp's default). */
    EARLIEST,
    /** The end of the log: only new records. */
    LATEST,
    /** Do not reset: stop the partition and report it. */
    NONE
}
