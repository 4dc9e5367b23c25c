package io.kafkadriver.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static byte[] stream(List<byte[]> frames) {
        int total = frames.stream().mapToInt(f -> 4 + f.length).sum();
        ByteBuffer b = ByteBuffer.allocate(total);
        frames.forEach(f -> b.putInt(f.length).put(f));
        return b.array();
    }

    private static List<byte[]> collect(FrameDecoder d, byte[] bytes, int[] cuts) {
        List<byte[]> got = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            d.feed(ByteBuffer.wrap(bytes, from, cut - from), f -> {
                byte[] a = new byte[f.remaining()];
                f.get(a);
                got.add(a);
            });
            from = cut;
        }
        return got;
    }

    @Test
    void framesSplitAtEveryByteComeOutWhole() {
        List<byte[]> frames = List.of(new byte[] {1, 2, 3}, new byte[0], new byte[] {9}, new byte[300]);
        byte[] bytes = stream(frames);
        for (int cut = 0; cut <= bytes.length; cut++) {
            for (int second = cut; second <= bytes.length; second += 7) {
                FrameDecoder d = new FrameDecoder(1024);
                List<byte[]> got = collect(d, bytes, new int[] {cut, second, bytes.length});
                assertEquals(frames.size(), got.size(), "cuts at " + cut + " and " + second);
                for (int i = 0; i < frames.size(); i++) {
                    assertArrayEquals(frames.get(i), got.get(i));
                }
                assertFalse(d.isMidFrame());
            }
        }
    }

    @Test
    void randomChunkingKeepsEveryFrame() {
        SplittableRandom random = new SplittableRandom(11);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] f = new byte[random.nextInt(0, 5_000)];
            random.nextBytes(f);
            frames.add(f);
        }
        byte[] bytes = stream(frames);
        List<Integer> cuts = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += random.nextInt(1, 3_000)) {
            cuts.add(at);
        }
        cuts.add(bytes.length);
        List<byte[]> got = collect(new FrameDecoder(10_000), bytes, cuts.stream().mapToInt(Integer::intValue)
                .toArray());
        assertEquals(frames.size(), got.size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), got.get(i), "frame " + i);
        }
    }

    @Test
    void theRestOfALargeFrameCanBeReadStraightIntoItsBufferAndTheFrameAfterItIsCutAsUsual() {
        byte[] large = new byte[10_000];
        new SplittableRandom(3).nextBytes(large);
        byte[] bytes = stream(List.of(large, new byte[] {7, 8}));
        FrameDecoder d = new FrameDecoder(1 << 20);
        List<byte[]> got = new ArrayList<>();
        java.util.function.Consumer<ByteBuffer> out = f -> {
            byte[] a = new byte[f.remaining()];
            f.get(a);
            got.add(a);
        };
        assertEquals(null, d.openFrame(1), "no frame begun");
        d.feed(ByteBuffer.wrap(bytes, 0, 100), out); // the size and 96 bytes of the large frame
        assertEquals(null, d.openFrame(9_905), "fewer bytes missing than asked for");
        ByteBuffer open = d.openFrame(9_904);
        assertEquals(9_904, open.remaining());
        open.put(bytes, 100, 5_000); // a first read into it: not complete yet
        d.frameRead(out);
        assertTrue(got.isEmpty() && d.isMidFrame());
        d.openFrame(1).put(bytes, 5_100, 4_904);
        d.frameRead(out);
        d.feed(ByteBuffer.wrap(bytes, 10_004, bytes.length - 10_004), out);
        assertEquals(2, got.size());
        assertArrayEquals(large, got.get(0));
        assertArrayEquals(new byte[] {7, 8}, got.get(1));
        assertFalse(d.isMidFrame());
    }

    @Test
    void anOversizedOrNegativeSizeIsRefusedBeforeAllocating() {
        FrameDecoder d = new FrameDecoder(100);
        DecodeException big = assertThrows(DecodeException.class,
                () -> d.feed(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0}), f -> { }));
        assertTrue(big.getMessage().contains("refused a frame of 2130706432 bytes (the limit is 100)"),
                big.getMessage());
        FrameDecoder split = new FrameDecoder(100);
        split.feed(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff}), f -> { });
        assertTrue(split.isMidFrame());
        assertThrows(DecodeException.class,
                () -> split.feed(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xfe}), f -> { }));
    }

    @Test
    void nonKafkaPeersAreRecognised() {
        assertTrue(refusal("HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII)).contains("HTTP"));
        assertTrue(refusal(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50}).contains("TLS"));
        assertTrue(refusal("SSH-2.0-OpenSSH".getBytes(StandardCharsets.US_ASCII)).contains("\"SSH-\""));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(DecodeException.class,
                () -> new FrameDecoder(100 << 20).feed(ByteBuffer.wrap(bytes), f -> { })).getMessage();
    }
}
