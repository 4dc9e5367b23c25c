/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The record batches of a fetched {@code records} field, read lazily. A truncated batch at the end (the broker cuts a
 * fetch at its size limit) is not an error: iteration just stops before it.
 *
 * <p>Legacy message sets (magic 0 and 1) come out as {@link LegacyRecordBatch}es, one per entry.
 */
public final class RecordBatches implements Iterable<RecordBatch> {
    private static final int LOG_OVERHEAD = 12;
    private final ByteBuffer records;

    private RecordBatches(ByteBuffer records) {
        this.records = records.slice();
    }

    /**
     * Views the batches of a buffer (from its position to its limit, without moving it).
     *
     * @param records the bytes of a records field
     * @return the batches
     */
    public static RecordBatches of(ByteBuffer records) {
        return new RecordBatches(records);
    }

    @Override
    public Iterator<RecordBatch> iterator() {
        return new Iterator<>() {
            private int position;

            @Override
            public boolean hasNext() {
                if (records.limit() - position < LOG_OVERHEAD + 5) {
                    return false;
                }
                int batchLength = records.getInt(position + 8);
                if (batchLength < 0) {
                    throw new DecodeException("negative record batch length " + batchLength + " at byte " + position);
                }
                return (long) position + LOG_OVERHEAD + batchLength <= records.limit();
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int batchLength = records.getInt(position + 8);
                byte magic = records.get(position + 16);
                if (magic == 0 || magic == 1) {
                    ByteBuffer legacy = records.duplicate().position(position)
                            .limit(position + LOG_OVERHEAD + batchLength).slice();
                    position += LOG_OVERHEAD + batchLength;
                    return new LegacyRecordBatch(legacy);
                }
                if (magic != 2) {
                    throw new DecodeException("record batch at byte " + position + " has unknown magic " + magic);
                }
                if (batchLength < RecordBatchBuilder.HEADER_BYTES - LOG_OVERHEAD) {
                    throw new DecodeException("record batch at byte " + position + " is " + batchLength
                            + " bytes long, shorter than its header");
                }
                ByteBuffer batch = records.duplicate().position(position).limit(position + LOG_OVERHEAD + batchLength)
                        .slice();
                position += LOG_OVERHEAD + batchLength;
                return new DefaultRecordBatch(batch);
            }
        };
    }
}
