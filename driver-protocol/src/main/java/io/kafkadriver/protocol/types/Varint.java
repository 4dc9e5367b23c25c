/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;

/**
 * Variable-length integers as Kafka encodes them: unsigned varints (KIP-482 compact lengths and tag buffers) and
 * ZigZag-signed varints and varlongs (fields inside a RecordBatch v2 record). Seven bits per byte, least significant
 * group first, high bit set when more bytes follow.
 *
 * <p>Readers consume from the buffer's position and throw {@link DecodeException} on a truncated or over-long
 * encoding; they never throw a buffer exception. Writers append at the buffer's position and assume the caller made
 * room (use the {@code sizeOf*} methods).
 */
public final class Varint {
    private Varint() {
    }

    /**
     * Reads an unsigned varint of at most 5 bytes.
     *
     * @param buf the buffer, read from its position
     * @return the value, as an int whose bits are the unsigned 32-bit value
     * @throws DecodeException if the buffer ends early or the encoding is longer than 5 bytes
     */
    public static int readUnsignedVarint(ByteBuffer buf) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new DecodeException("truncated varint: input ended after " + shift / 7 + " byte(s)");
            }
            byte b = buf.get();
            if (shift == 28 && (b & 0xF0) != 0) {
                throw new DecodeException("malformed varint: fifth byte 0x" + Integer.toHexString(b & 0xFF)
                        + " sets bits beyond 32");
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("malformed varint: longer than 5 bytes");
    }

    /**
     * Reads an unsigned varlong of at most 10 bytes.
     *
     * @param buf the buffer, read from its position
     * @return the value, as a long whose bits are the unsigned 64-bit value
     * @throws DecodeException if the buffer ends early or the encoding is longer than 10 bytes
     */
    public static long readUnsignedVarlong(ByteBuffer buf) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new DecodeException("truncated varlong: input ended after " + shift / 7 + " byte(s)");
            }
            byte b = buf.get();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new DecodeException("malformed varlong: tenth byte 0x" + Integer.toHexString(b & 0xFF)
                        + " sets bits beyond 64");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("malformed varlong: longer than 10 bytes");
    }

    /**
     * Reads a ZigZag-encoded signed varint.
     *
     * @param buf the buffer, read from its position
     * @return the signed value
     * @throws DecodeException if the encoding is truncated or over-long
     */
    public static int readVarint(ByteBuffer buf) {
        int raw = readUnsignedVarint(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads a ZigZag-encoded signed varlong.
     *
     * @param buf the buffer, read from its position
     * @return the signed value
     * @throws DecodeException if the encoding is truncated or over-long
     */
    public static long readVarlong(ByteBuffer buf) {
        long raw = readUnsignedVarlong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Writes an unsigned varint.
     *
     * @param value the value, taken as unsigned 32 bits
     * @param buf   the buffer, written at its position
     */
    public static void writeUnsignedVarint(int value, ByteBuffer buf) {
        int v = value;
        while ((v & 0xFFFFFF80) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    /**
     * Writes an unsigned varlong.
     *
     * @param value the value, taken as unsigned 64 bits
     * @param buf   the buffer, written at its position
     */
    public static void writeUnsignedVarlong(long value, ByteBuffer buf) {
        long v = value;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    /**
     * Writes a ZigZag-encoded signed varint.
     *
     * @param value the signed value
     * @param buf   the buffer, written at its position
     */
    public static void writeVarint(int value, ByteBuffer buf) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buf);
    }

    /**
     * Writes a ZigZag-encoded signed varlong.
     *
     * @param value the signed value
     * @param buf   the buffer, written at its position
     */
    public static void writeVarlong(long value, ByteBuffer buf) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63), buf);
    }

    /**
     * The number of bytes {@link #writeUnsignedVarint} uses for a value.
     *
     * @param value the value, taken as unsigned 32 bits
     * @return 1 to 5
     */
    public static int sizeOfUnsignedVarint(int value) {
        int leadingZeros = Integer.numberOfLeadingZeros(value);
        // ceil(significant bits / 7), and one byte for zero (leadingZeros == 32).
        return (38 - leadingZeros) / 7 + (leadingZeros >>> 5);
    }

    /**
     * The number of bytes {@link #writeUnsignedVarlong} uses for a value.
     *
     * @param value the value, taken as unsigned 64 bits
     * @return 1 to 10
     */
    public static int sizeOfUnsignedVarlong(long value) {
        int leadingZeros = Long.numberOfLeadingZeros(value);
        // ceil(significant bits / 7), and one byte for zero (leadingZeros == 64).
        return (70 - leadingZeros) / 7 + (leadingZeros >>> 6);
    }

    /**
     * The number of bytes {@link #writeVarint} uses for a value.
     *
     * @param value the signed value
     * @return 1 to 5
     */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /**
     * The number of bytes {@link #writeVarlong} uses for a value.
     *
     * @param value the signed value
     * @return 1 to 10
     */
    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }
}
