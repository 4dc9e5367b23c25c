package io.kafkadriver.actors.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The delivery and its actor, without a broker. */
class DeliveryTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final String TOPIC = "t";

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<TopicPartitionRef> stopped = new CopyOnWriteArrayList<>();

    private Delivery<Long> started() throws InterruptedException {
        Delivery.FetchControl fetching = new Delivery.FetchControl() {
            @Override
            public void start(String topic, int partition, StartPosition position) {
            }

            @Override
            public void paused(String topic, int partition, boolean paused) {
            }

            @Override
            public void stopped(String topic, int partition) {
                stopped.add(new TopicPartitionRef(topic, partition));
            }
        };
        Delivery<Long> delivery = new Delivery<>(1 << 20, false, fetching,
                (topic, partition, offset, timestamp, key, value, headers) -> offset, new Delivery.Events() {
                    @Override
                    public void offsetReset(String topic, int partition, long from, long to) {
                    }

                    @Override
                    public void failed(String topic, int partition, Exception error) {
                        failures.add(topic + "-" + partition + ": " + error.getMessage());
                    }
                });
        CountDownLatch spawned = new CountDownLatch(1);
        KIT.spawn(Behaviors.setup(context -> {
            delivery.spawn(context, "delivery");
            spawned.countDown();
            return Behaviors.empty();
        }));
        assertTrue(spawned.await(10, TimeUnit.SECONDS));
        return delivery;
    }

    @Test
    void issue12ChunksQueuedBehindAnUndecodableOneAreNotDeliveredAcrossTheGap() throws Exception {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        Delivery<Long> delivery = started();
        delivery.listeners().add(delivered::add);
        delivery.start(TOPIC, 0, StartPosition.EARLIEST);
        ByteBuffer corrupt = batch(CompressionCodec.ZSTD, 0, 3);
        for (int i = RecordBatchBuilder.HEADER_BYTES; i < corrupt.limit(); i++) {
            corrupt.put(i, (byte) 0xFF); // the zstd frame is garbage
        }
        delivery.deliver(chunk(corrupt, 0, 3, done));
        delivery.deliver(chunk(batch(CompressionCodec.NONE, 3, 3), 3, 6, done));
        assertTrue(done.await(10, TimeUnit.SECONDS), "both chunks were released");
        assertEquals(List.of(), delivered, "records 3..5 follow the undecodable 0..2: none is delivered");
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("t-0 after offset 0"), failures.get(0));
        assertEquals(List.of(new TopicPartitionRef(TOPIC, 0)), stopped);

        // A new start opens the partition again.
        CountDownLatch again = new CountDownLatch(1);
        delivery.start(TOPIC, 0, StartPosition.EARLIEST);
        delivery.deliver(chunk(batch(CompressionCodec.NONE, 10, 2), 10, 12, again));
        assertTrue(again.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(10L, 11L), delivered);
        delivery.close();
    }

    @Test
    void aReceiverGetsBatchesWithinItsDemandAndAStoppedDeliveryGivesEveryHeldChunkBack() throws Exception {
        Delivery<Long> delivery = started();
        List<List<Long>> batches = new CopyOnWriteArrayList<>();
        delivery.setReceiver(TOPIC, batches::add, 4);
        delivery.start(TOPIC, 0, StartPosition.EARLIEST);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        delivery.deliver(chunk(batch(CompressionCodec.LZ4, 0, 10), 0, 10, first));
        delivery.deliver(chunk(batch(CompressionCodec.NONE, 10, 5), 10, 15, second));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L)), batches, "no more than the demand");
        delivery.grant(TOPIC, 3);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(4L, 5L, 6L), batches.get(1));
        assertEquals(1, first.getCount(), "the first chunk is only partly delivered: still held");
        delivery.close();
        assertTrue(first.await(10, TimeUnit.SECONDS) && second.await(10, TimeUnit.SECONDS),
                "stopping gives both held chunks back to the budget");
        assertEquals(2, batches.size());
    }

    @Test
    void aListenerThatHoldsItsPartitionPausesAtTheRecordWhichAResumeDeliversAgain() throws Exception {
        List<String> pauses = new CopyOnWriteArrayList<>();
        Delivery.FetchControl fetching = new Delivery.FetchControl() {
            @Override
            public void start(String topic, int partition, StartPosition position) {
            }

            @Override
            public void paused(String topic, int partition, boolean paused) {
                pauses.add(topic + "-" + partition + (paused ? " paused" : " resumed"));
            }

            @Override
            public void stopped(String topic, int partition) {
            }
        };
        List<Long> delivered = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<java.util.function.Consumer<Long>> listeners = new CopyOnWriteArrayList<>();
        listeners.add(offset -> {
            if (offset == 2 && refuse.get()) {
                throw new Delivery.HoldPartition("cannot take offset 2 yet");
            }
            delivered.add(offset);
        });
        Delivery<Long> delivery = new Delivery<>(1 << 20, false, fetching,
                (topic, partition, offset, timestamp, key, value, headers) -> offset, new Delivery.Events() {
                    @Override
                    public void offsetReset(String topic, int partition, long from, long to) {
                    }

                    @Override
                    public void failed(String topic, int partition, Exception error) {
                        failures.add(error.getMessage());
                    }
                }, listeners, true);
        CountDownLatch spawned = new CountDownLatch(1);
        KIT.spawn(Behaviors.setup(context -> {
            delivery.spawn(context, "holding");
            spawned.countDown();
            return Behaviors.empty();
        }));
        assertTrue(spawned.await(10, TimeUnit.SECONDS));
        delivery.start(TOPIC, 0, StartPosition.EARLIEST);
        CountDownLatch done = new CountDownLatch(2);
        delivery.deliver(chunk(batch(CompressionCodec.NONE, 0, 5), 0, 5, done));
        delivery.deliver(chunk(batch(CompressionCodec.NONE, 5, 2), 5, 7, done));
        TopicPartitionRef tp = new TopicPartitionRef(TOPIC, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pauses.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("t-0 paused"), pauses, "the hold pauses the partition's fetching");
        assertEquals(List.of(0L, 1L), delivered, "nothing after the held record");
        assertEquals(java.util.Map.of(tp, 2L), delivery.positions(java.util.Set.of(tp)),
                "the held record is not counted as delivered: a commit stays before it");
        assertEquals(2, done.getCount(), "both chunks are still held");

        refuse.set(false);
        delivery.pause(TOPIC, 0, false);
        assertTrue(done.await(10, TimeUnit.SECONDS), "a resume delivers the rest");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), delivered, "the held record first, then the rest, once");
        assertEquals(java.util.Map.of(tp, 7L), delivery.positions(java.util.Set.of(tp)));
        assertEquals(List.of(), failures);
        delivery.close();
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
