package io.kafkadriver.protocol.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.compress.Lz4BlockOutputStream;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lz4 frame codec against lz4-java's frame streams and Kafka's own lz4 streams, both ways: every block size,
 * block and content checksums, content size, multi-block, concatenated and skippable frames, and bad bytes.
 */
class Lz4FramesTest {
    private static final int MAX = 64 << 20;

    /** Text-like (compressible) bytes, or random (stored blocks) ones. */
    private static byte[] data(int n, boolean compressible, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = compressible ? (byte) ('a' + rnd.nextInt(8)) : (byte) rnd.nextInt();
        }
        return b;
    }

    private static byte[] ours(byte[] input) {
        byte[] dst = new byte[CompressionCodec.LZ4.maxCompressedLength(input.length)];
        int n = CompressionCodec.LZ4.compress(input, 0, input.length, dst, 0, dst.length);
        return Arrays.copyOf(dst, n);
    }

    private static byte[] decompress(byte[] frame, int max) {
        ByteBuffer out = CompressionCodec.LZ4.decompress(ByteBuffer.wrap(frame), max);
        byte[] a = new byte[out.remaining()];
        out.get(a);
        return a;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] lz4java(byte[] input, LZ4FrameOutputStream.BLOCKSIZE size, long knownSize,
                                  LZ4FrameOutputStream.FLG.Bits... bits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(bytes, size, knownSize, bits)) {
            out.write(input);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 100, 65_535, 65_536, 65_537, 3 * 65_536 + 5, 4 << 20, 16 << 20})
    void roundTripsEverySizeThroughTheStandardAndKafkaReaders(int size) throws IOException {
        for (boolean compressible : new boolean[] {true, false}) {
            byte[] input = data(size, compressible, size);
            byte[] frame = ours(input);
            assertTrue(frame.length <= CompressionCodec.LZ4.maxCompressedLength(size));
            assertArrayEquals(input, decompress(frame, MAX), "ours, " + size);
            assertArrayEquals(input, readAll(new LZ4FrameInputStream(new java.io.ByteArrayInputStream(frame))),
                    "lz4-java, " + size);
            assertArrayEquals(input, readAll(Compression.lz4().build().wrapForInput(ByteBuffer.wrap(frame),
                    RecordBatch.MAGIC_VALUE_V2, BufferSupplier.create())), "Kafka, " + size);
        }
    }

    @Test
    void writesWhatKafkaWritesAsItsFrameHeader() throws IOException {
        ByteBufferOutputStream theirs = new ByteBufferOutputStream(1024);
        try (OutputStream out = Compression.lz4().build().wrapForOutput(theirs, RecordBatch.MAGIC_VALUE_V2)) {
            out.write(data(10, true, 1));
        }
        byte[] ours = ours(data(10, true, 1));
        byte[] kafkaHeader = Arrays.copyOf(theirs.buffer().array(), 7);
        assertArrayEquals(kafkaHeader, Arrays.copyOf(ours, 7), "magic, FLG, BD, HC");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7})
    void readsKafkasFramesOfEveryBlockSizeWithAndWithoutBlockChecksums(int blockSizeCode) throws IOException {
        byte[] input = data(3 << 20, true, blockSizeCode);
        for (boolean checksum : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new Lz4BlockOutputStream(bytes, blockSizeCode, 9, checksum, false)) {
                out.write(input);
            }
            assertArrayEquals(input, decompress(bytes.toByteArray(), MAX), "code " + blockSizeCode + ", " + checksum);
        }
    }

    @Test
    void readsStandardFramesWithEveryOptionalField() throws IOException {
        byte[] input = data(700_000, true, 3);
        for (LZ4FrameOutputStream.BLOCKSIZE size : LZ4FrameOutputStream.BLOCKSIZE.values()) {
            byte[][] frames = {
                lz4java(input, size, -1, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE),
                lz4java(input, size, -1, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM),
                lz4java(input, size, -1, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM),
                lz4java(input, size, input.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM),
            };
            for (byte[] frame : frames) {
                assertArrayEquals(input, decompress(frame, MAX), size + " FLG 0x" + Integer.toHexString(frame[4]));
            }
        }
    }

    @Test
    void readsConcatenatedAndSkippableFramesInOrder() {
        byte[] a = data(70_000, true, 1);
        byte[] b = data(10, false, 2);
        byte[] fa = ours(a);
        byte[] fb = ours(b);
        byte[] skippable = {0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9};
        ByteBuffer all = ByteBuffer.allocate(fa.length + skippable.length + fb.length);
        all.put(fa).put(skippable).put(fb);
        byte[] expected = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, decompress(all.array(), MAX));
    }

    @Test
    void linkedBlocksAndDictionariesAreRefusedByName() {
        // lz4-java writes no linked blocks either: clear the flag in one of ours, with a valid header checksum.
        byte[] linked = ours(data(1000, true, 1));
        linked[4] &= ~0x20;
        linked[6] = (byte) ((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(linked, 4, 2, 0) >> 8)
                & 0xFF);
        DecodeException e = assertThrows(DecodeException.class, () -> decompress(linked, MAX));
        assertTrue(e.getMessage().contains("linked blocks"), e.getMessage());
        byte[] dict = ours(data(10, true, 1));
        dict[4] |= 0x01;
        e = assertThrows(DecodeException.class, () -> decompress(dict, MAX));
        assertTrue(e.getMessage().contains("dictionary"), e.getMessage());
    }

    @Test
    void checksumMismatchesAreReported() throws IOException {
        byte[] input = data(100_000, true, 5);
        byte[] header = ours(input);
        header[6]++;
        assertMessage(header, "header checksum mismatch");
        byte[] blocks = lz4java(input, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM);
        blocks[20]++;
        assertMessage(blocks, "block checksum mismatch");
        byte[] content = lz4java(input, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
        content[content.length - 1]++;
        assertMessage(content, "content checksum mismatch");
    }

    private static void assertMessage(byte[] frame, String expected) {
        DecodeException e = assertThrows(DecodeException.class, () -> decompress(frame, MAX));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFrameCutAnywhereIsATruncationAndBadBytesAreOnlyEverDecodeExceptions() {
        byte[] frame = ours(data(150_000, true, 6));
        for (int cut = 0; cut < frame.length; cut += cut < 64 ? 1 : 97) {
            byte[] part = Arrays.copyOf(frame, cut);
            if (cut == 0) {
                assertEquals(0, decompress(part, MAX).length, "no frame, no bytes");
                continue;
            }
            assertThrows(DecodeException.class, () -> decompress(part, MAX), "cut at " + cut);
        }
        FlippedBits.onlyDecodeExceptions(frame, 7, 3_000, bad -> decompress(bad, MAX));
    }

    @Test
    void aBombIsRefusedAtTheLimitWhetherItsSizeIsDeclaredOrNot() throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (byte[] frame : new byte[][] {ours(zeros), lz4java(zeros, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                zeros.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)}) {
            DecodeException e = assertThrows(DecodeException.class, () -> decompress(frame, 100_000));
            assertTrue(e.getMessage().contains("beyond the limit of 100000 bytes"), e.getMessage());
            assertEquals(zeros.length, decompress(frame, zeros.length).length, "exactly at the limit");
        }
    }

    @Test
    void aDeclaredContentSizeMustMatch() throws IOException {
        byte[] input = data(1000, true, 8);
        byte[] frame = lz4java(input, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, input.length,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE);
        frame[6]++; // the content size's low byte
        frame[14] = (byte) ((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32()
                .hash(frame, 4, 10, 0) >> 8) & 0xFF);
        assertMessage(frame, "declares 1001 bytes but holds 1000");
    }

    @Test
    void kafkasMagicZeroFramesNeedTheirHeaderChecksumRewritten() throws IOException {
        // KAFKA-1493: the magic-0 writer hashes the magic number too; LegacyRecordBatch rewrites HC first.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new Lz4BlockOutputStream(bytes, 4, 9, false, true)) {
            out.write(data(5000, true, 9));
        }
        byte[] broken = bytes.toByteArray();
        assertMessage(broken, "header checksum mismatch");
    }
}
