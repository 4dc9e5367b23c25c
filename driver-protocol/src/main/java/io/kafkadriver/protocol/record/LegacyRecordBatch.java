/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * One entry of a legacy message set (magic 0 or 1), read only: old topics and old segments can still return them. A
 * compressed entry is a wrapper message whose value is a compressed inner message set.
 *
 * <p>Offsets: with magic 0 the inner offsets are absolute; with magic 1 they are relative and the wrapper carries the
 * absolute offset of the last inner message (KIP-31), so {@code absolute = wrapper - lastRelative + relative}; a
 * wrapper offset of 0 (some old writers) means the inner offsets are absolute. Timestamps: a LogAppendTime wrapper
 * gives every inner record its own timestamp; otherwise each record keeps its own; magic 0 has none (-1).
 *
 * <p>lz4 inside a magic-0 wrapper carries Kafka's non-standard frame header checksum (KAFKA-1493, KIP-57: computed
 * over the magic number too; Kafka keeps writing it so for magic 0, a 2.8 broker too when it converts to a
 * {@code message.format.version=0.9.0} topic). A standard lz4 frame reader refuses it, so the checksum byte is
 * recomputed over the descriptor before decompressing, as Kafka's own reader ignores it for magic 0.
 */
public final class LegacyRecordBatch implements RecordBatch {
    private static final int MESSAGE_OFFSET = 12;
    /** The lz4 frame magic number, little-endian on the wire. */
    private static final int LZ4_FRAME_MAGIC = 0x184D2204;
    private final ByteBuffer entry;
    private List<Record> decoded;

    LegacyRecordBatch(ByteBuffer entry) {
        this.entry = entry;
        if (entry.remaining() < 17) {
            throw new DecodeException("legacy message entry of " + entry.remaining() + " bytes is too short for a"
                    + " message header");
        }
        int minimum = MESSAGE_OFFSET + (magic() == 0 ? 14 : 22);
        if (entry.remaining() < minimum) {
            throw new DecodeException("legacy message at offset " + entry.getLong(0) + " is " + entry.remaining()
                    + " bytes, shorter than a magic " + magic() + " message (" + minimum + ")");
        }
    }

    private long entryOffset() {
        return entry.getLong(0);
    }

    private byte attributes() {
        return entry.get(17);
    }

    @Override
    public long baseOffset() {
        if (codec() == CompressionCodec.NONE) {
            return entryOffset();
        }
        List<Record> records = records(64 << 20);
        return records.isEmpty() ? entryOffset() : records.get(0).offset();
    }

    @Override
    public long lastOffset() {
        return entryOffset();
    }

    @Override
    public byte magic() {
        return entry.get(16);
    }

    @Override
    public CompressionCodec codec() {
        int id = attributes() & 0x07;
        if (id > 3) {
            throw new DecodeException("legacy message at offset " + entryOffset() + " declares codec " + id
                    + ", which magic " + magic() + " cannot carry");
        }
        return CompressionCodec.forId(id);
    }

    @Override
    public boolean isControl() {
        return false;
    }

    @Override
    public boolean isTransactional() {
        return false;
    }

    @Override
    public long producerId() {
        return -1;
    }

    @Override
    public void verify() {
        verifyMessage(entry, entryOffset());
    }

    private static void verifyMessage(ByteBuffer e, long offset) {
        CRC32 crc = new CRC32();
        crc.update(e.duplicate().position(16));
        int stored = e.getInt(12);
        if ((int) crc.getValue() != stored) {
            throw new DecodeException("legacy message at offset " + offset + ": CRC mismatch (stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue()) + ")");
        }
    }

    @Override
    public List<Record> records(int maxDecompressedBytes) {
        if (decoded == null) {
            decoded = decode(maxDecompressedBytes);
        }
        return decoded;
    }

    private List<Record> decode(int maxDecompressedBytes) {
        Message outer = Message.parse(entry, entryOffset());
        if (codec() == CompressionCodec.NONE) {
            return List.of(new Record(entryOffset(), outer.timestamp(), outer.key(), outer.value(),
                    Collections.emptyList()));
        }
        if (outer.value() == null) {
            throw new DecodeException("compressed legacy message at offset " + entryOffset() + " has no value");
        }
        ByteBuffer compressed = magic() == 0 && codec() == CompressionCodec.LZ4
                ? withStandardLz4HeaderChecksum(outer.value(), entryOffset()) : outer.value();
        ByteBuffer inner = codec().decompress(compressed, maxDecompressedBytes);
        List<Message> messages = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        while (inner.remaining() >= MESSAGE_OFFSET) {
            int size = inner.getInt(inner.position() + 8);
            if (size < 0 || size > inner.remaining() - MESSAGE_OFFSET) {
                break; // a truncated tail, as in a fetch
            }
            ByteBuffer e = inner.duplicate().limit(inner.position() + MESSAGE_OFFSET + size).slice();
            inner.position(inner.position() + MESSAGE_OFFSET + size);
            offsets.add(e.getLong(0));
            messages.add(Message.parse(e, e.getLong(0)));
        }
        boolean relative = magic() == 1 && entryOffset() != 0 && !offsets.isEmpty();
        long shift = relative ? entryOffset() - offsets.get(offsets.size() - 1) : 0;
        boolean logAppendTime = (attributes() & 0x08) != 0;
        List<Record> records = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            long timestamp = magic() == 0 ? -1 : logAppendTime ? outer.timestamp() : m.timestamp();
            records.add(new Record(offsets.get(i) + shift, timestamp, m.key(), m.value(), Collections.emptyList()));
        }
        return records;
    }

    /**
     * A copy of an lz4 frame with its header checksum byte (HC) set as the lz4 frame format defines it: the second
     * byte of xxhash32 (seed 0) over the frame descriptor, FLG to its last field. Kafka's magic-0 frames hash the
     * 4-byte magic number too (KAFKA-1493).
     */
    static ByteBuffer withStandardLz4HeaderChecksum(ByteBuffer frame, long offset) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
        if (copy.remaining() < 7 || copy.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0) != LZ4_FRAME_MAGIC) {
            throw new DecodeException("lz4 in the magic-0 message at offset " + offset + " is not an lz4 frame");
        }
        int flg = copy.get(4) & 0xFF;
        int checksumAt = 6 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        if (checksumAt >= copy.remaining()) {
            throw new DecodeException("lz4 in the magic-0 message at offset " + offset + ": truncated frame header");
        }
        int hash = XXHashFactory.fastestInstance().hash32().hash(copy, 4, checksumAt - 4, 0);
        copy.put(checksumAt, (byte) ((hash >> 8) & 0xFF));
        return copy;
    }

    /** The fields of one legacy message (an entry: offset, size, then the message). */
    private record Message(long timestamp, ByteBuffer key, ByteBuffer value) {
        static Message parse(ByteBuffer e, long offset) {
            if (e.remaining() < MESSAGE_OFFSET + 14) {
                throw new DecodeException("legacy message at offset " + offset + " is " + e.remaining()
                        + " bytes, too short for a message");
            }
            byte magic = e.get(16);
            if (magic == 1 && e.remaining() < MESSAGE_OFFSET + 22) {
                throw new DecodeException("legacy message at offset " + offset + " is too short for magic 1");
            }
            if (magic != 0 && magic != 1) {
                throw new DecodeException("legacy message at offset " + offset + " has magic " + magic);
            }
            int at = magic == 0 ? 18 : 26;
            long timestamp = magic == 0 ? -1 : e.getLong(18);
            ByteBuffer in = e.duplicate().position(at);
            ByteBuffer key = bytes(in, offset, "key");
            ByteBuffer value = bytes(in, offset, "value");
            return new Message(timestamp, key, value);
        }

        private static ByteBuffer bytes(ByteBuffer in, long offset, String what) {
            if (in.remaining() < 4) {
                throw new DecodeException("legacy message at offset " + offset + ": truncated before its " + what);
            }
            int n = in.getInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > in.remaining()) {
                throw new DecodeException("legacy message at offset " + offset + ": " + what + " length " + n
                        + " is invalid with " + in.remaining() + " bytes left");
            }
            ByteBuffer b = in.duplicate().limit(in.position() + n).slice().asReadOnlyBuffer();
            in.position(in.position() + n);
            return b;
        }
    }
}
