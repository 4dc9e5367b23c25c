package io.kafkadriver.api;

/**
 * Where the consumer starts when it has no committed offset, or when its offset is out of range (kafka-sharp's
 * {@code OffsetOutOfRangeStrategy} and {@code DefaultOffsetToReadFrom}, both {@code Earliest} by default).
 */
public enum AutoOffsetReset {
    /** From the earliest offset still in the log (kafka-sharp's default). */
    EARLIEST,
    /** From the end of the log: only records produced from now on. */
    LATEST,
    /** Fail the partition's consumption with an error instead of guessing. */
    NONE
}
