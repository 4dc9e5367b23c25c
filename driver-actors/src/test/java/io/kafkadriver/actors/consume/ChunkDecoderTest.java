/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks on the offsets of a fetched answer that its checksums do not cover. */
class ChunkDecoderTest {

    @Test
    void batchesBelowTheHighWatermarkAreAcceptedWithTheGapsTheLogCleanerLeaves() {
        assertEquals(20, ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(17, 3)), 5, 20));
    }

    @Test
    void aBatchAppendedWhileTheBrokerReadItsLogIsAcceptedAboveTheReportedHighWatermark() {
        // Seen against Kafka 4.1 at 50,000 records/s: the broker reports the high watermark taken before its read,
        // and reads up to the one of the moment. The batch at the reported high watermark was refused as corrupt.
        assertEquals(8, ChunkDecoder.verifiedNextOffset(answer(batch(5, 3)), 5, 5), "first, holding the offset");
        assertEquals(11, ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(8, 3)), 5, 8), "right after");
        assertEquals(14, ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(8, 3), batch(11, 3)), 6, 8),
                "a chain of them");
    }

    @Test
    void aBaseOffsetMovedAboveTheHighWatermarkIsRefused() {
        DecodeException first = assertThrows(DecodeException.class,
                () -> ChunkDecoder.verifiedNextOffset(answer(batch(5L + (1L << 40), 3)), 5, 8));
        assertTrue(first.getMessage().contains("fetched from 5") && first.getMessage().contains("high watermark 8"),
                first.getMessage());
        DecodeException gap = assertThrows(DecodeException.class,
                () -> ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(9, 3)), 5, 8));
        assertTrue(gap.getMessage().contains("record batch at offset 9"), gap.getMessage());
        assertThrows(DecodeException.class, () -> ChunkDecoder.verifiedNextOffset(answer(batch(7, 3)), 5, 5),
                "the first batch above the high watermark starts after the fetch offset");
    }

    @Test
    void overlappingBatchesAreRefusedWhateverTheHighWatermark() {
        assertThrows(DecodeException.class,
                () -> ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(6, 3)), 5, 100));
        assertThrows(DecodeException.class,
                () -> ChunkDecoder.verifiedNextOffset(answer(batch(5, 3), batch(6, 3)), 5, -1));
    }

    private static ByteBuffer batch(long baseOffset, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(CompressionCodec.NONE);
        for (int i = 0; i < records; i++) {
            b.append(1_000L + i, null, new byte[] {(byte) i}, List.of());
        }
        ByteBuffer out = b.buildDetached();
        out.putLong(0, baseOffset); // the base offset is outside the CRC
        return out;
    }

    private static ByteBuffer answer(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }
}
