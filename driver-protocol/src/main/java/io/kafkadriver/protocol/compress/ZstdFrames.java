/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.kafkadriver.protocol.DecodeException;

/**
 * zstd over whole arrays with a thread's reused contexts ({@link Scratch}): one-shot compression (a frame that
 * declares its content size, at level 3, the level Kafka's producer uses by default), and one-shot decompression of
 * every frame of a section into a reused output array. Frames without a content size (Kafka's producer streams them)
 * are decompressed into the array as it is, grown and decompressed again when it was too small; the array keeps its
 * size for the next batch, so that retry happens while a thread warms up, not per batch.
 */
final class ZstdFrames {
    /** The compression level: zstd's default, and Kafka's ({@code compression.zstd.level}). */
    static final int LEVEL = 3;
    private static final long DST_TOO_SMALL = Zstd.errDstSizeTooSmall();
    private static final int MAGIC = 0xFD2FB528;
    private static final int[] DICT_ID_BYTES = {0, 1, 2, 4};

    private ZstdFrames() {
    }

    /**
     * The most bytes {@link #compress} writes for {@code length} input bytes.
     *
     * @param length the input size
     * @return zstd's bound
     */
    static int maxCompressedLength(int length) {
        return (int) Zstd.compressBound(length);
    }

    /** Compresses {@code src[off, off + len)} into one frame at {@code dst[dstOff, dstOff + dstSize)}; its size. */
    static int compress(Scratch scratch, byte[] src, int off, int len, byte[] dst, int dstOff, int dstSize) {
        return scratch.zstdCompress().compressByteArray(dst, dstOff, dstSize, src, off, len);
    }

    /**
     * Decompresses every frame of {@code src[off, off + len)} into {@code scratch.out} from its start.
     *
     * @throws DecodeException for corrupt data, or more than {@code maxBytes} bytes
     */
    static void decompress(Scratch scratch, byte[] src, int off, int len, int maxBytes) {
        Inflated out = scratch.out;
        out.size = 0;
        if (len == 0) {
            return; // as ZstdInputStream read it: no frame, no bytes
        }
        long declared = declaredContentSize(src, off, len);
        if (declared > maxBytes) {
            throw beyond(maxBytes);
        }
        int capacity = declared >= 0 ? (int) declared : Math.min(maxBytes, Math.max(out.bytes.length,
                (int) Math.min(Integer.MAX_VALUE, 4L * len)));
        ZstdDecompressCtx ctx = scratch.zstdDecompress();
        while (true) {
            out.ensure(capacity, maxBytes);
            int room = Math.min(out.bytes.length, maxBytes);
            try {
                out.size = ctx.decompressByteArray(out.bytes, 0, room, src, off, len);
                return;
            } catch (ZstdException e) {
                ctx.reset();
                if (e.getErrorCode() != DST_TOO_SMALL) {
                    throw new DecodeException("corrupt zstd data: " + e.getMessage(), e);
                }
                if (room >= maxBytes) {
                    throw beyond(maxBytes);
                }
                capacity = (int) Math.min(maxBytes, 2L * room);
            }
        }
    }

    /**
     * The content size the first frame's header declares, or -1 when it declares none (Kafka's producer streams its
     * frames) or the header is not one: only a hint for the output's size, read here because zstd-jni's
     * {@code getFrameContentSize} throws for an unknown size, which Kafka's frames would make a throw per batch.
     * Layout (RFC 8878, 3.1.1): magic (4, LE 0xFD2FB528), descriptor (1: content size flag in bits 7-6, single
     * segment in bit 5, dictionary id flag in bits 1-0), window descriptor (1, absent for a single segment),
     * dictionary id (0, 1, 2 or 4), content size (0, 1, 2 (+256), 4 or 8, little-endian).
     */
    static long declaredContentSize(byte[] src, int off, int len) {
        if (len < 5 || Lz4Frames.intLE(src, off) != MAGIC) {
            return -1;
        }
        int descriptor = src[off + 4] & 0xFF;
        int sizeFlag = descriptor >>> 6;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int sizeBytes = sizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
        if (sizeBytes == 0) {
            return -1;
        }
        int at = off + 5 + (singleSegment ? 0 : 1) + DICT_ID_BYTES[descriptor & 0x03];
        if (at + sizeBytes > off + len) {
            return -1;
        }
        long size = 0;
        for (int i = sizeBytes - 1; i >= 0; i--) {
            size = size << 8 | (src[at + i] & 0xFF);
        }
        return sizeBytes == 2 ? size + 256 : size;
    }

    private static DecodeException beyond(int maxBytes) {
        return new DecodeException("zstd data inflates beyond the limit of " + maxBytes + " bytes");
    }
}
