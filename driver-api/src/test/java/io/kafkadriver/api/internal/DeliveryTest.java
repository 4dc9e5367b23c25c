package io.kafkadriver.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.consume.FetchedChunk;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The delivery thread, without a broker: what happens to a partition's queued chunks after one cannot be decoded. */
class DeliveryTest {
    private static final String TOPIC = "t";

    @Test
    void chunksQueuedBehindAnUndecodableOneAreNotDeliveredAcrossTheGap() throws Exception {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        List<ConsumeFailure> failures = new CopyOnWriteArrayList<>();
        List<TopicPartitionRef> stopped = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        try (Delivery delivery = new Delivery(1 << 20, false, stopped::add)) {
            delivery.listeners().add(m -> delivered.add(m.offset()));
            delivery.failureListeners().add(failures::add);
            delivery.open(TOPIC, 0);
            ByteBuffer corrupt = batch(CompressionCodec.ZSTD, 0, 3);
            for (int i = RecordBatchBuilder.HEADER_BYTES; i < corrupt.limit(); i++) {
                corrupt.put(i, (byte) 0xFF); // the zstd frame is garbage
            }
            delivery.deliver(chunk(corrupt, 0, 3, done));
            delivery.deliver(chunk(batch(CompressionCodec.NONE, 3, 3), 3, 6, done));
            assertTrue(done.await(10, TimeUnit.SECONDS), "both chunks were released");
            assertEquals(List.of(), delivered, "records 3..5 follow the undecodable 0..2: none is delivered");
            assertEquals(1, failures.size());
            assertTrue(failures.get(0).error().getMessage().contains("t-0 after offset 0"),
                    failures.get(0).error().getMessage());
            assertEquals(List.of(new TopicPartitionRef(TOPIC, 0)), stopped);

            // A new start opens the partition again.
            CountDownLatch again = new CountDownLatch(1);
            delivery.open(TOPIC, 0);
            delivery.deliver(chunk(batch(CompressionCodec.NONE, 10, 2), 10, 12, again));
            assertTrue(again.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(10L, 11L), delivered);
        }
    }

    private static ByteBuffer batch(CompressionCodec codec, long baseOffset, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(codec);
        for (int i = 0; i < records; i++) {
            b.append(1_000L + i, null, new byte[] {(byte) i}, List.of());
        }
        ByteBuffer out = b.buildDetached();
        out.putLong(0, baseOffset); // the base offset is outside the CRC
        return out;
    }

    private static FetchedChunk chunk(ByteBuffer records, long from, long next, CountDownLatch done) {
        return new FetchedChunk(TOPIC, 0, records, from, next, List.of(), records.remaining(), done::countDown);
    }
}
