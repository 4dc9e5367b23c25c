/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.kafkadriver.protocol.DecodeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The compression codecs of Kafka record batches, with the framings Kafka writes and reads: gzip (RFC 1952),
 * snappy in xerial's framing, lz4 in the standard LZ4 frame format with 64 KiB independent blocks and no checksums
 * (what Kafka writes for message formats 1 and 2), and zstd frames.
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
     * Compresses bytes into a stream.
     *
     * @param input the bytes to compress, from position to limit (the position is not moved)
     * @param out   where the compressed bytes go
     */
    public void compress(ByteBuffer input, OutputStream out) {
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

    private OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out, 8 * 1024);
            case SNAPPY -> new SnappyOutputStream(out);
            case LZ4 -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            case ZSTD -> new ZstdOutputStream(out);
        };
    }

    private InputStream unwrap(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 8 * 1024);
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
        };
    }
}
