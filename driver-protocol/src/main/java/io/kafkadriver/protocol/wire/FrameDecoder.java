/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.wire;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Cuts Kafka frames (a big-endian int32 size, then that many bytes) out of a byte stream that arrives in chunks split
 * at any byte. One decoder per connection; pure, no I/O.
 *
 * <p>A size above the maximum, or negative, is refused as soon as its four bytes are in, before anything is allocated
 * for the frame. The refusal says what the bytes look like when they are recognisably not Kafka: an HTTP server
 * ({@code "HTTP"}), a TLS server answering a plaintext client (a TLS record header: 0x15 or 0x16, then 0x03), or
 * other printable text.
 */
public final class FrameDecoder {
    private final int maxFrameBytes;
    private final byte[] sizeBytes = new byte[4];
    private int sizeFilled;
    private ByteBuffer frame;

    /**
     * Creates a decoder.
     *
     * @param maxFrameBytes the largest frame accepted, at least 1
     */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Consumes a chunk and hands every frame it completes to {@code out}, in order. A frame that lies wholly inside
     * the chunk is handed over as a read-only slice of it (no copy), so the caller must not change the chunk's bytes
     * afterwards; a frame spread over chunks is assembled into a buffer of its exact size.
     *
     * @param chunk the bytes read, from position to limit (consumed entirely)
     * @param out   receives each complete frame, without its size prefix, positioned at 0
     * @throws DecodeException when a size is negative or above the maximum; the decoder is then unusable
     */
    public void feed(ByteBuffer chunk, Consumer<ByteBuffer> out) {
        while (chunk.hasRemaining()) {
            if (frame == null) {
                if (sizeFilled == 0 && chunk.remaining() >= 4) {
                    int size = chunk.getInt(chunk.position());
                    checkSize(size, chunk, chunk.position());
                    if (chunk.remaining() >= 4 + size) {
                        ByteBuffer whole = chunk.duplicate();
                        whole.position(chunk.position() + 4).limit(chunk.position() + 4 + size);
                        chunk.position(chunk.position() + 4 + size);
                        out.accept(whole.slice().asReadOnlyBuffer());
                        continue;
                    }
                    chunk.position(chunk.position() + 4);
                    frame = ByteBuffer.allocate(size);
                } else {
                    sizeBytes[sizeFilled++] = chunk.get();
                    if (sizeFilled < 4) {
                        continue;
                    }
                    sizeFilled = 0;
                    int size = ByteBuffer.wrap(sizeBytes).getInt();
                    checkSize(size, ByteBuffer.wrap(sizeBytes), 0);
                    frame = ByteBuffer.allocate(size);
                }
            }
            int n = Math.min(frame.remaining(), chunk.remaining());
            ByteBuffer part = chunk.duplicate();
            part.limit(part.position() + n);
            frame.put(part);
            chunk.position(chunk.position() + n);
            if (!frame.hasRemaining()) {
                ByteBuffer done = frame.flip();
                frame = null;
                out.accept(done);
            }
        }
    }

    /**
     * The buffer of the frame being assembled, when its body still lacks at least {@code minBytes}: a reader may read
     * the next bytes straight into it (up to its limit, never past it) instead of handing them to {@link #feed}, then
     * call {@link #frameRead}. Null otherwise (no frame begun, or fewer bytes missing).
     *
     * @param minBytes the least number of missing bytes worth a read of their own
     * @return the frame's buffer, positioned after the bytes it has, or null
     */
    public ByteBuffer openFrame(int minBytes) {
        return frame != null && frame.remaining() >= minBytes ? frame : null;
    }

    /**
     * After bytes were read into {@link #openFrame}'s buffer: hands the frame to {@code out} if it is complete.
     *
     * @param out receives the frame, without its size prefix, positioned at 0
     */
    public void frameRead(Consumer<ByteBuffer> out) {
        if (frame != null && !frame.hasRemaining()) {
            ByteBuffer done = frame.flip();
            frame = null;
            out.accept(done);
        }
    }

    /**
     * Whether the decoder holds part of a frame (bytes of a size or of a body).
     *
     * @return true in the middle of a frame
     */
    public boolean isMidFrame() {
        return frame != null || sizeFilled > 0;
    }

    private void checkSize(int size, ByteBuffer bytes, int at) {
        if (size >= 0 && size <= maxFrameBytes) {
            return;
        }
        throw new DecodeException("refused a frame of " + size + " bytes (the limit is " + maxFrameBytes + ")"
                + describe(bytes.get(at), bytes.get(at + 1), bytes.get(at + 2), bytes.get(at + 3)));
    }

    /** Says what four bytes read as a frame size look like, when they look like something else than Kafka. */
    static String describe(byte b0, byte b1, byte b2, byte b3) {
        if (b0 == 'H' && b1 == 'T' && b2 == 'T' && b3 == 'P') {
            return ": the peer speaks HTTP, not Kafka";
        }
        if ((b0 == 0x15 || b0 == 0x16) && b1 == 0x03) {
            return ": the peer answered with a TLS record; is this a TLS listener reached in plaintext?";
        }
        if (printable(b0) && printable(b1) && printable(b2) && printable(b3)) {
            return ": the peer sent text (\"" + (char) b0 + (char) b1 + (char) b2 + (char) b3 + "\"), not Kafka";
        }
        return ": the peer does not speak Kafka, or the stream is corrupt";
    }

    private static boolean printable(byte b) {
        return b >= 0x20 && b < 0x7f;
    }
}
