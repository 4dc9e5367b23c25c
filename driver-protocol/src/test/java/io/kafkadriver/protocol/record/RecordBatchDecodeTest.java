package io.kafkadriver.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.compress.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decode paths around the reused decompression memory: empty batches, batches larger than a thread keeps,
 * read-only fetched buffers, and records handed out by {@code records()} that outlive later decodes.
 */
class RecordBatchDecodeTest {
    private static final int MAX = 64 << 20;

    private static ByteBuffer batch(CompressionCodec codec, byte[]... values) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(codec);
        for (byte[] v : values) {
            b.append(1_000L, null, v, null);
        }
        return b.buildDetached();
    }

    private static byte[] text(int n, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + rnd.nextInt(16));
        }
        return b;
    }

    private static List<byte[]> visited(ByteBuffer records) {
        List<byte[]> out = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.of(records.asReadOnlyBuffer())) {
            batch.verify();
            batch.forEachRecord(MAX, (offset, timestamp, key, value, headers) -> out.add(value));
        }
        return out;
    }

    /** A batch of no records, its records section empty, as a log cleaner can leave one; codec bits as given. */
    private static ByteBuffer empty(CompressionCodec codec) {
        ByteBuffer b = ByteBuffer.allocate(RecordBatchBuilder.HEADER_BYTES);
        b.put(batch(CompressionCodec.NONE, new byte[1]).limit(RecordBatchBuilder.HEADER_BYTES));
        b.putInt(8, RecordBatchBuilder.HEADER_BYTES - 12);
        b.putShort(21, (short) codec.id());
        b.putInt(23, -1);
        b.putInt(57, 0);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(21).limit(RecordBatchBuilder.HEADER_BYTES));
        b.putInt(17, (int) crc.getValue());
        return b.flip();
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void anEmptyBatchHasNoRecords(CompressionCodec codec) {
        ByteBuffer e = empty(codec);
        RecordBatch batch = RecordBatches.of(e).iterator().next();
        batch.verify();
        assertEquals(0, batch.records(MAX).size());
        assertEquals(List.of(), visited(e));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodec.class, names = {"LZ4", "ZSTD", "NONE"})
    void aBatchLargerThanAThreadKeepsDecodesAndSoDoesTheNextSmallOne(CompressionCodec codec) {
        byte[] huge = text(9 << 20, 1);
        byte[] small = text(100, 2);
        ByteBuffer big = batch(codec, huge, small);
        List<byte[]> seen = visited(big);
        assertArrayEquals(huge, seen.get(0));
        assertArrayEquals(small, seen.get(1));
        List<byte[]> after = visited(batch(codec, small, small));
        assertArrayEquals(small, after.get(0));
        assertArrayEquals(small, after.get(1));
        MemoryRecords.readableRecords(big.duplicate()).batches().forEach(b -> b.ensureValid());
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void recordsFromRecordsOutliveTheNextDecodesOnTheThread(CompressionCodec codec) {
        byte[] first = text(5000, 3);
        List<Record> kept = RecordBatches.of(batch(codec, first, first).asReadOnlyBuffer()).iterator().next()
                .records(MAX);
        for (int i = 0; i < 5; i++) {
            visited(batch(codec, text(8000, 10 + i), text(8000, 20 + i)));
        }
        assertArrayEquals(first, kept.get(0).valueBytes());
        assertArrayEquals(first, kept.get(1).valueBytes());
        assertTrue(kept.get(0).value().isReadOnly(), "values are read-only views");
        assertEquals(0, kept.get(0).value().position());
        assertEquals(first[0], kept.get(0).value().get(0));
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void theVisitorAndRecordsAgreeOnAReadOnlyFetchedBuffer(CompressionCodec codec) {
        byte[][] values = new byte[300][];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7 == 0 ? null : text(i, i);
        }
        ByteBuffer b = batch(codec, values);
        List<byte[]> seen = visited(b);
        List<Record> records = RecordBatches.of(b.asReadOnlyBuffer()).iterator().next().records(MAX);
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(values[i], seen.get(i), "visitor " + i);
            assertArrayEquals(values[i], records.get(i).valueBytes(), "records " + i);
            assertEquals(i, records.get(i).offset());
        }
        assertEquals(Arrays.asList(values).size(), seen.size());
    }
}
