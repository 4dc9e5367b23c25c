package io.kafkadriver.protocol.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import io.kafkadriver.protocol.DecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * zstd with reused contexts: frames with and without a content size (Kafka's producer streams its frames without),
 * concatenated frames, an output array that must grow, the limit, bad bytes; and the thread scratch's rules.
 */
class ZstdFramesTest {
    private static final int MAX = 64 << 20;

    private static byte[] data(int n, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + rnd.nextInt(8));
        }
        return b;
    }

    private static byte[] ours(byte[] input) {
        byte[] dst = new byte[CompressionCodec.ZSTD.maxCompressedLength(input.length)];
        return Arrays.copyOf(dst, CompressionCodec.ZSTD.compress(input, 0, input.length, dst, 0, dst.length));
    }

    /** A frame as a stream writes it: no content size. */
    private static byte[] streamed(byte[] input) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(bytes)) {
            out.write(input);
        }
        return bytes.toByteArray();
    }

    private static byte[] decompress(byte[] frame, int max) {
        ByteBuffer out = CompressionCodec.ZSTD.decompress(ByteBuffer.wrap(frame).asReadOnlyBuffer(), max);
        byte[] a = new byte[out.remaining()];
        out.get(a);
        return a;
    }

    /** Runs on a new thread, whose scratch starts small: the growth path. */
    private static byte[] onAFreshThread(byte[] frame, int max) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(decompress(frame, max));
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        t.join();
        if (result.get() instanceof RuntimeException e) {
            throw e;
        }
        return (byte[]) result.get();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 65_791, 65_792, 1 << 20, 16 << 20})
    void roundTripsWithAndWithoutAContentSizeThroughKafkasReader(int size) throws IOException,
            InterruptedException {
        byte[] input = data(size, size);
        for (byte[] frame : new byte[][] {ours(input), streamed(input)}) {
            assertArrayEquals(input, onAFreshThread(frame, MAX), "fresh thread, " + size);
            assertArrayEquals(input, decompress(frame, MAX), "warm thread, " + size);
        }
        byte[] frame = ours(input);
        assertEquals(size, Zstd.getFrameContentSize(frame), "ours declares its size");
        assertArrayEquals(input, Compression.zstd().build().wrapForInput(ByteBuffer.wrap(frame),
                RecordBatch.MAGIC_VALUE_V2, BufferSupplier.create()).readAllBytes(), "Kafka reads ours");
    }

    @Test
    void theDeclaredContentSizeIsReadForEveryFieldWidth() throws IOException {
        for (int size : new int[] {0, 1, 255, 256, 65_791, 65_792, 70_000, 1 << 20}) {
            byte[] frame = ours(data(size, 1));
            assertEquals(Zstd.getFrameContentSize(frame), ZstdFrames.declaredContentSize(frame, 0, frame.length),
                    "size " + size);
        }
        byte[] streamed = streamed(data(1000, 2));
        assertEquals(-1, ZstdFrames.declaredContentSize(streamed, 0, streamed.length));
        assertEquals(-1, ZstdFrames.declaredContentSize(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6), "not a frame");
    }

    @Test
    void readsConcatenatedFramesInOrder() throws IOException {
        byte[] a = data(300_000, 3);
        byte[] b = data(70_000, 4);
        byte[] fa = ours(a);
        byte[] fb = streamed(b);
        byte[] all = Arrays.copyOf(fa, fa.length + fb.length);
        System.arraycopy(fb, 0, all, fa.length, fb.length);
        byte[] expected = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, decompress(all, MAX), "the first frame's size is only a hint");
    }

    @Test
    void aBombIsRefusedAtTheLimitWhetherItsSizeIsDeclaredOrNot() throws IOException, InterruptedException {
        byte[] zeros = new byte[1 << 20];
        for (byte[] frame : new byte[][] {ours(zeros), streamed(zeros)}) {
            DecodeException e = assertThrows(DecodeException.class, () -> onAFreshThread(frame, 100_000));
            assertTrue(e.getMessage().contains("beyond the limit of 100000 bytes"), e.getMessage());
            assertEquals(zeros.length, onAFreshThread(frame, zeros.length).length, "exactly at the limit");
        }
    }

    @Test
    void badBytesAreOnlyEverDecodeExceptions() throws IOException {
        byte[] frame = streamed(data(100_000, 5));
        for (int cut = 1; cut < frame.length; cut += 37) {
            byte[] part = Arrays.copyOf(frame, cut);
            assertThrows(DecodeException.class, () -> decompress(part, MAX), "cut at " + cut);
        }
        FlippedBits.onlyDecodeExceptions(frame, 6, 2_000, bad -> decompress(bad, MAX));
        assertEquals(0, decompress(new byte[0], MAX).length, "no frame, no bytes");
    }

    @Test
    void aNestedCallGetsMemoryOfItsOwnAndTheLentBufferStaysIntact() {
        byte[] outer = data(200_000, 7);
        byte[] inner = data(300_000, 8);
        byte[] outerFrame = ours(outer);
        byte[] innerFrame = ours(inner);
        List<byte[]> seen = new ArrayList<>();
        CompressionCodec.ZSTD.withDecompressed(ByteBuffer.wrap(outerFrame), MAX, a -> {
            CompressionCodec.LZ4.withDecompressed(ByteBuffer.wrap(lz4Frame(inner)), MAX, b -> seen.add(bytes(b)));
            CompressionCodec.ZSTD.withDecompressed(ByteBuffer.wrap(innerFrame), MAX, b -> seen.add(bytes(b)));
            seen.add(bytes(a));
        });
        assertArrayEquals(inner, seen.get(0));
        assertArrayEquals(inner, seen.get(1));
        assertArrayEquals(outer, seen.get(2), "the outer bytes were not overwritten by the nested calls");
    }

    @Test
    void threadsDecodingInParallelEachGetTheirOwnBytes() throws InterruptedException {
        int threads = 4;
        byte[][] inputs = new byte[threads][];
        byte[][] frames = new byte[threads][];
        for (int i = 0; i < threads; i++) {
            inputs[i] = data(100_000 + i * 50_000, 10 + i);
            frames[i] = i % 2 == 0 ? ours(inputs[i]) : lz4Frame(inputs[i]);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int me = i;
            CompressionCodec codec = i % 2 == 0 ? CompressionCodec.ZSTD : CompressionCodec.LZ4;
            Thread t = new Thread(() -> {
                try {
                    for (int round = 0; round < 200; round++) {
                        codec.withDecompressed(ByteBuffer.wrap(frames[me]), MAX, b -> {
                            if (!Arrays.equals(inputs[me], bytes(b))) {
                                throw new AssertionError("thread " + me + " saw other bytes");
                            }
                        });
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            started.add(t);
            t.start();
        }
        for (Thread t : started) {
            t.join();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
    }

    private static byte[] lz4Frame(byte[] input) {
        byte[] dst = new byte[CompressionCodec.LZ4.maxCompressedLength(input.length)];
        return Arrays.copyOf(dst, CompressionCodec.LZ4.compress(input, 0, input.length, dst, 0, dst.length));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
