/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import io.kafkadriver.protocol.DecodeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The compression codecs of Kafka record batches, with the framings Kafka writes and reads: gzip (RFC 1952),
 * snappy in xerial's framing, lz4 in the standard LZ4 frame format with 64 KiB independent blocks and no checksums
 * (what Kafka writes for message formats 1 and 2), and zstd frames.
 *
 * <p>lz4 and zstd work on whole arrays, block by block ({@link Lz4Frames}, {@link ZstdFrames}), with each thread's
 * reused contexts and output array ({@link Scratch}): {@link #withDecompressed} lends the decompressed bytes for the
 * length of one call, {@link #decompress} copies them into an array of their own, and {@link #compress(byte[], int,
 * int, byte[], int, int)} writes into the caller's array. gzip and snappy go through their stream classes.
 */
public enum CompressionCodec {
    /** No compression. */
    NONE(0, "none"),
    /** gzip. */
    GZIP(1, "gzip"),
    /** snappy, xerial framing. */
    SNAPPY(2, "snappy"),
    /** lz4, frame format. */
    LZ4(3, "lz4"),
    /** zstd (Produce v7+, Fetch v10+). */
    ZSTD(4, "zstd");

    private static final CompressionCodec[] BY_ID = values();
    private final int id;
    private final String label;

    CompressionCodec(int id, String label) {
        this.id = id;
        this.label = label;
    }

    /**
     * The codec id in a batch's attributes (bits 0-2).
     *
     * @return the id
     */
    public int id() {
        return id;
    }

    /**
     * The codec's name as Kafka's configuration spells it.
     *
     * @return the name
     */
    public String label() {
        return label;
    }

    /**
     * The codec with an id.
     *
     * @param id the id from a batch's attributes
     * @return the codec
     * @throws DecodeException for an id that is no codec
     */
    public static CompressionCodec forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new DecodeException("unknown compression codec id " + id + " (known: 0 none, 1 gzip, 2 snappy,"
                    + " 3 lz4, 4 zstd)");
        }
        return BY_ID[id];
    }

    /**
     * The most bytes {@link #compress(byte[], int, int, byte[], int, int)} writes for {@code length} input bytes, or
     * -1 when this codec compresses through a stream only (gzip, snappy: use {@link #compress(ByteBuffer,
     * OutputStream)}).
     *
     * @param length the input size
     * @return the bound, or -1
     */
    public int maxCompressedLength(int length) {
        return switch (this) {
            case NONE -> length;
            case LZ4 -> Lz4Frames.maxCompressedLength(length);
            case ZSTD -> ZstdFrames.maxCompressedLength(length);
            case GZIP, SNAPPY -> -1;
        };
    }

    /**
     * Compresses bytes into an array, with this thread's reused context: no allocation per call once warm.
     *
     * @param src     the input
     * @param off     where it starts
     * @param len     its length
     * @param dst     where the compressed bytes go
     * @param dstOff  where they start
     * @param dstSize the room in {@code dst}: at least {@link #maxCompressedLength}{@code (len)}
     * @return the compressed size
     * @throws UnsupportedOperationException for gzip and snappy ({@link #maxCompressedLength} is -1)
     * @throws IllegalArgumentException when {@code dstSize} is below the bound
     */
    public int compress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstSize) {
        int bound = maxCompressedLength(len);
        if (bound < 0) {
            throw new UnsupportedOperationException(label + " compresses through a stream only");
        }
        if (dstSize < bound) {
            throw new IllegalArgumentException("room for " + dstSize + " bytes, " + label + " may need " + bound);
        }
        switch (this) {
            case LZ4 -> {
                return Lz4Frames.compress(src, off, len, dst, dstOff);
            }
            case ZSTD -> {
                Scratch scratch = Scratch.acquire();
                try {
                    return ZstdFrames.compress(scratch, src, off, len, dst, dstOff, dstSize);
                } finally {
                    scratch.release();
                }
            }
            default -> {
                System.arraycopy(src, off, dst, dstOff, len);
                return len;
            }
        }
    }

    /**
     * Compresses bytes into a stream.
     *
     * @param input the bytes to compress, from position to limit (the position is not moved)
     * @param out   where the compressed bytes go
     */
    public void compress(ByteBuffer input, OutputStream out) {
        if (this == LZ4 || this == ZSTD) {
            byte[] src = new byte[input.remaining()];
            input.duplicate().get(src);
            byte[] dst = new byte[maxCompressedLength(src.length)];
            int n = compress(src, 0, src.length, dst, 0, dst.length);
            try {
                out.write(dst, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(label + " compression failed", e);
            }
            return;
        }
        try (OutputStream compressing = wrap(out)) {
            if (input.hasArray()) {
                compressing.write(input.array(), input.arrayOffset() + input.position(), input.remaining());
            } else {
                byte[] copy = new byte[input.remaining()];
                input.duplicate().get(copy);
                compressing.write(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(label + " compression failed", e);
        }
    }

    /**
     * Decompresses bytes, refusing to produce more than {@code maxBytes} (a decompression bomb must not take the
     * heap).
     *
     * @param input    the compressed bytes, from position to limit (the position is not moved)
     * @param maxBytes the most bytes the result may have
     * @return the decompressed bytes, positioned at 0
     * @throws DecodeException when the input is not valid for this codec, or inflates beyond {@code maxBytes}
     */
    public ByteBuffer decompress(ByteBuffer input, int maxBytes) {
        if (this == LZ4 || this == ZSTD) {
            Scratch scratch = Scratch.acquire();
            try {
                inflate(scratch, input, maxBytes);
                return ByteBuffer.wrap(Arrays.copyOf(scratch.out.bytes, scratch.out.size));
            } finally {
                scratch.release();
            }
        }
        byte[] bytes = new byte[input.remaining()];
        input.duplicate().get(bytes);
        try (InputStream in = unwrap(new ByteArrayInputStream(bytes))) {
            byte[] out = new byte[Math.min(Math.max(1024, bytes.length * 4), Math.max(1, maxBytes))];
            int size = 0;
            while (true) {
                if (size == out.length) {
                    if (out.length >= maxBytes) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new DecodeException(label + " data inflates beyond the limit of " + maxBytes + " bytes");
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
            return ByteBuffer.wrap(out, 0, size).slice();
        } catch (DecodeException e) {
            throw e;
        } catch (IOException | RuntimeException | SnappyError e) {
            // SnappyError is an Error, not an Exception: snappy-java's way of reporting corrupt input.
            throw new DecodeException("corrupt " + label + " data: " + e, e);
        }
    }

    /**
     * Decompresses bytes into this thread's reused array and lends them to {@code reader} for the length of the call:
     * the way to read a batch without an output array per batch. The buffer (and its backing array) must not be kept
     * or handed on after {@code reader} returns: the next batch on this thread overwrites it. A call nested inside
     * {@code reader} gets memory of its own. gzip and snappy (and none) lend a buffer of their own.
     *
     * @param input    the compressed bytes, from position to limit (the position is not moved)
     * @param maxBytes the most bytes the result may have
     * @param reader   reads the decompressed bytes, positioned at 0; exceptions it throws pass through
     * @throws DecodeException when the input is not valid for this codec, or inflates beyond {@code maxBytes}
     */
    public void withDecompressed(ByteBuffer input, int maxBytes, Consumer<ByteBuffer> reader) {
        if (this != LZ4 && this != ZSTD) {
            reader.accept(this == NONE ? input.slice() : decompress(input, maxBytes));
            return;
        }
        Scratch scratch = Scratch.acquire();
        try {
            inflate(scratch, input, maxBytes);
            reader.accept(ByteBuffer.wrap(scratch.out.bytes, 0, scratch.out.size));
        } finally {
            scratch.release();
        }
    }

    /** lz4 or zstd from {@code input} into {@code scratch.out}; every failure of the codec is a DecodeException. */
    private void inflate(Scratch scratch, ByteBuffer input, int maxBytes) {
        int len = input.remaining();
        byte[] src;
        int off;
        if (input.hasArray()) {
            src = input.array();
            off = input.arrayOffset() + input.position();
        } else {
            // A read-only or direct buffer (what the wire's frame decoder hands out): one copy of the compressed
            // bytes into the thread's input array, as the codecs take arrays.
            src = scratch.input(len);
            off = 0;
            input.get(input.position(), src, 0, len);
        }
        try {
            if (this == LZ4) {
                Lz4Frames.decompress(src, off, len, scratch.out, maxBytes);
            } else {
                ZstdFrames.decompress(scratch, src, off, len, maxBytes);
            }
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DecodeException("corrupt " + label + " data: " + e, e);
        }
    }

    private OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 8 * 1024);
            case SNAPPY -> new SnappyOutputStream(out);
            case LZ4, ZSTD -> throw new IllegalStateException(label + " compresses whole arrays, not streams");
        };
    }

    private InputStream unwrap(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 8 * 1024);
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4, ZSTD -> throw new IllegalStateException(label + " decompresses whole arrays, not streams");
        };
    }
}
