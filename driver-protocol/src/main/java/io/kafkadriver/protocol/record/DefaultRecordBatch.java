/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A view of one RecordBatch v2 (magic 2) inside a fetched buffer: the header fields are read in place; the records
 * are decoded only when {@link #records(int)} or {@link #forEachRecord} is called, decompressing the records section
 * once per call, if compressed. Both read the records with absolute gets, no buffer view per record:
 * {@code records} decompresses into an array of the batch's own and hands out read-only slices of it;
 * {@code forEachRecord}, the consumer's path, decompresses into the thread's reused array and copies each key and
 * value out.
 */
public final class DefaultRecordBatch implements RecordBatch {
    private final ByteBuffer batch;

    DefaultRecordBatch(ByteBuffer batch) {
        this.batch = batch;
    }

    /** @return the offset of the first record */
    @Override
    public long baseOffset() {
        return batch.getLong(0);
    }

    /** @return the offset of the last record */
    @Override
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** @return the leader epoch the broker stamped, or -1 */
    public int partitionLeaderEpoch() {
        return batch.getInt(12);
    }

    /** @return the magic byte, 2 */
    @Override
    public byte magic() {
        return batch.get(16);
    }

    /** @return the attributes */
    public short attributes() {
        return batch.getShort(21);
    }

    /** @return the compression codec */
    @Override
    public CompressionCodec codec() {
        return CompressionCodec.forId(attributes() & 0x07);
    }

    /** @return true when the timestamps are the broker's LogAppendTime */
    public boolean isLogAppendTime() {
        return (attributes() & 0x08) != 0;
    }

    /** @return true for a transactional batch */
    @Override
    public boolean isTransactional() {
        return (attributes() & 0x10) != 0;
    }

    /** @return true for a control batch (transaction markers), which applications never see */
    @Override
    public boolean isControl() {
        return (attributes() & 0x20) != 0;
    }

    /** @return the last offset delta */
    public int lastOffsetDelta() {
        return batch.getInt(23);
    }

    /** @return the first record's timestamp (or the delete horizon, see KIP-534) */
    public long baseTimestamp() {
        return batch.getLong(27);
    }

    /** @return the largest timestamp */
    public long maxTimestamp() {
        return batch.getLong(35);
    }

    /** @return the producer id, or -1 */
    @Override
    public long producerId() {
        return batch.getLong(43);
    }

    /** @return the producer epoch, or -1 */
    public short producerEpoch() {
        return batch.getShort(51);
    }

    /** @return the base sequence, or -1 */
    public int baseSequence() {
        return batch.getInt(53);
    }

    /** @return the number of records the header declares */
    public int recordCount() {
        return batch.getInt(57);
    }

    /** @return the whole batch size in bytes */
    public int sizeInBytes() {
        return batch.remaining();
    }

    /**
     * Checks the CRC-32C over bytes [21, end).
     *
     * @throws DecodeException on a mismatch, naming both values
     */
    @Override
    public void verify() {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        int stored = batch.getInt(17);
        if ((int) crc.getValue() != stored) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": CRC mismatch (stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue()) + ")");
        }
    }

    /**
     * Decodes the records. Keys and values are read-only views of the batch (uncompressed) or of an array of the
     * batch's own decompressed bytes, valid as long as the caller keeps them.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @return the records, in offset order
     * @throws DecodeException when the records are malformed
     */
    @Override
    public List<Record> records(int maxDecompressedBytes) {
        int count = checkedCount();
        if (count == 0) {
            return new ArrayList<>(0);
        }
        ByteBuffer section = batch.duplicate().position(RecordBatchBuilder.HEADER_BYTES).slice();
        if (codec() != CompressionCodec.NONE) {
            section = codec().decompress(section, maxDecompressedBytes);
        }
        ByteBuffer view = section.asReadOnlyBuffer();
        List<Record> out = new ArrayList<>(count);
        parse(view, count, (offset, timestamp, b, keyAt, keyLength, valueAt, valueLength, headers) -> out.add(
                new Record(offset, timestamp, keyLength < 0 ? null : b.slice(keyAt, keyLength),
                        valueLength < 0 ? null : b.slice(valueAt, valueLength), headers)));
        return out;
    }

    /**
     * Decodes the records one at a time, key and value copied into arrays of their own: a compressed section is
     * decompressed into the decoding thread's reused array ({@link CompressionCodec#withDecompressed}), which no
     * record refers to once this returns.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @param visitor              receives each record
     * @throws DecodeException when the records are malformed
     */
    @Override
    public void forEachRecord(int maxDecompressedBytes, RecordVisitor visitor) {
        int count = checkedCount();
        if (count == 0) {
            return;
        }
        ByteBuffer section = batch.duplicate().position(RecordBatchBuilder.HEADER_BYTES).slice();
        codec().withDecompressed(section, maxDecompressedBytes, records -> parse(records, count,
                (offset, timestamp, b, keyAt, keyLength, valueAt, valueLength, headers) -> visitor.record(offset,
                        timestamp, copy(b, keyAt, keyLength), copy(b, valueAt, valueLength), headers)));
    }

    /**
     * The record count, after checking that it fits the last offset delta: at most one record per offset. A batch
     * the log cleaner rewrote (a compacted topic) keeps its last offset delta and holds fewer records, with gaps
     * between their offsets; one it emptied holds none. A batch of no records is not decompressed (as Kafka's reader
     * does not): its section may be empty whatever its codec bits say.
     */
    private int checkedCount() {
        int count = recordCount();
        if (count < 0 || count > lastOffsetDelta() + 1L) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": record count " + count
                    + " does not fit last offset delta " + lastOffsetDelta());
        }
        return count;
    }

    /** Receives one record's fields, key and value as places in the records section (length -1 for null). */
    @FunctionalInterface
    private interface Fields {
        void record(long offset, long timestamp, ByteBuffer section, int keyAt, int keyLength, int valueAt,
                    int valueLength, List<Header> headers);
    }

    /**
     * Reads {@code count} records from {@code section} (positioned at 0) with absolute gets: no buffer view per
     * record. Every length is checked against the bytes left before it is used.
     */
    private void parse(ByteBuffer section, int count, Fields sink) {
        int limit = section.limit();
        if (count > limit) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": " + count
                    + " records cannot fit in " + limit + " bytes");
        }
        long base = baseOffset();
        boolean logAppend = isLogAppendTime();
        long baseTs = logAppend ? maxTimestamp() : baseTimestamp();
        int[] pos = {0};
        int lastDelta = lastOffsetDelta();
        int previousDelta = -1;
        try {
            for (int i = 0; i < count; i++) {
                int length = zigzag(varint(section, pos, limit));
                int end = pos[0] + length;
                if (length < 0 || end > limit) {
                    throw new DecodeException("record length " + length + " exceeds the " + (limit - pos[0])
                            + " bytes left");
                }
                pos[0]++; // attributes, unused
                long timestampDelta = zigzag64(varlong(section, pos, end));
                int offsetDelta = zigzag(varint(section, pos, end));
                if (offsetDelta <= previousDelta || offsetDelta > lastDelta) {
                    throw new DecodeException("record batch at offset " + base + ": record offset delta "
                            + offsetDelta + " after " + previousDelta + " (last offset delta " + lastDelta + ")");
                }
                previousDelta = offsetDelta;
                int keyLength = length(section, pos, end, "key");
                int keyAt = pos[0];
                pos[0] += Math.max(0, keyLength);
                int valueLength = length(section, pos, end, "value");
                int valueAt = pos[0];
                pos[0] += Math.max(0, valueLength);
                List<Header> headers = headers(section, pos, end);
                if (pos[0] != end) {
                    throw new DecodeException("record at offset " + (base + offsetDelta) + " is " + length
                            + " bytes long but its fields take " + (length - (end - pos[0])));
                }
                sink.record(base + offsetDelta, logAppend ? baseTs : baseTs + timestampDelta, section, keyAt,
                        keyLength, valueAt, valueLength, headers);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException("record batch at offset " + base + ": truncated or malformed record (" + e
                    + ")", e);
        }
    }

    private static List<Header> headers(ByteBuffer section, int[] pos, int end) {
        int headerCount = zigzag(varint(section, pos, end));
        if (headerCount < 0 || headerCount > end - pos[0]) {
            throw new DecodeException("record header count " + headerCount + " is invalid");
        }
        if (headerCount == 0) {
            return Collections.emptyList();
        }
        List<Header> headers = new ArrayList<>(headerCount);
        for (int h = 0; h < headerCount; h++) {
            int keyLength = length(section, pos, end, "header key");
            if (keyLength < 0) {
                throw new DecodeException("a record header key is null");
            }
            byte[] key = copy(section, pos[0], keyLength);
            pos[0] += keyLength;
            int valueLength = length(section, pos, end, "header value");
            byte[] value = copy(section, pos[0], valueLength);
            pos[0] += Math.max(0, valueLength);
            headers.add(new Header(new String(key, StandardCharsets.UTF_8), value));
        }
        return headers;
    }

    /** An unsigned varint at {@code pos[0]}, read with absolute gets; moves {@code pos[0]}. */
    private static int varint(ByteBuffer b, int[] pos, int limit) {
        int p = pos[0];
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= limit) {
                throw new DecodeException("truncated varint");
            }
            byte x = b.get(p++);
            value |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                pos[0] = p;
                return value;
            }
        }
        throw new DecodeException("malformed varint: more than 5 bytes");
    }

    private static long varlong(ByteBuffer b, int[] pos, int limit) {
        int p = pos[0];
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p >= limit) {
                throw new DecodeException("truncated varlong");
            }
            byte x = b.get(p++);
            value |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                pos[0] = p;
                return value;
            }
        }
        throw new DecodeException("malformed varlong: more than 10 bytes");
    }

    private static int zigzag(int raw) {
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long zigzag64(long raw) {
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A length prefix at {@code pos[0]}: -1 (null) or a length that fits before {@code limit}; moves past it. */
    private static int length(ByteBuffer b, int[] pos, int limit, String what) {
        int n = zigzag(varint(b, pos, limit));
        if (n < -1) {
            throw new DecodeException("negative " + what + " length " + n);
        }
        if (n > limit - pos[0]) {
            throw new DecodeException(what + " length " + n + " exceeds the " + (limit - pos[0]) + " bytes left");
        }
        return n;
    }

    /** {@code b[at, at + length)} in an array of its own; null for length -1. */
    private static byte[] copy(ByteBuffer b, int at, int length) {
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        b.get(at, out);
        return out;
    }
}
