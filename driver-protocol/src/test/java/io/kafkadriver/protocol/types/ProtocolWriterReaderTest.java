/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written primitives: UTF-8 identical to the JDK, zero-copy segments, and strict decoding errors. */
class ProtocolWriterReaderTest {
    private static final String[] STRINGS = {"", "ascii", "é", "漢字", "😀", "a\uD800b", "\uDC00", "x\uD83D",
        "mixed é 漢 😀 \u0000"};

    @Test
    void stringsAreEncodedExactlyLikeTheJdk() {
        for (String s : STRINGS) {
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(jdk.length, Utf8.encodedLength(s), s);
            for (boolean compact : new boolean[] {false, true}) {
                ProtocolWriter w = new ProtocolWriter();
                w.writeString(s, compact);
                assertEquals(ProtocolWriter.sizeOfString(s, compact), w.size());
                ByteBuffer out = w.toByteBuffer();
                int prefix = compact ? 1 : 2;
                byte[] body = new byte[out.remaining() - prefix];
                out.position(prefix).get(body);
                assertArrayEquals(jdk, body, s);
            }
        }
    }

    @Test
    void largeRawBuffersAreReferencedNotCopied() {
        ProtocolWriter w = new ProtocolWriter(16, 64);
        ByteBuffer big = ByteBuffer.allocate(100);
        for (int i = 0; i < 100; i++) {
            big.put(i, (byte) i);
        }
        w.writeInt32(100);
        w.writeRaw(big);
        for (int i = 0; i < 50; i++) {
            w.writeInt64(i); // forces growth after a completed segment
        }
        ByteBuffer[] parts = w.buffers();
        assertEquals(3, parts.length);
        assertSame(big.array(), parts[1].array(), "the records buffer is part of the gather list");
        assertEquals(4 + 100 + 400, w.size());
        ByteBuffer all = w.toByteBuffer();
        assertEquals(100, all.getInt());
        for (int i = 0; i < 100; i++) {
            assertEquals((byte) i, all.get());
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i, all.getLong());
        }
        w.reset();
        assertEquals(0, w.size());
        w.writeInt8((byte) 1);
        assertArrayEquals(new byte[] {1}, w.toByteArray());
    }

    @Test
    void truncationNamesTheField() {
        ProtocolReader r = new ProtocolReader(ByteBuffer.wrap(new byte[] {0, 1, 2}));
        DecodeException e = assertThrows(DecodeException.class, () -> r.readInt32("Foo.Bar"));
        assertTrue(e.getMessage().contains("Foo.Bar") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void lengthsAreCheckedBeforeAllocating() {
        ByteBuffer huge = ByteBuffer.allocate(8).putInt(0, Integer.MAX_VALUE);
        DecodeException e = assertThrows(DecodeException.class,
                () -> new ProtocolReader(huge).readBytes("M.Data", false));
        assertTrue(e.getMessage().contains("M.Data") && e.getMessage().contains("exceeds"), e.getMessage());
        ByteBuffer negative = ByteBuffer.allocate(8).putInt(0, -5);
        assertThrows(DecodeException.class, () -> new ProtocolReader(negative).readArrayLength("M.List", false));
        ByteBuffer negativeString = ByteBuffer.allocate(8).putShort(0, (short) -2);
        assertThrows(DecodeException.class, () -> new ProtocolReader(negativeString).readString("M.S", false));
        byte[] bigVarint = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThrows(DecodeException.class, () -> new ProtocolReader(ByteBuffer.wrap(bigVarint))
                .readArrayLength("M.Compact", true));
        byte[] badVarint = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        DecodeException v = assertThrows(DecodeException.class,
                () -> new ProtocolReader(ByteBuffer.wrap(badVarint)).readUnsignedVarint("M.Tag"));
        assertTrue(v.getMessage().contains("M.Tag"), v.getMessage());
    }

    @Test
    void nullsAndSlices() {
        ProtocolWriter w = new ProtocolWriter();
        w.writeString(null, true);
        w.writeString(null, false);
        w.writeBytes((byte[]) null, true);
        w.writeBytes(ByteBuffer.wrap(new byte[] {9, 8}), false);
        w.writeUuid(new Uuid(1, 2));
        ProtocolReader r = new ProtocolReader(w.toByteBuffer());
        assertNull(r.readString("a", true));
        assertNull(r.readString("b", false));
        assertNull(r.readBytes("c", true));
        ByteBuffer slice = r.readByteBuffer("d", false);
        assertEquals(ByteBuffer.wrap(new byte[] {9, 8}), slice);
        assertEquals(new Uuid(1, 2), r.readUuid("e"));
        assertEquals(0, r.remaining());
        assertSame(Uuid.ZERO, new ProtocolReader(ByteBuffer.allocate(16)).readUuid("z"));
    }
}
