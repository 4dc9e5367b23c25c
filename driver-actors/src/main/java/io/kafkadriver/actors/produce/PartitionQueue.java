/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.util.ArrayDeque;
import java.util.List;

/** One partition's batches in this batcher. */
final class PartitionQueue {
    final String topic;
    final int partition;
    final ArrayDeque<SealedBatch> ready = new ArrayDeque<>();
    RecordBatchBuilder builder;
    List<OutgoingRecord> open;
    final ArrayDeque<SealedBatch> inFlight = new ArrayDeque<>();
    long nextBatchSeq;

    /** The order number of the next sealed batch, {@link SealedBatch#SPAN} after the last. */
    long takeBatchSeq() {
        long seq = nextBatchSeq;
        nextBatchSeq += SealedBatch.SPAN;
        return seq;
    }
    boolean retrying;
    int leader = -1;
    long retryAtMs;
    /** The idempotent producer's numbering of this partition's batches (unused without idempotence). */
    final SequenceState sequences = new SequenceState();

    PartitionQueue(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }

    /** Puts a batch back among the ready ones by its sequence, so batches re-sent after a failure keep their order. */
    void requeue(SealedBatch b) {
        if (ready.isEmpty() || ready.peekFirst().seq > b.seq) {
            ready.addFirst(b);
            return;
        }
        List<SealedBatch> all = new java.util.ArrayList<>(ready);
        int at = 0;
        while (at < all.size() && all.get(at).seq < b.seq) {
            at++;
        }
        all.add(at, b);
        ready.clear();
        ready.addAll(all);
    }

    /** Takes every sealed batch's records, in flight or ready, out of the partition (an abort). */
    List<OutgoingRecord> takeSealed() {
        List<OutgoingRecord> all = new java.util.ArrayList<>();
        for (SealedBatch b : inFlight) {
            all.addAll(b.records);
        }
        inFlight.clear();
        for (SealedBatch b : ready) {
            all.addAll(b.records);
        }
        ready.clear();
        return all;
    }
}
