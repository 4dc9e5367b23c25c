/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.types.Varint;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Builds one RecordBatch v2 (magic 2), appending each record straight into a reusable, growing buffer: no per-record
 * intermediate array. {@link #build()} compresses the records section when a codec is set, writes the 61-byte batch
 * header and the CRC-32C, and returns a view of the batch; {@link #reset} makes the builder ready for the next batch
 * without giving its buffers back.
 *
 * <p>Not thread-safe: one builder belongs to one batcher.
 */
public final class RecordBatchBuilder {
    /** Size of the v2 batch header. */
    public static final int HEADER_BYTES = 61;
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;

    private ByteBuffer records = ByteBuffer.allocate(16 * 1024);
    private ByteBuffer out = ByteBuffer.allocate(16 * 1024);
    private final CRC32C crc = new CRC32C();
    private CompressionCodec codec = CompressionCodec.NONE;
    private long producerId = -1;
    private short producerEpoch = -1;
    private int baseSequence = -1;
    private int count;
    private long baseTimestamp;
    private long maxTimestamp;

    /** Creates a builder for an uncompressed, non-idempotent batch. */
    public RecordBatchBuilder() {
    }

    /**
     * Starts a new batch, keeping the buffers.
     *
     * @param newCodec the compression of the batch
     * @return this builder
     */
    public RecordBatchBuilder reset(CompressionCodec newCodec) {
        this.codec = Objects.requireNonNull(newCodec, "codec");
        records.clear();
        count = 0;
        producerId = -1;
        producerEpoch = -1;
        baseSequence = -1;
        return this;
    }

    /**
     * Sets the idempotent producer fields (KIP-98): producer id, epoch and the sequence of the first record.
     *
     * @param id       the producer id
     * @param epoch    the producer epoch
     * @param sequence the base sequence
     * @return this builder
     */
    public RecordBatchBuilder producer(long id, short epoch, int sequence) {
        this.producerId = id;
        this.producerEpoch = epoch;
        this.baseSequence = sequence;
        return this;
    }

    /**
     * Rewrites the idempotent producer fields (KIP-98) of a batch built by this class, and its CRC: for a batch whose
     * producer epoch or sequence changed after it was built (an epoch bump re-numbers the batches not yet
     * acknowledged). The CRC covers the whole batch from its attributes on, so this reads every byte once.
     *
     * @param batch    a RecordBatch v2 from its first byte at {@code position()} to its end at {@code limit()};
     *                 written in place, its position and limit unchanged
     * @param id       the producer id
     * @param epoch    the producer epoch
     * @param sequence the base sequence
     */
    public static void restamp(ByteBuffer batch, long id, short epoch, int sequence) {
        int start = batch.position();
        batch.putLong(start + 43, id);
        batch.putShort(start + 51, epoch);
        batch.putInt(start + 53, sequence);
        CRC32C c = new CRC32C();
        c.update(batch.duplicate().position(start + ATTRIBUTES_OFFSET));
        batch.putInt(start + CRC_OFFSET, (int) c.getValue());
    }

    /**
     * Appends a record.
     *
     * @param timestampMs the record's timestamp (CreateTime)
     * @param key         the key, or null
     * @param value       the value, or null (a tombstone)
     * @param headers     the headers, or null for none
     * @return the encoded size of the record, length prefix included
     */
    public int append(long timestampMs, byte[] key, byte[] value, List<Header> headers) {
        if (count == 0) {
            baseTimestamp = timestampMs;
            maxTimestamp = timestampMs;
        }
        maxTimestamp = Math.max(maxTimestamp, timestampMs);
        long timestampDelta = timestampMs - baseTimestamp;
        int bodySize = 1 + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(count)
                + sizeOfBytes(key) + sizeOfBytes(value) + sizeOfHeaders(headers);
        int total = Varint.sizeOfVarint(bodySize) + bodySize;
        ensure(total);
        Varint.writeVarint(bodySize, records);
        records.put((byte) 0);
        Varint.writeVarlong(timestampDelta, records);
        Varint.writeVarint(count, records);
        putBytes(key);
        putBytes(value);
        putHeaders(headers);
        count++;
        return total;
    }

    /**
     * The number of records appended since the last reset.
     *
     * @return the count
     */
    public int recordCount() {
        return count;
    }

    /**
     * The size of the batch if it were built now without compression; an upper bound for a batcher's size limit.
     *
     * @return bytes
     */
    public int estimatedSizeInBytes() {
        return HEADER_BYTES + records.position();
    }

    /**
     * Builds the batch. The returned buffer is a view of the builder's own memory, valid until the next
     * {@link #reset} or {@link #append}.
     *
     * @return the batch, positioned at 0
     * @throws IllegalStateException when no record was appended (Kafka refuses empty batches)
     */
    public ByteBuffer build() {
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        ByteBuffer section = records.duplicate().flip();
        out.clear();
        out.position(HEADER_BYTES);
        if (codec == CompressionCodec.NONE) {
            ensureOut(section.remaining());
            out.put(section);
        } else if (codec.maxCompressedLength(section.remaining()) >= 0) {
            // lz4, zstd: straight into the output array with the thread's reused context, no stream buffers.
            int n = section.remaining();
            int bound = codec.maxCompressedLength(n);
            ensureOut(bound);
            int written = codec.compress(records.array(), records.arrayOffset(), n, out.array(),
                    out.arrayOffset() + out.position(), bound);
            out.position(out.position() + written);
        } else {
            codec.compress(section, new OutputStream() {
                @Override
                public void write(int b) {
                    ensureOut(1);
                    out.put((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    ensureOut(len);
                    out.put(b, off, len);
                }
            });
        }
        int end = out.position();
        writeHeader(end);
        crc.reset();
        crc.update(out.duplicate().position(ATTRIBUTES_OFFSET).limit(end));
        out.putInt(CRC_OFFSET, (int) crc.getValue());
        return out.duplicate().position(0).limit(end).slice();
    }

    /**
     * Builds the batch into memory of its own, which the caller keeps (for retries, for a zero-copy write) while this
     * builder goes on with the next batch. Uncompressed, the records are copied once, straight into a buffer of the
     * exact size.
     *
     * @return the batch, positioned at 0, backed by an array of exactly its size
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer buildDetached() {
        return buildDetached(ByteBuffer::allocate);
    }

    /**
     * Builds the batch into memory from {@code allocator} (a pool, say), which the caller then owns.
     *
     * @param allocator gives a heap buffer of at least the requested capacity, positioned at 0
     * @return the batch, from position 0 to its size, in the allocated buffer
     * @throws IllegalStateException when no record was appended
     */
    public ByteBuffer buildDetached(java.util.function.IntFunction<ByteBuffer> allocator) {
        if (codec != CompressionCodec.NONE) {
            ByteBuffer built = build();
            ByteBuffer copy = allocator.apply(built.remaining());
            copy.clear().limit(built.remaining());
            copy.put(built).flip();
            return copy;
        }
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        int size = HEADER_BYTES + records.position();
        ByteBuffer target = allocator.apply(size);
        target.clear().limit(size);
        ByteBuffer saved = out;
        out = target;
        try {
            out.position(HEADER_BYTES);
            out.put(records.duplicate().flip());
            writeHeader(size);
            crc.reset();
            crc.update(out.duplicate().position(ATTRIBUTES_OFFSET).limit(size));
            out.putInt(CRC_OFFSET, (int) crc.getValue());
        } finally {
            out = saved;
        }
        return target.position(0).limit(size);
    }

    private void writeHeader(int end) {
        out.putLong(0, 0L);
        out.putInt(8, end - 12);
        out.putInt(12, -1);
        out.put(16, (byte) 2);
        out.putShort(ATTRIBUTES_OFFSET, (short) codec.id());
        out.putInt(23, count - 1);
        out.putLong(27, baseTimestamp);
        out.putLong(35, maxTimestamp);
        out.putLong(43, producerId);
        out.putShort(51, producerEpoch);
        out.putInt(53, baseSequence);
        out.putInt(57, count);
    }

    private static int sizeOfBytes(byte[] b) {
        return b == null ? 1 : Varint.sizeOfVarint(b.length) + b.length;
    }

    private static int sizeOfHeaders(List<Header> headers) {
        if (headers == null) {
            return 1;
        }
        int size = Varint.sizeOfVarint(headers.size());
        for (Header h : headers) {
            int keyBytes = utf8Length(h.key());
            size += Varint.sizeOfVarint(keyBytes) + keyBytes + sizeOfBytes(h.value());
        }
        return size;
    }

    private void putBytes(byte[] b) {
        if (b == null) {
            Varint.writeVarint(-1, records);
        } else {
            Varint.writeVarint(b.length, records);
            records.put(b);
        }
    }

    private void putHeaders(List<Header> headers) {
        if (headers == null) {
            Varint.writeVarint(0, records);
            return;
        }
        Varint.writeVarint(headers.size(), records);
        for (Header h : headers) {
            byte[] key = h.key().getBytes(StandardCharsets.UTF_8);
            Varint.writeVarint(key.length, records);
            records.put(key);
            putBytes(h.value());
        }
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // String.getBytes writes '?' for an unpaired surrogate
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void ensure(int more) {
        if (records.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(records.capacity() * 2, records.position() + more));
            bigger.put(records.flip());
            records = bigger;
        }
    }

    private void ensureOut(int more) {
        if (out.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more));
            bigger.put(out.flip());
            out = bigger;
        }
    }
}
