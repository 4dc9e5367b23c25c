package io.kafkadriver.protocol.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Record batches exchanged with the official client's MemoryRecords, both ways, for every codec. */
class RecordBatchInteropTest {
    private static final int MAX = 64 << 20;

    /** A record as a test describes it. */
    private record Rec(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    private static List<Rec> sample(long seed, int n) {
        Random rnd = new Random(seed);
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = rnd.nextInt(4) == 0 ? null : bytes(rnd, rnd.nextInt(0, 20));
            byte[] value = rnd.nextInt(10) == 0 ? null : bytes(rnd, rnd.nextInt(0, 300));
            List<Header> headers = new ArrayList<>();
            for (int h = rnd.nextInt(3); h > 0; h--) {
                headers.add(new Header("h-é-" + h, rnd.nextBoolean() ? null : bytes(rnd, rnd.nextInt(10))));
            }
            recs.add(new Rec(1_700_000_000_000L + rnd.nextInt(-5_000, 5_000), key, value, headers));
        }
        return recs;
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static ByteBuffer ours(CompressionCodec codec, List<Rec> recs) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(codec);
        for (Rec r : recs) {
            b.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        ByteBuffer built = b.build();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    private static byte[] array(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void theVisitorDecodesExactlyWhatRecordsDoes(CompressionCodec codec) {
        ByteBuffer ours = ours(codec, sample(11 + codec.ordinal(), 400));
        for (RecordBatch batch : RecordBatches.of(ours)) {
            List<Record> expected = batch.records(1 << 24);
            List<String> seen = new java.util.ArrayList<>();
            batch.forEachRecord(1 << 24, (offset, timestamp, key, value, headers) -> seen.add(offset + "/"
                    + timestamp + "/" + java.util.Arrays.toString(key) + "/" + java.util.Arrays.toString(value) + "/"
                    + headers));
            assertEquals(expected.stream().map(r -> r.offset() + "/" + r.timestamp() + "/"
                    + java.util.Arrays.toString(r.keyBytes()) + "/" + java.util.Arrays.toString(r.valueBytes()) + "/"
                    + r.headers()).toList(), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void aDetachedBatchIsExactlyTheBuiltOneInMemoryOfItsOwn(CompressionCodec codec) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(codec);
        for (Rec r : sample(7 + codec.ordinal(), 300)) {
            b.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        ByteBuffer detached = b.buildDetached();
        assertEquals(detached.capacity(), detached.remaining(), "exactly the batch's size");
        assertEquals(b.build(), detached, "the same bytes as build()");
        MemoryRecords.readableRecords(detached.duplicate()).batches().forEach(batch -> batch.ensureValid());
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void theOfficialReaderReadsOurBatchesExactly(CompressionCodec codec) {
        List<Rec> recs = sample(codec.ordinal(), 500);
        MemoryRecords theirs = MemoryRecords.readableRecords(ours(codec, recs));
        int i = 0;
        for (org.apache.kafka.common.record.RecordBatch batch : theirs.batches()) {
            batch.ensureValid();
            assertEquals(codec.id(), batch.compressionType().id);
            assertEquals(2, batch.magic());
            for (org.apache.kafka.common.record.Record r : batch) {
                Rec expected = recs.get(i);
                assertEquals(i, r.offset());
                assertEquals(expected.timestamp(), r.timestamp());
                assertArrayEquals(expected.key(), array(r.key()), "key of " + i);
                assertArrayEquals(expected.value(), array(r.value()), "value of " + i);
                assertEquals(expected.headers().size(), r.headers().length);
                for (int h = 0; h < r.headers().length; h++) {
                    assertEquals(expected.headers().get(h).key(), r.headers()[h].key());
                    assertArrayEquals(expected.headers().get(h).value(), r.headers()[h].value());
                }
                i++;
            }
        }
        assertEquals(recs.size(), i);
    }

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void weReadTheOfficialWritersBatchesExactly(CompressionCodec codec) {
        List<Rec> recs = sample(100 + codec.ordinal(), 500);
        MemoryRecordsBuilder builder = officialBuilder(codec);
        for (Rec r : recs) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers().stream()
                    .map(h -> new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value()))
                    .toArray(org.apache.kafka.common.header.Header[]::new));
        }
        ByteBuffer theirs = builder.build().buffer();
        int i = 0;
        for (RecordBatch batch : RecordBatches.of(theirs)) {
            batch.verify();
            assertEquals(codec, batch.codec());
            assertFalse(batch.isControl());
            for (Record r : batch.records(MAX)) {
                Rec expected = recs.get(i);
                assertEquals(42L + i, r.offset());
                assertEquals(expected.timestamp(), r.timestamp());
                assertArrayEquals(expected.key(), r.keyBytes());
                assertArrayEquals(expected.value(), r.valueBytes());
                assertEquals(expected.headers(), r.headers());
                i++;
            }
        }
        assertEquals(recs.size(), i);
    }

    /**
     * A batch rewritten by the log cleaner of a compacted topic keeps its last offset delta (the broker's
     * {@code overrideLastOffset}) but holds fewer records, with gaps between their offsets: read exactly, for every
     * codec, and the batch still ends at its original last offset (where the next fetch starts).
     */
    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void aBatchCompactedByTheLogCleanerIsReadWithItsGaps(CompressionCodec codec) {
        List<Rec> recs = sample(200 + codec.ordinal(), 10);
        MemoryRecordsBuilder builder = officialBuilder(codec);
        recs.forEach(r -> builder.append(r.timestamp(), r.key(), r.value()));
        MemoryRecords.RecordFilter oddOffsetsButTheLast = new MemoryRecords.RecordFilter(0L, 0L) {
            @Override
            protected BatchRetentionResult checkBatchRetention(org.apache.kafka.common.record.RecordBatch batch) {
                return new BatchRetentionResult(BatchRetention.DELETE_EMPTY, false);
            }

            @Override
            protected boolean shouldRetainRecord(org.apache.kafka.common.record.RecordBatch batch,
                                                 org.apache.kafka.common.record.Record record) {
                return record.offset() % 2 == 1 && record.offset() != 51;
            }
        };
        ByteBuffer cleaned = ByteBuffer.allocate(4096);
        builder.build().filterTo(oddOffsetsButTheLast, cleaned,
                org.apache.kafka.common.utils.BufferSupplier.NO_CACHING);
        cleaned.flip();
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : RecordBatches.of(cleaned)) {
            batch.verify();
            assertEquals(51L, batch.lastOffset(), "the cleaner keeps the batch's last offset");
            for (Record r : batch.records(MAX)) {
                offsets.add(r.offset());
                assertArrayEquals(recs.get((int) (r.offset() - 42)).value(), r.valueBytes());
            }
        }
        assertEquals(List.of(43L, 45L, 47L, 49L), offsets);
    }

    @Test
    void controlBatchesAreRecognised() {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(7L, 1_000L, 3, 99L, (short) 1,
                new EndTransactionMarker(ControlRecordType.COMMIT, 5));
        Iterator<RecordBatch> it = RecordBatches.of(marker.buffer()).iterator();
        RecordBatch batch = it.next();
        batch.verify();
        assertTrue(batch.isControl());
        assertTrue(batch.isTransactional());
        assertEquals(99L, batch.producerId());
        assertEquals(7L, batch.baseOffset());
        assertFalse(it.hasNext());
    }

    /** A fetch cut at any byte yields the whole batches before the cut, and never anything but DecodeException. */
    @Test
    void truncationAndCorruptionGiveOnlyDecodeExceptions() {
        ByteBuffer one = ours(CompressionCodec.LZ4, sample(9, 40));
        ByteBuffer two = ByteBuffer.allocate(one.remaining() * 2);
        two.put(one.duplicate()).put(one.duplicate()).flip();
        for (int cut = 0; cut <= two.remaining(); cut++) {
            int batches = 0;
            for (RecordBatch b : RecordBatches.of(two.duplicate().limit(cut))) {
                b.verify();
                assertEquals(40, b.records(MAX).size());
                batches++;
            }
            assertEquals(cut / one.remaining(), batches, "cut at " + cut);
        }
        Random rnd = new Random(1);
        int crcCaught = 0;
        for (int i = 0; i < 2_000; i++) {
            ByteBuffer bad = ByteBuffer.allocate(one.remaining());
            bad.put(one.duplicate()).flip();
            int at = rnd.nextInt(bad.remaining());
            bad.put(at, (byte) (bad.get(at) ^ (1 << rnd.nextInt(8))));
            try {
                for (RecordBatch b : RecordBatches.of(bad)) {
                    b.verify();
                    b.records(MAX);
                }
            } catch (DecodeException expected) {
                crcCaught++;
            }
        }
        assertTrue(crcCaught > 1_900, "nearly every flipped bit is caught by the CRC or a length check: "
                + crcCaught);
        ByteBuffer badCrc = ByteBuffer.allocate(one.remaining());
        badCrc.put(one.duplicate()).flip();
        badCrc.put(30, (byte) (badCrc.get(30) + 1));
        DecodeException e = assertThrows(DecodeException.class, () -> RecordBatches.of(badCrc).iterator().next()
                .verify());
        assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
    }

    @Test
    void aDecompressionBombIsRefused() {
        List<Rec> big = List.of(new Rec(0, null, new byte[1 << 20], List.of()));
        RecordBatch batch = RecordBatches.of(ours(CompressionCodec.ZSTD, big)).iterator().next();
        DecodeException e = assertThrows(DecodeException.class, () -> batch.records(64 * 1024));
        assertTrue(e.getMessage().contains("beyond the limit of 65536 bytes"), e.getMessage());
        assertEquals(1, batch.records(2 << 20).size());
    }

    /** Issue 16: a batch re-numbered after an epoch bump reads back with the new fields and a valid CRC. */
    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void aRestampedBatchCarriesTheNewProducerFieldsAndAValidCrc(CompressionCodec codec) {
        RecordBatchBuilder builder = new RecordBatchBuilder().reset(codec).producer(1L, (short) 0, 0);
        for (int i = 0; i < 20; i++) {
            builder.append(1_000L + i, null, ("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        }
        ByteBuffer batch = builder.buildDetached();
        RecordBatchBuilder.restamp(batch, 7L, (short) 3, 42);
        assertEquals(0, batch.position());
        org.apache.kafka.common.record.RecordBatch theirs =
                MemoryRecords.readableRecords(batch.duplicate()).batches().iterator().next();
        theirs.ensureValid();
        assertEquals(7L, theirs.producerId());
        assertEquals(3, theirs.producerEpoch());
        assertEquals(42, theirs.baseSequence());
        assertEquals(61, theirs.lastSequence());
    }

    /** The official client's batch writer at base offset 42, current magic, create time, in the given codec. */
    private static MemoryRecordsBuilder officialBuilder(CompressionCodec codec) {
        return MemoryRecords.builder(ByteBuffer.allocate(1024),
                org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.of(CompressionType.forId(codec.id())).build(), TimestampType.CREATE_TIME, 42L);
    }
}
