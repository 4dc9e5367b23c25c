/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import io.kafkadriver.protocol.DecodeException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format (lz4's {@code lz4_Frame_format.md}, v1.6) over whole arrays, block by block, without the
 * stream classes' per-frame buffers: what Kafka writes for lz4 record batches (message formats 1 and 2, KIP-57).
 *
 * <pre>
 *   frame  := magic(4, LE 0x184D2204) FLG(1) BD(1) [contentSize(8)] [dictId(4)] HC(1) block* endMark(4 zero bytes)
 *             [contentChecksum(4)]
 *   block  := size(4, LE; high bit set = stored uncompressed) data(size) [blockChecksum(4)]
 *   HC     := (xxhash32(FLG .. last descriptor field, seed 0) &gt;&gt; 8) &amp; 0xFF
 * </pre>
 *
 * <p>Reading accepts what a standard reader accepts, minus what Kafka never writes and lz4-java's
 * {@code LZ4FrameInputStream} refused as well: linked (dependent) blocks and dictionaries. Block and content
 * checksums are checked when the frame declares them; concatenated and skippable frames are read in order. Writing
 * produces what Kafka's {@code KafkaLZ4BlockOutputStream} and our previous {@code LZ4FrameOutputStream} wrote:
 * version 1, independent 64 KiB blocks, no checksums, no content size; a block that does not shrink is stored.
 *
 * <p>Kafka's magic-0 frames carry a non-standard HC (KAFKA-1493); {@code LegacyRecordBatch} rewrites it before
 * calling this class, which checks HC as the format defines it.
 *
 * <p>Stateless and thread-safe (the lz4-java codecs are).
 */
final class Lz4Frames {
    static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int BLOCK_BYTES = 64 * 1024;
    private static final int FLG_VERSION_1 = 0x40;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICT_ID = 0x01;
    private static final int BD_64KB = 4 << 4;
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private Lz4Frames() {
    }

    /**
     * The most bytes {@link #compress} writes for {@code length} input bytes.
     *
     * @param length the input size
     * @return a bound on the frame's size
     */
    static int maxCompressedLength(int length) {
        int blocks = (length + BLOCK_BYTES - 1) / BLOCK_BYTES;
        // Header 7, end mark 4; each block: its size, and room for the compressor's worst case (a block that
        // does not shrink is then stored, smaller).
        return 7 + 4 + blocks * (4 + COMPRESSOR.maxCompressedLength(BLOCK_BYTES));
    }

    /**
     * Writes one frame of independent 64 KiB blocks.
     *
     * @param src    the input
     * @param off    where it starts
     * @param len    its length
     * @param dst    where the frame goes, with at least {@link #maxCompressedLength(int)} bytes from {@code dstOff}
     * @param dstOff where the frame starts
     * @return the frame's size
     */
    static int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int q = dstOff;
        putIntLE(dst, q, MAGIC);
        dst[q + 4] = (byte) (FLG_VERSION_1 | FLG_BLOCK_INDEPENDENCE);
        dst[q + 5] = (byte) BD_64KB;
        dst[q + 6] = headerChecksum(dst, q + 4, 2);
        q += 7;
        for (int p = off, end = off + len; p < end; p += BLOCK_BYTES) {
            int n = Math.min(BLOCK_BYTES, end - p);
            int c = COMPRESSOR.compress(src, p, n, dst, q + 4, COMPRESSOR.maxCompressedLength(n));
            if (c < n) {
                putIntLE(dst, q, c);
                q += 4 + c;
            } else {
                putIntLE(dst, q, n | 0x80000000);
                System.arraycopy(src, p, dst, q + 4, n);
                q += 4 + n;
            }
        }
        putIntLE(dst, q, 0);
        return q + 4 - dstOff;
    }

    /**
     * Decompresses every frame of {@code src[off, off + len)} into {@code out}, from its start.
     *
     * @param src      the frames
     * @param off      where they start
     * @param len      their length; 0 gives no bytes
     * @param out      receives the bytes, growing up to {@code maxBytes}
     * @param maxBytes the most bytes the frames may inflate to
     * @throws DecodeException for a malformed frame, a checksum mismatch, or more than {@code maxBytes} bytes
     */
    static void decompress(byte[] src, int off, int len, Inflated out, int maxBytes) {
        out.size = 0;
        int p = off;
        int end = off + len;
        while (p < end) {
            need(p, 4, end, "frame magic");
            int magic = intLE(src, p);
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
                need(p + 4, 4, end, "skippable frame size");
                long skip = intLE(src, p + 4) & 0xFFFFFFFFL;
                if (skip > end - p - 8) {
                    throw corrupt("skippable frame of " + skip + " bytes exceeds the " + (end - p - 8) + " left");
                }
                p += 8 + (int) skip;
            } else if (magic == MAGIC) {
                p = frame(src, p, end, out, maxBytes);
            } else {
                throw corrupt("not an lz4 frame: magic 0x" + Integer.toHexString(magic) + " at byte " + (p - off));
            }
        }
    }

    /** One frame from {@code p}; returns the position after it. */
    private static int frame(byte[] src, int p, int end, Inflated out, int maxBytes) {
        need(p + 4, 2, end, "frame descriptor");
        int flg = src[p + 4] & 0xFF;
        int bd = src[p + 5] & 0xFF;
        if ((flg & 0xC0) != FLG_VERSION_1) {
            throw corrupt("lz4 frame version " + (flg >>> 6) + " (only 1 exists)");
        }
        if ((flg & FLG_RESERVED) != 0 || (bd & 0x8F) != 0) {
            throw corrupt("lz4 frame descriptor has reserved bits set (FLG 0x" + Integer.toHexString(flg) + ", BD 0x"
                    + Integer.toHexString(bd) + ")");
        }
        if ((flg & FLG_DICT_ID) != 0) {
            throw corrupt("lz4 frame needs a dictionary, which Kafka never uses");
        }
        if ((flg & FLG_BLOCK_INDEPENDENCE) == 0) {
            throw corrupt("lz4 frame with linked blocks, which Kafka never writes (block independence unset)");
        }
        int sizeCode = (bd >>> 4) & 0x07;
        if (sizeCode < 4) {
            throw corrupt("lz4 frame block size code " + sizeCode + " (valid: 4 to 7)");
        }
        int blockMax = 1 << (2 * sizeCode + 8);
        int descriptor = 2 + ((flg & FLG_CONTENT_SIZE) != 0 ? 8 : 0);
        need(p + 4, descriptor + 1, end, "frame descriptor");
        long contentSize = -1;
        if ((flg & FLG_CONTENT_SIZE) != 0) {
            contentSize = longLE(src, p + 6);
            if (contentSize < 0 || contentSize > maxBytes - out.size) {
                throw beyond(maxBytes);
            }
        }
        if (src[p + 4 + descriptor] != headerChecksum(src, p + 4, descriptor)) {
            throw corrupt("lz4 frame header checksum mismatch (stored 0x" + Integer.toHexString(
                    src[p + 4 + descriptor] & 0xFF) + ", computed 0x"
                    + Integer.toHexString(headerChecksum(src, p + 4, descriptor) & 0xFF) + ")");
        }
        int frameStart = out.size;
        p = blocks(src, p + 5 + descriptor, end, out, maxBytes, blockMax, (flg & FLG_BLOCK_CHECKSUM) != 0);
        if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
            need(p, 4, end, "content checksum");
            int computed = XXHASH.hash(out.bytes, frameStart, out.size - frameStart, 0);
            if (computed != intLE(src, p)) {
                throw corrupt("lz4 frame content checksum mismatch");
            }
            p += 4;
        }
        if (contentSize >= 0 && contentSize != out.size - frameStart) {
            throw corrupt("lz4 frame declares " + contentSize + " bytes but holds " + (out.size - frameStart));
        }
        return p;
    }

    /** The blocks of a frame, through its end mark; returns the position after the end mark. */
    private static int blocks(byte[] src, int p, int end, Inflated out, int maxBytes, int blockMax,
                              boolean checksums) {
        while (true) {
            need(p, 4, end, "block size");
            int word = intLE(src, p);
            p += 4;
            if (word == 0) {
                return p;
            }
            int n = word & 0x7FFFFFFF;
            if (n > blockMax) {
                throw corrupt("lz4 block of " + n + " bytes exceeds the frame's block size " + blockMax);
            }
            need(p, n + (checksums ? 4 : 0), end, "block");
            if (checksums && XXHASH.hash(src, p, n, 0) != intLE(src, p + n)) {
                throw corrupt("lz4 block checksum mismatch");
            }
            if (word < 0) {
                if (n > maxBytes - out.size) {
                    throw beyond(maxBytes);
                }
                out.ensure(out.size + n, maxBytes);
                System.arraycopy(src, p, out.bytes, out.size, n);
                out.size += n;
            } else {
                out.size += block(src, p, n, out, maxBytes, blockMax);
            }
            p += n + (checksums ? 4 : 0);
        }
    }

    /** One compressed block into {@code out} at its size; returns the bytes it inflated to. */
    private static int block(byte[] src, int p, int n, Inflated out, int maxBytes, int blockMax) {
        int room = Math.min(blockMax, maxBytes - out.size);
        out.ensure(out.size + room, maxBytes);
        try {
            return DECOMPRESSOR.decompress(src, p, n, out.bytes, out.size, room);
        } catch (LZ4Exception e) {
            if (room < blockMax) {
                // Corrupt, or valid but over the limit: say which (rare, so a throw-away buffer is fine).
                try {
                    DECOMPRESSOR.decompress(src, p, n, new byte[blockMax], 0, blockMax);
                } catch (LZ4Exception corrupt) {
                    throw corrupt("corrupt lz4 block: " + corrupt.getMessage());
                }
                throw beyond(maxBytes);
            }
            throw corrupt("corrupt lz4 block: " + e.getMessage());
        }
    }

    private static byte headerChecksum(byte[] b, int off, int len) {
        return (byte) ((XXHASH.hash(b, off, len, 0) >> 8) & 0xFF);
    }

    private static void need(int p, int n, int end, String what) {
        if (n > end - p) {
            throw corrupt("truncated lz4 data: " + what + " needs " + n + " bytes, " + Math.max(0, end - p)
                    + " left");
        }
    }

    private static DecodeException corrupt(String why) {
        return new DecodeException(why);
    }

    private static DecodeException beyond(int maxBytes) {
        return new DecodeException("lz4 data inflates beyond the limit of " + maxBytes + " bytes");
    }

    static int intLE(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private static long longLE(byte[] b, int p) {
        return (intLE(b, p) & 0xFFFFFFFFL) | (long) intLE(b, p + 4) << 32;
    }

    static void putIntLE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }
}
