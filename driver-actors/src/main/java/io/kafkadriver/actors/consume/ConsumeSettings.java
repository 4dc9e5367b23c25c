/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import java.time.Duration;
import java.util.Objects;

/**
 * What the consumer actors need from the configuration.
 *
 * @param fetchMaxWait      longest a broker holds a Fetch while less than {@code fetchMinBytes} is ready
 * @param fetchMinBytes     least data a broker should return
 * @param fetchMaxBytes     most data in one Fetch response, all partitions together
 * @param partitionMaxBytes most data per partition in one Fetch response (FetchMessageMaxBytes)
 * @param bufferBudgetBytes fetched but undelivered bytes, all partitions and brokers together; fetching waits above it
 * @param reset             where a partition goes when its offset is out of range
 * @param readCommitted     read only committed transactional data (isolation level 1)
 * @param retryBackoff      wait before fetching again after a failed Fetch
 * @param stallWarning      a partition with lag that has not advanced for this long is logged as stalled
 * @param maxChunksPerPartition fetched responses per partition waiting for delivery before the partition is no
 *                          longer fetched (the listener throttling)
 * @param lookupBatchSize   the most partitions in one offset lookup (ListOffsets) request to a broker
 *                          (ConsumeBatchSize)
 * @param lookupBufferingTime the longest a lookup waits for others to fill its request (ConsumeBufferingTime;
 *                          zero sends at once)
 */
public record ConsumeSettings(Duration fetchMaxWait, int fetchMinBytes, int fetchMaxBytes, int partitionMaxBytes,
                              long bufferBudgetBytes, OffsetReset reset, boolean readCommitted,
                              Duration retryBackoff, Duration stallWarning, int maxChunksPerPartition,
                              int lookupBatchSize, Duration lookupBufferingTime) {
    /** Where to go when a partition's offset is out of range. */
    public enum OffsetReset {
        /** The earliest offset still in the log. */
        EARLIEST,
        /** The end of the log. */
        LATEST,
        /** Stop the partition with an error. */
        NONE
    }

    /**
     * Checks the values.
     */
    public ConsumeSettings {
        Objects.requireNonNull(fetchMaxWait, "fetchMaxWait");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(stallWarning, "stallWarning");
        Objects.requireNonNull(lookupBufferingTime, "lookupBufferingTime");
        if (fetchMaxBytes < 1 || partitionMaxBytes < 1 || bufferBudgetBytes < 1 || maxChunksPerPartition < 1
                || lookupBatchSize < 1) {
            throw new IllegalArgumentException("fetchMaxBytes, partitionMaxBytes, bufferBudgetBytes,"
                    + " maxChunksPerPartition and lookupBatchSize must be at least 1");
        }
    }

    /**
     * Defaults for tests and tools: kafka-sharp's fetch settings, a 100 MiB budget, reset to earliest, lookups of
     * at most 10 partitions sent at once.
     *
     * @return the settings
     */
    public static ConsumeSettings defaults() {
        return new ConsumeSettings(Duration.ofMillis(100), 1, 50 * 1024 * 1024, 1024 * 1024, 100L * 1024 * 1024,
                OffsetReset.EARLIEST, false, Duration.ofMillis(100), Duration.ofSeconds(30), 2, 10, Duration.ZERO);
    }

    /**
     * A copy with another budget.
     *
     * @param bytes the budget
     * @return the copy
     */
    public ConsumeSettings withBufferBudget(long bytes) {
        return new ConsumeSettings(fetchMaxWait, fetchMinBytes, fetchMaxBytes, partitionMaxBytes, bytes, reset,
                readCommitted, retryBackoff, stallWarning, maxChunksPerPartition, lookupBatchSize,
                lookupBufferingTime);
    }
}
