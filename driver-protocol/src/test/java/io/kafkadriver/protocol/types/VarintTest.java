package io.kafkadriver.protocol.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

class VarintTest {

    @Test
    void signedAndUnsignedValuesMatchTheOfficialEncodingAndSize() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            int bits = random.nextInt(0, 64);
            long l = random.nextLong() >> bits;
            int n = (int) l;
            ByteBuffer ours = ByteBuffer.allocate(32);
            ByteBuffer theirs = ByteBuffer.allocate(32);
            Varint.writeVarint(n, ours);
            Varint.writeVarlong(l, ours);
            Varint.writeUnsignedVarint(n, ours);
            ByteUtils.writeVarint(n, theirs);
            ByteUtils.writeVarlong(l, theirs);
            ByteUtils.writeUnsignedVarint(n, theirs);
            assertEquals(theirs.flip(), ours.flip(), "encoding of " + l);
            assertEquals(ByteUtils.sizeOfVarint(n), Varint.sizeOfVarint(n));
            assertEquals(ByteUtils.sizeOfVarlong(l), Varint.sizeOfVarlong(l));
            assertEquals(ByteUtils.sizeOfUnsignedVarint(n), Varint.sizeOfUnsignedVarint(n));
            assertEquals(n, Varint.readVarint(ours));
            assertEquals(l, Varint.readVarlong(ours));
            assertEquals(n, Varint.readUnsignedVarint(ours));
            assertTrue(!ours.hasRemaining());
        }
    }

    @Test
    void edgeValuesHaveTheirDocumentedSizes() {
        assertEquals(1, Varint.sizeOfUnsignedVarint(0));
        assertEquals(5, Varint.sizeOfUnsignedVarint(-1));
        assertEquals(1, Varint.sizeOfUnsignedVarlong(0));
        assertEquals(10, Varint.sizeOfUnsignedVarlong(-1L));
        assertEquals(10, Varint.sizeOfVarlong(Long.MIN_VALUE));
    }

    @Test
    void truncatedAndOverlongInputIsADecodeException() {
        DecodeException truncated = assertThrows(DecodeException.class,
                () -> Varint.readVarint(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80})));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThrows(DecodeException.class, () -> Varint.readUnsignedVarint(ByteBuffer.wrap(six)));
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0x80);
        assertThrows(DecodeException.class, () -> Varint.readVarlong(ByteBuffer.wrap(eleven)));
        assertThrows(DecodeException.class, () -> Varint.readVarint(ByteBuffer.allocate(0)));
    }
}
