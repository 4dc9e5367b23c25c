/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A batcher's pools: batch builders (their growing buffers are kept between batches) and the buffers of sealed
 * batches. A sealed batch's buffer comes back once the broker acknowledged it: by then the connection has written it
 * and holds it no more. Not with acks=0, where the answer only means the request was queued for writing. One batcher
 * owns its pools: not thread-safe.
 */
final class BatchPools {
    /** Sealed-batch buffers kept for reuse. */
    private static final int POOLED_BUFFERS = 32;

    private final ArrayDeque<RecordBatchBuilder> builders = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final boolean reuseBuffers;
    private final int maxBufferBytes;

    /**
     * Creates the pools.
     *
     * @param reuseBuffers   whether acknowledged batches' buffers may be reused (false with acks=0)
     * @param batchBytes     the batch size limit; larger buffers are not kept
     */
    BatchPools(boolean reuseBuffers, int batchBytes) {
        this.reuseBuffers = reuseBuffers;
        this.maxBufferBytes = batchBytes + 4096;
    }

    RecordBatchBuilder takeBuilder() {
        return builders.isEmpty() ? new RecordBatchBuilder() : builders.pop();
    }

    void giveBuilder(RecordBatchBuilder builder) {
        builders.push(builder);
    }

    /** A buffer for a sealed batch: a pooled one when one is large enough, else a new one. */
    ByteBuffer takeBuffer(int size) {
        for (int i = 0, n = buffers.size(); i < n; i++) {
            ByteBuffer b = buffers.pollFirst();
            if (b.capacity() >= size) {
                return b.clear();
            }
            buffers.addLast(b);
        }
        return ByteBuffer.allocate(size);
    }

    /** Gives an acknowledged batch's buffer back. */
    void giveBuffer(ByteBuffer b) {
        if (reuseBuffers && buffers.size() < POOLED_BUFFERS && b.capacity() <= maxBufferBytes) {
            buffers.addLast(b);
        }
    }
}
