/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import io.kafkadriver.protocol.record.RecordBatch;
import io.kafkadriver.protocol.record.RecordBatches;
import io.kafkadriver.protocol.record.RecordVisitor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Decodes a {@link FetchedChunk} into records, in offset order: every codec and the legacy v0/v1 message sets
 * (through {@link RecordBatches}), skipping records before the fetch offset, control batches, and, under read
 * committed, the batches of aborted transactions (from each aborted transaction's first offset to its producer's
 * next control marker).
 */
public final class ChunkDecoder {
    private final int maxDecompressedBytes;

    /**
     * Creates a decoder.
     *
     * @param maxDecompressedBytes the most bytes one batch may inflate to (a decompression bomb is refused)
     */
    public ChunkDecoder(int maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /**
     * Decodes a chunk's deliverable records one at a time, key and value straight into arrays (no intermediate
     * record objects): the delivery's fast path.
     *
     * @param chunk         the chunk
     * @param readCommitted whether aborted transactional batches are skipped
     * @param visitor       receives each record at or after the chunk's fetch offset, in offset order
     * @throws io.kafkadriver.protocol.DecodeException when the bytes are corrupt
     */
    public void decodeEach(FetchedChunk chunk, boolean readCommitted, RecordVisitor visitor) {
        long from = chunk.fromOffset();
        RecordVisitor skipping = (offset, timestamp, key, value, headers) -> {
            if (offset >= from) {
                visitor.record(offset, timestamp, key, value, headers);
            }
        };
        for (RecordBatch batch : deliverable(chunk, readCommitted)) {
            batch.forEachRecord(maxDecompressedBytes, batch.baseOffset() >= from ? visitor : skipping);
        }
    }

    /** The batches of a chunk whose records are delivered: not before the fetch offset, not control, not aborted. */
    private List<RecordBatch> deliverable(FetchedChunk chunk, boolean readCommitted) {
        PriorityQueue<FetchedChunk.AbortedTransaction> aborted = new PriorityQueue<>(
                (a, b) -> Long.compare(a.firstOffset(), b.firstOffset()));
        if (readCommitted && chunk.aborted() != null) {
            aborted.addAll(chunk.aborted());
        }
        Set<Long> abortedProducers = new HashSet<>();
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.of(chunk.records())) {
            if (batch.lastOffset() < chunk.fromOffset()) {
                continue;
            }
            if (readCommitted) {
                while (!aborted.isEmpty() && aborted.peek().firstOffset() <= batch.lastOffset()) {
                    abortedProducers.add(aborted.poll().producerId());
                }
                if (batch.isControl()) {
                    abortedProducers.remove(batch.producerId());
                    continue;
                }
                if (batch.isTransactional() && abortedProducers.contains(batch.producerId())) {
                    continue;
                }
            } else if (batch.isControl()) {
                continue;
            }
            out.add(batch);
        }
        return out;
    }

    /**
     * The offset after the last complete batch of a fetched partition, read from the batch headers (no
     * decompression), having checked the checksum of every complete batch (CRC-32C, or CRC-32 per legacy
     * message) and the offsets the checksum does not cover, so that bytes corrupted on their way from the broker's
     * log are not delivered:
     * <ul>
     *   <li>each batch comes after the one before it (a gap is allowed: the log cleaner leaves them);</li>
     *   <li>a batch below the high watermark is accepted as such; one at or above it only when it follows the batch
     *       before it with no gap (or, first in the answer, holds the fetch offset). The broker takes the high
     *       watermark it reports <em>before</em> it reads its log, up to the high watermark of the moment, so
     *       batches appended meanwhile come back above the reported one; they are new, hence never compacted, so
     *       they follow each other exactly, and a base offset moved by corruption breaks the chain.</li>
     * </ul>
     *
     * @param records       the fetched records
     * @param fetchOffset   the offset the partition was fetched from
     * @param highWatermark the partition's high watermark in the same answer, or -1 when unknown
     * @return the offset after the last complete batch, or -1 when there is none
     * @throws io.kafkadriver.protocol.DecodeException naming the batch whose checksum or offsets are wrong
     */
    public static long verifiedNextOffset(java.nio.ByteBuffer records, long fetchOffset, long highWatermark) {
        long next = -1;
        for (RecordBatch batch : RecordBatches.of(records)) {
            batch.verify();
            // A legacy compressed wrapper's base offset needs its records decompressed: its last offset only.
            boolean v2 = batch.magic() >= 2;
            boolean overlaps = batch.lastOffset() < next
                    || (v2 && (batch.baseOffset() < next || batch.lastOffset() < batch.baseOffset()));
            boolean aboveHighWatermark = highWatermark >= 0 && batch.lastOffset() >= highWatermark;
            if (overlaps || (aboveHighWatermark && !followsExactly(batch, v2, next, fetchOffset))) {
                throw new io.kafkadriver.protocol.DecodeException("record batch at offset " + batch.baseOffset()
                        + " (last " + batch.lastOffset() + ") does not follow offset " + (next - 1)
                        + (next < 0 ? " (fetched from " + fetchOffset + ")" : "")
                        + " below the high watermark " + highWatermark);
            }
            next = batch.lastOffset() + 1;
        }
        return next;
    }

    /** A batch right after the one before (first: holding the fetch offset), with no gap. */
    private static boolean followsExactly(RecordBatch batch, boolean v2, long next, long fetchOffset) {
        if (next < 0) {
            return batch.lastOffset() >= fetchOffset && (!v2 || batch.baseOffset() <= fetchOffset);
        }
        return !v2 || batch.baseOffset() == next;
    }
}
