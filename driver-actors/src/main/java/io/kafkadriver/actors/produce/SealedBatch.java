/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.nio.ByteBuffer;
import java.util.List;

/** A sealed batch: its records and its encoded bytes, kept for retries until it ends. */
final class SealedBatch {
    /** The room between two batches' {@link #seq}: twenty halvings. */
    static final long SPAN = 1L << 20;
    final List<OutgoingRecord> records;
    /** Its bytes; replaced by a copy when an idempotent batch that rode a failed connection is renumbered. */
    ByteBuffer data;
    final long createdMs;
    int attempts;
    Exception lastError;
    /**
     * Set once the batch was part of a request whose connection failed: that connection's stream may still hold its
     * bytes (the write of a dying connection is not known to be over), so its buffer is never pooled again.
     */
    boolean rodeAFailedConnection;

    final long seq;
    /** The room of sequence numbers ({@link #seq}) this batch owns, for its halves when the broker refuses it whole. */
    long span = SPAN;
    /** Its idempotent producer fields, or null: not idempotent, or not numbered yet. */
    SequenceState.Stamp stamp;

    SealedBatch(List<OutgoingRecord> records, ByteBuffer data, long createdMs, long seq) {
        this.seq = seq;
        this.records = records;
        this.data = data;
        this.createdMs = createdMs;
    }
}
