/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch the broker refused whole for its size (MESSAGE_TOO_LARGE: over the topic's {@code max.message.bytes},
 * which the producer cannot know beforehand) is split in two and both halves go again, in order, ahead of the
 * partition's later batches; a half still too large is split again, and a single record too large is discarded with
 * the broker's reason. So one big record, or a topic with a small limit, costs no other record.
 *
 * <p>Idempotent: the refused batch was not written, so its halves take its own sequence range
 * ({@link SequenceState#split}) and the batches after it keep theirs (the broker answers them
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the halves are in, and they are retried in order).
 */
final class BatchSplits {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSplits.class);

    private BatchSplits() {
    }

    /**
     * Splits the batch when the broker refused it for its size and it can be split, putting its halves back at the
     * head of the partition (the caller marks the partition ready).
     *
     * @param q         its partition
     * @param b         the refused batch (not in flight any more)
     * @param errorCode the partition's error code
     * @param pools     where builders and buffers come from and go back
     * @param codec     the producer's codec
     * @return true when split; false to discard it
     */
    static boolean splitIfTooLarge(PartitionQueue q, SealedBatch b, short errorCode, BatchPools pools,
                                   CompressionCodec codec) {
        // 10 MESSAGE_TOO_LARGE, 18 RECORD_LIST_TOO_LARGE.
        if ((errorCode != 10 && errorCode != 18) || b.records.size() < 2 || b.span < 2) {
            return false;
        }
        int half = b.records.size() / 2;
        SequenceState.Stamp[] stamps = b.stamp == null ? null : q.sequences.split(b.stamp, half);
        if (b.stamp != null && stamps == null) {
            return false; // of an earlier epoch: nothing to split into
        }
        SealedBatch first = encode(b, b.records.subList(0, half), b.seq, stamps == null ? null : stamps[0], pools,
                codec);
        SealedBatch second = encode(b, b.records.subList(half, b.records.size()), b.seq + b.span / 2,
                stamps == null ? null : stamps[1], pools, codec);
        LOG.info("the batch of {} record(s) ({} bytes) for {}-{} is over the topic's max.message.bytes: sent again as"
                + " two of {} and {}", b.records.size(), b.data.remaining(), q.topic, q.partition, half,
                b.records.size() - half);
        q.requeue(second);
        q.requeue(first);
        if (!b.rodeAFailedConnection) {
            pools.giveBuffer(b.data);
        }
        return true;
    }

    private static SealedBatch encode(SealedBatch whole, List<OutgoingRecord> records, long seq,
                                      SequenceState.Stamp stamp, BatchPools pools, CompressionCodec codec) {
        RecordBatchBuilder builder = pools.takeBuilder();
        builder.reset(codec);
        for (OutgoingRecord r : records) {
            builder.append(r.timestampMs, r.key, r.value, r.headers);
        }
        if (stamp != null) {
            builder.producer(stamp.producerId(), stamp.epoch(), stamp.baseSequence());
        }
        SealedBatch half = new SealedBatch(new ArrayList<>(records), builder.buildDetached(pools::takeBuffer),
                whole.createdMs, seq);
        half.span = whole.span / 2;
        half.stamp = stamp;
        half.attempts = whole.attempts;
        half.lastError = whole.lastError;
        builder.reset(codec);
        pools.giveBuilder(builder);
        return half;
    }
}
