/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench.jmh;

import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.Record;
import io.kafkadriver.protocol.record.RecordBatch;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import io.kafkadriver.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding one RecordBatch v2 of 1,000 records with 100-byte values: the driver's
 * {@link RecordBatchBuilder}/{@link RecordBatches} against the official client's {@code MemoryRecordsBuilder}/
 * {@code MemoryRecords}, in the same run. Values are text-like (a small alphabet) so that compression has work to do.
 *
 * <p>Run: {@code java -cp driver-bench/target/kafka-driver-bench.jar org.openjdk.jmh.Main RecordBatchBenchmark
 * -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBatchBenchmark {
    private static final int RECORDS = 1_000;
    private static final int VALUE_BYTES = 100;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    /** The codec under test. */
    @Param({"NONE", "LZ4", "ZSTD"})
    public String codec;

    private byte[][] values;
    private CompressionCodec ourCodec;
    private Compression theirCompression;
    private RecordBatchBuilder builder;
    private ByteBuffer theirBuffer;
    private ByteBuffer encoded;

    /** Prepares the values and one encoded batch per side. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        values = new byte[RECORDS][VALUE_BYTES];
        for (byte[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) ('a' + random.nextInt(16));
            }
        }
        ourCodec = CompressionCodec.valueOf(codec);
        theirCompression = Compression.of(CompressionType.forId(ourCodec.id())).build();
        builder = new RecordBatchBuilder();
        theirBuffer = ByteBuffer.allocate(256 * 1024);
        ByteBuffer built = encodeOurs();
        encoded = ByteBuffer.allocate(built.remaining()).put(built).flip();
    }

    /**
     * The driver encodes a batch.
     *
     * @return the batch
     */
    @Benchmark
    public ByteBuffer encodeOurs() {
        builder.reset(ourCodec);
        for (int i = 0; i < RECORDS; i++) {
            builder.append(TIMESTAMP + i, null, values[i], null);
        }
        return builder.build();
    }

    /**
     * The official client encodes a batch.
     *
     * @return the batch
     */
    @Benchmark
    public MemoryRecords encodeOfficial() {
        theirBuffer.clear();
        MemoryRecordsBuilder b = MemoryRecords.builder(theirBuffer,
                org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE, theirCompression,
                TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < RECORDS; i++) {
            b.append(TIMESTAMP + i, null, values[i]);
        }
        return b.build();
    }

    /**
     * The driver decodes the batch and touches every value.
     *
     * @param bh the sink
     */
    @Benchmark
    public void decodeOurs(Blackhole bh) {
        for (RecordBatch batch : RecordBatches.of(encoded)) {
            batch.verify();
            for (Record r : batch.records(1 << 20)) {
                bh.consume(r.value().get(0));
            }
        }
    }

    /**
     * The driver decodes the batch the way the consumer does ({@code RecordBatch.forEachRecord}, each key and value
     * in an array of its own, as a user gets it) and touches every value.
     *
     * @param bh the sink
     */
    @Benchmark
    public void decodeOursEach(Blackhole bh) {
        for (RecordBatch batch : RecordBatches.of(encoded)) {
            batch.verify();
            batch.forEachRecord(1 << 20, (offset, timestamp, key, value, headers) -> bh.consume(value[0]));
        }
    }

    /**
     * The official client decodes the batch and touches every value.
     *
     * @param bh the sink
     */
    @Benchmark
    public void decodeOfficial(Blackhole bh) {
        for (org.apache.kafka.common.record.RecordBatch batch
                : MemoryRecords.readableRecords(encoded.duplicate()).batches()) {
            batch.ensureValid();
            for (org.apache.kafka.common.record.Record r : batch) {
                bh.consume(r.value().get(0));
            }
        }
    }
}
