/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads Kafka protocol primitives, big-endian, from a {@link ByteBuffer}, starting at its position.
 *
 * <p>Every method takes the name of the field being read (a constant, so no allocation) and throws
 * {@link DecodeException} naming it on truncated input, a negative or impossible length, or a malformed varint;
 * a buffer exception never escapes. A length is checked against the remaining bytes before anything is allocated, so
 * a corrupted length cannot make the reader allocate a huge array. {@code records} fields are returned as slices of
 * the input (no copy); they stay valid as long as the input buffer is not reused.
 *
 * <p>Not thread-safe.
 */
public final class ProtocolReader {
    private final ByteBuffer buf;

    /**
     * Creates a reader over the remaining bytes of a buffer. The reader shares the buffer's content but has its own
     * position, big-endian.
     *
     * @param input the bytes to read
     */
    public ProtocolReader(ByteBuffer input) {
        this.buf = input.slice().order(ByteOrder.BIG_ENDIAN);
    }

    /**
     * The number of bytes not read yet.
     *
     * @return the remaining byte count
     */
    public int remaining() {
        return buf.remaining();
    }

    /**
     * The number of bytes read so far.
     *
     * @return the position from the start of the input
     */
    public int position() {
        return buf.position();
    }

    private void need(int n, String field) {
        if (buf.remaining() < n) {
            throw new DecodeException("truncated input reading " + field + ": needed " + n + " byte(s), "
                    + buf.remaining() + " left");
        }
    }

    /**
     * Reads an int8.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public byte readInt8(String field) {
        need(1, field);
        return buf.get();
    }

    /**
     * Reads an int16.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public short readInt16(String field) {
        need(2, field);
        return buf.getShort();
    }

    /**
     * Reads a uint16.
     *
     * @param field the field name, for error messages
     * @return the value, 0..65535
     */
    public int readUint16(String field) {
        need(2, field);
        return buf.getShort() & 0xFFFF;
    }

    /**
     * Reads an int32.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public int readInt32(String field) {
        need(4, field);
        return buf.getInt();
    }

    /**
     * Reads an int64.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public long readInt64(String field) {
        need(8, field);
        return buf.getLong();
    }

    /**
     * Reads a float64.
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public double readFloat64(String field) {
        need(8, field);
        return buf.getDouble();
    }

    /**
     * Reads a boolean (any non-zero byte is true, as in Kafka).
     *
     * @param field the field name, for error messages
     * @return the value
     */
    public boolean readBool(String field) {
        need(1, field);
        return buf.get() != 0;
    }

    /**
     * Reads a uuid.
     *
     * @param field the field name, for error messages
     * @return the value; {@link Uuid#ZERO} is shared rather than allocated
     */
    public Uuid readUuid(String field) {
        need(16, field);
        long hi = buf.getLong();
        long lo = buf.getLong();
        return hi == 0L && lo == 0L ? Uuid.ZERO : new Uuid(hi, lo);
    }

    /**
     * Reads an unsigned varint.
     *
     * @param field the field name, for error messages
     * @return the value as unsigned 32 bits
     */
    public int readUnsignedVarint(String field) {
        try {
            return Varint.readUnsignedVarint(buf);
        } catch (DecodeException e) {
            throw new DecodeException(e.getMessage() + " reading " + field, e);
        }
    }

    /**
     * Reads the length of a nullable array, bytes or records field and checks it against the remaining bytes (each
     * element takes at least one byte, as Kafka also assumes).
     *
     * @param field   the field name, for error messages
     * @param compact whether the compact form (unsigned varint length+1) is used
     * @return the length, or -1 for null
     */
    public int readArrayLength(String field, boolean compact) {
        int n;
        if (compact) {
            n = readUnsignedVarint(field) - 1;
            if (n < -1) { // the varint was above Integer.MAX_VALUE
                throw new DecodeException("invalid length " + Integer.toUnsignedString(n + 1) + " - 1 reading "
                        + field);
            }
        } else {
            n = readInt32(field);
            if (n < -1) {
                throw new DecodeException("negative length " + n + " reading " + field);
            }
        }
        if (n > buf.remaining()) {
            throw new DecodeException("length " + n + " of " + field + " exceeds the " + buf.remaining()
                    + " byte(s) left");
        }
        return n;
    }

    /**
     * Reads a nullable string.
     *
     * @param field   the field name, for error messages
     * @param compact whether the compact form is used
     * @return the string, or null
     */
    public String readString(String field, boolean compact) {
        int len;
        if (compact) {
            len = readArrayLength(field, true);
        } else {
            len = readInt16(field);
            if (len < -1) {
                throw new DecodeException("negative string length " + len + " reading " + field);
            }
            if (len > buf.remaining()) {
                throw new DecodeException("string length " + len + " of " + field + " exceeds the "
                        + buf.remaining() + " byte(s) left");
            }
        }
        if (len < 0) {
            return null;
        }
        int pos = buf.position();
        String s = buf.hasArray()
                ? new String(buf.array(), buf.arrayOffset() + pos, len, StandardCharsets.UTF_8)
                : utf8FromDirect(pos, len);
        buf.position(pos + len);
        return s;
    }

    private String utf8FromDirect(int pos, int len) {
        byte[] tmp = new byte[len];
        buf.get(pos, tmp);
        return new String(tmp, StandardCharsets.UTF_8);
    }

    /**
     * Reads a nullable bytes field into a new array.
     *
     * @param field   the field name, for error messages
     * @param compact whether the compact form is used
     * @return the bytes, or null
     */
    public byte[] readBytes(String field, boolean compact) {
        int len = readArrayLength(field, compact);
        if (len < 0) {
            return null;
        }
        byte[] out = new byte[len];
        buf.get(out);
        return out;
    }

    /**
     * Reads a nullable bytes or records field as a slice of the input (no copy).
     *
     * @param field   the field name, for error messages
     * @param compact whether the compact form is used
     * @return a read-only-by-convention slice, or null
     */
    public ByteBuffer readByteBuffer(String field, boolean compact) {
        int len = readArrayLength(field, compact);
        if (len < 0) {
            return null;
        }
        int pos = buf.position();
        ByteBuffer slice = buf.slice(pos, len);
        buf.position(pos + len);
        return slice;
    }

    /**
     * Skips bytes (an unknown tagged field).
     *
     * @param n     the byte count, already checked to be non-negative
     * @param field the field name, for error messages
     */
    public void skip(int n, String field) {
        need(n, field);
        buf.position(buf.position() + n);
    }

    /**
     * Reads the size prefix of a tagged field and checks it.
     *
     * @param field the field name, for error messages
     * @return the size in bytes
     */
    public int readTaggedFieldSize(String field) {
        int n = readUnsignedVarint(field);
        if (n < 0 || n > buf.remaining()) {
            throw new DecodeException("tagged field size " + Integer.toUnsignedString(n) + " of " + field
                    + " exceeds the " + buf.remaining() + " byte(s) left");
        }
        return n;
    }
}
