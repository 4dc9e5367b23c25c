/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The records one Fetch brought for one partition, still encoded: decoded lazily, on the delivery thread, by
 * {@link ChunkDecoder}. Its bytes count against the {@link FetchBudget} until {@link #done} is called.
 *
 * @param topic      the topic
 * @param partition  the partition
 * @param records    the record batches as fetched
 * @param fromOffset records before this offset are skipped (a batch may start before the fetch offset)
 * @param nextOffset the offset after the last complete batch
 * @param aborted    aborted transactions listed by the broker (read committed), or empty
 * @param bytes      what it counts against the budget
 * @param done       to run once delivered or dropped
 */
public record FetchedChunk(String topic, int partition, ByteBuffer records, long fromOffset, long nextOffset,
                           List<AbortedTransaction> aborted, int bytes, Runnable done) {

    /**
     * An aborted transaction from a Fetch response.
     *
     * @param producerId  the producer
     * @param firstOffset the first offset of the transaction
     */
    public record AbortedTransaction(long producerId, long firstOffset) {
    }
}
