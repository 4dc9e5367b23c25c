/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.compress.CompressionCodec;
import java.util.List;

/**
 * One batch of a fetched records field: a RecordBatch v2 ({@link DefaultRecordBatch}), or one entry of a legacy
 * message set, magic 0 or 1 ({@link LegacyRecordBatch}; a compressed wrapper message holds many records).
 */
public sealed interface RecordBatch permits DefaultRecordBatch, LegacyRecordBatch {

    /** @return the offset of the first record */
    long baseOffset();

    /** @return the offset of the last record */
    long lastOffset();

    /** @return the magic byte: 0, 1 or 2 */
    byte magic();

    /** @return the compression codec */
    CompressionCodec codec();

    /** @return true for a control batch (transaction markers; never handed to applications) */
    boolean isControl();

    /** @return true for a transactional batch */
    boolean isTransactional();

    /** @return the producer id, or -1 */
    long producerId();

    /**
     * Checks the batch's checksum (CRC-32C for v2, CRC-32 of each message for v0/v1).
     *
     * @throws io.kafkadriver.protocol.DecodeException on a mismatch
     */
    void verify();

    /**
     * Decodes the records.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @return the records in offset order
     * @throws io.kafkadriver.protocol.DecodeException when they are malformed
     */
    List<Record> records(int maxDecompressedBytes);

    /**
     * Decodes the records one at a time into {@code visitor}, in offset order. The default goes through
     * {@link #records}; the v2 batch reads its bytes directly.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @param visitor              receives each record
     * @throws io.kafkadriver.protocol.DecodeException when the records are malformed
     */
    default void forEachRecord(int maxDecompressedBytes, RecordVisitor visitor) {
        for (Record r : records(maxDecompressedBytes)) {
            visitor.record(r.offset(), r.timestamp(), r.keyBytes(), r.valueBytes(), r.headers());
        }
    }
}
