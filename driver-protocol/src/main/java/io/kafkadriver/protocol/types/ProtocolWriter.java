/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends Kafka protocol primitives, big-endian, into a reusable growable heap buffer.
 *
 * <p>One writer is meant to live per connection and be {@link #reset()} between requests, so steady-state writing
 * allocates nothing: strings are UTF-8 encoded straight into the buffer, and lengths are computed by a scan rather than
 * by {@code String.getBytes}. Large raw buffers (record batches) are not copied: {@link #writeRaw(ByteBuffer)} closes
 * the current segment and keeps a view of the caller's buffer, so the output is a gather list
 * ({@link #buffers()}) ready for a gathering socket write. Small raw buffers are copied, which is cheaper than a
 * segment. The caller must not modify a buffer it handed to {@code writeRaw} until the output has been consumed.
 *
 * <p>Not thread-safe.
 */
public final class ProtocolWriter {
    /** Raw buffers at least this large are referenced rather than copied. */
    public static final int DEFAULT_ZERO_COPY_THRESHOLD = 4096;

    private ByteBuffer buf;
    /** Where the current (still-growing) segment starts in {@link #buf}. */
    private int segmentStart;
    /** Completed segments, in order; views of {@link #buf} or of callers' buffers. */
    private ByteBuffer[] segments = new ByteBuffer[4];
    private int segmentCount;
    private int completedBytes;
    private final int zeroCopyThreshold;

    /** Creates a writer with a 512-byte initial buffer and the default zero-copy threshold. */
    public ProtocolWriter() {
        this(512, DEFAULT_ZERO_COPY_THRESHOLD);
    }

    /**
     * Creates a writer.
     *
     * @param initialCapacity   the initial buffer size in bytes (it doubles as needed)
     * @param zeroCopyThreshold raw buffers at least this large are referenced instead of copied
     */
    public ProtocolWriter(int initialCapacity, int zeroCopyThreshold) {
        if (initialCapacity < 16) {
            throw new IllegalArgumentException("initialCapacity must be >= 16, was " + initialCapacity);
        }
        this.buf = ByteBuffer.allocate(initialCapacity).order(ByteOrder.BIG_ENDIAN);
        this.zeroCopyThreshold = zeroCopyThreshold;
    }

    /**
     * Whether a segment from {@link #buffers()} is a view of this writer's own, reusable buffer: such a segment must be
     * copied before the next {@link #reset()}; any other segment is a caller's buffer (a record batch) or an old,
     * outgrown buffer of this writer that is never written again.
     *
     * @param segment a segment from {@link #buffers()}
     * @return true when it must be copied to outlive the next reset
     */
    public boolean isReusable(ByteBuffer segment) {
        return segment.hasArray() && segment.array() == buf.array();
    }

    /** Forgets everything written; keeps the buffer for reuse. */
    public void reset() {
        buf.clear();
        segmentStart = 0;
        Arrays.fill(segments, 0, segmentCount, null);
        segmentCount = 0;
        completedBytes = 0;
    }

    /**
     * The number of bytes written since the last reset.
     *
     * @return the total size of the output
     */
    public int size() {
        return completedBytes + buf.position() - segmentStart;
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            grow(n);
        }
    }

    private void grow(int n) {
        int tail = buf.position() - segmentStart;
        int capacity = Math.max(buf.capacity() * 2, tail + n);
        if (completedViewsOfBuf()) {
            // Completed segments are views of the old array: leave them there and move only the current segment's
            // bytes into a fresh array, so the views stay valid.
            ByteBuffer fresh = ByteBuffer.allocate(Math.max(capacity - segmentStart, tail + n));
            fresh.put(buf.array(), buf.arrayOffset() + segmentStart, tail);
            buf = fresh;
            segmentStart = 0;
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    private boolean completedViewsOfBuf() {
        for (int i = 0; i < segmentCount; i++) {
            if (segments[i].hasArray() && segments[i].array() == buf.array()) {
                return true;
            }
        }
        return false;
    }

    private void closeSegment() {
        int end = buf.position();
        if (end > segmentStart) {
            addSegment(buf.slice(segmentStart, end - segmentStart));
        }
        segmentStart = end;
    }

    private void addSegment(ByteBuffer segment) {
        if (segmentCount == segments.length) {
            segments = Arrays.copyOf(segments, segmentCount * 2);
        }
        segments[segmentCount++] = segment;
        completedBytes += segment.remaining();
    }

    /**
     * Writes an int8.
     *
     * @param v the value
     */
    public void writeInt8(byte v) {
        ensure(1);
        buf.put(v);
    }

    /**
     * Writes an int16.
     *
     * @param v the value
     */
    public void writeInt16(short v) {
        ensure(2);
        buf.putShort(v);
    }

    /**
     * Writes a uint16 (the low 16 bits of {@code v}).
     *
     * @param v the value, 0..65535
     */
    public void writeUint16(int v) {
        ensure(2);
        buf.putShort((short) v);
    }

    /**
     * Writes an int32.
     *
     * @param v the value
     */
    public void writeInt32(int v) {
        ensure(4);
        buf.putInt(v);
    }

    /**
     * Writes an int64.
     *
     * @param v the value
     */
    public void writeInt64(long v) {
        ensure(8);
        buf.putLong(v);
    }

    /**
     * Writes a float64 (IEEE 754, big-endian).
     *
     * @param v the value
     */
    public void writeFloat64(double v) {
        ensure(8);
        buf.putDouble(v);
    }

    /**
     * Writes a boolean as one byte, 1 or 0.
     *
     * @param v the value
     */
    public void writeBool(boolean v) {
        ensure(1);
        buf.put(v ? (byte) 1 : (byte) 0);
    }

    /**
     * Writes a uuid as two int64s.
     *
     * @param v the value, never null
     */
    public void writeUuid(Uuid v) {
        ensure(16);
        buf.putLong(v.mostSignificantBits());
        buf.putLong(v.leastSignificantBits());
    }

    /**
     * Writes an unsigned varint.
     *
     * @param v the value, taken as unsigned 32 bits
     */
    public void writeUnsignedVarint(int v) {
        ensure(5);
        Varint.writeUnsignedVarint(v, buf);
    }

    /**
     * Writes the length prefix of a nullable string, bytes or array field: compact (unsigned varint of length+1, 0
     * for null) or classic ({@code int32}; -1 for null).
     *
     * @param length  the length, or -1 for null
     * @param compact whether the field is flexible at this version
     */
    public void writeArrayLength(int length, boolean compact) {
        if (compact) {
            writeUnsignedVarint(length + 1);
        } else {
            writeInt32(length);
        }
    }

    /**
     * Writes a string: compact (unsigned varint length+1) or classic ({@code int16} length), UTF-8 encoded directly
     * into the buffer.
     *
     * @param s       the string, or null
     * @param compact whether the compact form is used
     */
    public void writeString(String s, boolean compact) {
        if (s == null) {
            if (compact) {
                writeUnsignedVarint(0);
            } else {
                writeInt16((short) -1);
            }
            return;
        }
        int len = Utf8.encodedLength(s);
        if (compact) {
            writeUnsignedVarint(len + 1);
        } else {
            if (len > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + len + " UTF-8 bytes is too long for an int16 length");
            }
            writeInt16((short) len);
        }
        ensure(len);
        int pos = buf.position();
        Utf8.encode(s, buf.array(), buf.arrayOffset() + pos);
        buf.position(pos + len);
    }

    /**
     * Writes a bytes field: compact (unsigned varint length+1) or classic ({@code int32} length).
     *
     * @param b       the bytes, or null
     * @param compact whether the compact form is used
     */
    public void writeBytes(byte[] b, boolean compact) {
        if (b == null) {
            writeArrayLength(-1, compact);
            return;
        }
        writeArrayLength(b.length, compact);
        ensure(b.length);
        buf.put(b);
    }

    /**
     * Writes a length-prefixed view of a buffer (a records or zero-copy bytes field) without changing its position.
     *
     * @param b       the bytes from position to limit, or null
     * @param compact whether the compact form is used
     */
    public void writeBytes(ByteBuffer b, boolean compact) {
        if (b == null) {
            writeArrayLength(-1, compact);
            return;
        }
        writeArrayLength(b.remaining(), compact);
        writeRaw(b);
    }

    /**
     * Appends the bytes from a buffer's position to its limit, without changing its position. Buffers of at least the
     * zero-copy threshold are referenced, not copied.
     *
     * @param b the bytes
     */
    public void writeRaw(ByteBuffer b) {
        int n = b.remaining();
        if (n >= zeroCopyThreshold) {
            closeSegment();
            addSegment(b.slice());
            return;
        }
        ensure(n);
        buf.put(b.duplicate());
    }

    /**
     * Appends a byte array.
     *
     * @param b the bytes
     */
    public void writeRaw(byte[] b) {
        ensure(b.length);
        buf.put(b);
    }

    /**
     * The output as a gather list of read-only-by-convention views (no copy). Valid until the next write or reset.
     *
     * @return the segments in order; their remaining bytes sum to {@link #size()}
     */
    public ByteBuffer[] buffers() {
        int tail = buf.position() - segmentStart;
        ByteBuffer[] out = Arrays.copyOf(segments, segmentCount + (tail > 0 ? 1 : 0));
        for (int i = 0; i < segmentCount; i++) {
            out[i] = out[i].duplicate();
        }
        if (tail > 0) {
            out[segmentCount] = buf.slice(segmentStart, tail);
        }
        return out;
    }

    /**
     * The output as one buffer: a view when it is a single segment, otherwise a copy.
     *
     * @return a buffer whose remaining bytes are the output
     */
    public ByteBuffer toByteBuffer() {
        ByteBuffer[] parts = buffers();
        if (parts.length == 1) {
            return parts[0];
        }
        ByteBuffer all = ByteBuffer.allocate(size());
        for (ByteBuffer p : parts) {
            all.put(p);
        }
        return all.flip();
    }

    /**
     * A copy of the output.
     *
     * @return the bytes written since the last reset
     */
    public byte[] toByteArray() {
        ByteBuffer b = toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * The size of an array, bytes or records length prefix.
     *
     * @param length  the length, or -1 for null
     * @param compact whether the compact form is used
     * @return 4, or 1 to 5 for the compact form
     */
    public static int sizeOfArrayLength(int length, boolean compact) {
        return compact ? Varint.sizeOfUnsignedVarint(length + 1) : 4;
    }

    /**
     * The encoded size of a string with its length prefix.
     *
     * @param s       the string, or null
     * @param compact whether the compact form is used
     * @return the size in bytes
     */
    public static int sizeOfString(String s, boolean compact) {
        if (s == null) {
            return compact ? 1 : 2;
        }
        int len = Utf8.encodedLength(s);
        return len + (compact ? Varint.sizeOfUnsignedVarint(len + 1) : 2);
    }

    /**
     * The encoded size of a bytes field with its length prefix.
     *
     * @param b       the bytes, or null
     * @param compact whether the compact form is used
     * @return the size in bytes
     */
    public static int sizeOfBytes(byte[] b, boolean compact) {
        int len = b == null ? -1 : b.length;
        return sizeOfArrayLength(len, compact) + Math.max(len, 0);
    }

    /**
     * The encoded size of a records or zero-copy bytes field with its length prefix.
     *
     * @param b       the bytes from position to limit, or null
     * @param compact whether the compact form is used
     * @return the size in bytes
     */
    public static int sizeOfBytes(ByteBuffer b, boolean compact) {
        int len = b == null ? -1 : b.remaining();
        return sizeOfArrayLength(len, compact) + Math.max(len, 0);
    }
}
