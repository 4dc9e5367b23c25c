package io.kafkadriver.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Legacy message sets written by the official client (magic 0 and 1, each legacy codec) read back by ours. */
class LegacyRecordBatchTest {

    @ParameterizedTest
    @CsvSource({"0,NONE", "0,GZIP", "0,SNAPPY", "0,LZ4", "1,NONE", "1,GZIP", "1,SNAPPY", "1,LZ4"})
    void legacyMessageSetsReadExactly(byte magic, CompressionType type) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), magic,
                Compression.of(type).build(), TimestampType.CREATE_TIME, 100L);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] v = ("value-" + i).getBytes();
            values.add(v);
            builder.append(5_000L + i, i % 3 == 0 ? null : ("k" + i).getBytes(), v);
        }
        ByteBuffer buffer = builder.build().buffer();
        int i = 0;
        for (RecordBatch batch : RecordBatches.of(buffer)) {
            assertEquals(magic, batch.magic());
            batch.verify();
            for (Record r : batch.records(1 << 20)) {
                assertEquals(100L + i, r.offset());
                assertEquals(magic == 0 ? -1 : 5_000L + i, r.timestamp());
                assertArrayEquals(values.get(i), r.valueBytes());
                assertArrayEquals(i % 3 == 0 ? null : ("k" + i).getBytes(), r.keyBytes());
                i++;
            }
        }
        assertEquals(50, i);
        ByteBuffer corrupt = ByteBuffer.allocate(buffer.remaining()).put(buffer.duplicate()).flip();
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        assertThrows(DecodeException.class, () -> {
            for (RecordBatch b : RecordBatches.of(corrupt)) {
                b.verify();
            }
        });
    }
}
