/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.types.Varint;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A view of one RecordBatch v2 (magic 2) inside a fetched buffer: the header fields are read in place; the records
 * are decoded only when {@link #records(int)} is called (decompressing the records section once, if compressed).
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
     * Decodes the records.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @return the records, in offset order
     * @throws DecodeException when the records are malformed
     */
    @Override
    public List<Record> records(int maxDecompressedBytes) {
        int count = recordCount();
        ByteBuffer section = recordsSection(maxDecompressedBytes);
        List<Record> out = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                out.add(readRecord(section));
            }
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": truncated or malformed record ("
                    + e + ")", e);
        }
        return out;
    }

    /**
     * The records section, decompressed, after checking that the record count agrees with the last offset delta and
     * fits in the section.
     *
     * @param maxDecompressedBytes the most bytes a compressed section may inflate to
     * @return the section, positioned at 0
     * @throws DecodeException when the count is inconsistent or the section cannot hold it
     */
    private ByteBuffer recordsSection(int maxDecompressedBytes) {
        int count = recordCount();
        if (count < 0 || count != lastOffsetDelta() + 1) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": record count " + count
                    + " does not match last offset delta " + lastOffsetDelta());
        }
        ByteBuffer section = batch.duplicate().position(RecordBatchBuilder.HEADER_BYTES).slice();
        if (codec() != CompressionCodec.NONE) {
            section = codec().decompress(section, maxDecompressedBytes);
        }
        if (count > section.remaining()) {
            throw new DecodeException("record batch at offset " + baseOffset() + ": " + count
                    + " records cannot fit in " + section.remaining() + " bytes");
        }
        return section;
    }

    @Override
    public void forEachRecord(int maxDecompressedBytes, RecordVisitor visitor) {
        int count = recordCount();
        ByteBuffer section = recordsSection(maxDecompressedBytes);
        long base = baseOffset();
        long baseTs = isLogAppendTime() ? maxTimestamp() : baseTimestamp();
        boolean logAppend = isLogAppendTime();
        int[] pos = {0};
        int limit = section.limit();
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
                byte[] key = bytes(section, pos, end, "key");
                byte[] value = bytes(section, pos, end, "value");
                int headerCount = zigzag(varint(section, pos, end));
                if (headerCount < 0 || headerCount > end - pos[0]) {
                    throw new DecodeException("record header count " + headerCount + " is invalid");
                }
                List<Header> headers = Collections.emptyList();
                if (headerCount > 0) {
                    headers = new ArrayList<>(headerCount);
                    for (int h = 0; h < headerCount; h++) {
                        byte[] k = bytes(section, pos, end, "header key");
                        if (k == null) {
                            throw new DecodeException("a record header key is null");
                        }
                        headers.add(new Header(new String(k, StandardCharsets.UTF_8), bytes(section, pos, end,
                                "header value")));
                    }
                }
                if (pos[0] != end) {
                    throw new DecodeException("record at offset " + (base + offsetDelta) + " is " + length
                            + " bytes long but its fields take " + (length - (end - pos[0])));
                }
                visitor.record(base + offsetDelta, logAppend ? baseTs : baseTs + timestampDelta, key, value, headers);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException("record batch at offset " + base + ": truncated or malformed record (" + e
                    + ")", e);
        }
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

    private static byte[] bytes(ByteBuffer b, int[] pos, int limit, String what) {
        int n = zigzag(varint(b, pos, limit));
        if (n < 0) {
            if (n == -1) {
                return null;
            }
            throw new DecodeException("negative " + what + " length " + n);
        }
        if (n > limit - pos[0]) {
            throw new DecodeException(what + " length " + n + " exceeds the " + (limit - pos[0]) + " bytes left");
        }
        byte[] out = new byte[n];
        b.get(pos[0], out);
        pos[0] += n;
        return out;
    }

    private Record readRecord(ByteBuffer in) {
        int length = Varint.readVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new DecodeException("record length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        ByteBuffer body = in.duplicate().limit(in.position() + length).slice();
        in.position(in.position() + length);
        body.get(); // attributes, unused
        long timestampDelta = Varint.readVarlong(body);
        int offsetDelta = Varint.readVarint(body);
        ByteBuffer key = readBytes(body, "key");
        ByteBuffer value = readBytes(body, "value");
        int headerCount = Varint.readVarint(body);
        if (headerCount < 0 || headerCount > body.remaining()) {
            throw new DecodeException("record header count " + headerCount + " is invalid");
        }
        List<Header> headers = headerCount == 0 ? Collections.emptyList() : new ArrayList<>(headerCount);
        for (int i = 0; i < headerCount; i++) {
            ByteBuffer k = readBytes(body, "header key");
            if (k == null) {
                throw new DecodeException("a record header key is null");
            }
            ByteBuffer v = readBytes(body, "header value");
            byte[] value2 = null;
            if (v != null) {
                value2 = new byte[v.remaining()];
                v.get(value2);
            }
            headers.add(new Header(StandardCharsets.UTF_8.decode(k).toString(), value2));
        }
        long timestamp = isLogAppendTime() ? maxTimestamp() : baseTimestamp() + timestampDelta;
        return new Record(baseOffset() + offsetDelta, timestamp, key, value, headers);
    }

    private static ByteBuffer readBytes(ByteBuffer in, String what) {
        int n = Varint.readVarint(in);
        if (n < 0) {
            if (n == -1) {
                return null;
            }
            throw new DecodeException("negative " + what + " length " + n);
        }
        if (n > in.remaining()) {
            throw new DecodeException(what + " length " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        ByteBuffer slice = in.duplicate().limit(in.position() + n).slice().asReadOnlyBuffer();
        in.position(in.position() + n);
        return slice;
    }
}
