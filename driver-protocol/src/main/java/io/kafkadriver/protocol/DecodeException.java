/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol;

/**
 * The one exception every decoder of this module throws on bad bytes: truncated input, negative or oversized lengths,
 * malformed varints, CRC mismatches, unknown magic bytes or codecs.
 *
 * <p>A decoder never lets an {@code IndexOutOfBoundsException}, {@code BufferUnderflowException} or similar escape;
 * callers (the connection actor) catch this type alone, close that one connection, log the message and retry per
 * policy. The message always says what was being decoded and what was wrong.
 */
public final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a decode failure.
     *
     * @param message what was being decoded and what was wrong with it
     */
    public DecodeException(String message) {
        super(message);
    }

    /**
     * Creates a decode failure caused by a lower-level error (for example a decompressor's).
     *
     * @param message what was being decoded and what was wrong with it
     * @param cause   the underlying error
     */
    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
