package io.kafkadriver.protocol.message;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.Header;
import io.kafkadriver.protocol.record.RecordBatch;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import io.kafkadriver.protocol.record.RecordBatches;
import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import io.kafkadriver.protocol.types.Varint;
import io.kafkadriver.protocol.wire.FrameDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded random-mutation fuzz test of every decoder: valid encodings are mutated (bits flipped, truncated,
 * extended, lengths overwritten with huge or negative values) and decoded; the only exception allowed out of a decoder
 * is {@link DecodeException}. Each target runs for a bounded time; a failure prints the seed and the input.
 *
 * <p>To add a decoder, add one {@link FuzzTarget} to {@link #targets()}.
 */
class DecoderFuzzTest {
    private static final long MILLIS_PER_TARGET = Long.getLong("fuzz.millisPerTarget", 100);
    private static final long SEED = Long.getLong("fuzz.seed", 20261124L);

    /**
     * A decoder under fuzzing.
     *
     * @param name    for reports
     * @param samples makes a valid encoding from a random source
     * @param decode  decodes bytes, throwing only DecodeException on bad input
     */
    record FuzzTarget(String name, Function<Random, byte[]> samples, Consumer<byte[]> decode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FuzzTarget> targets() {
        List<FuzzTarget> targets = new ArrayList<>();
        for (String name : Fixtures.messageNames()) {
            Message prototype = Fixtures.newMessage(name);
            short low = prototype.lowestSupportedVersion();
            short high = prototype.highestSupportedVersion();
            for (short v = low; v <= high; v++) {
                short version = v;
                targets.add(new FuzzTarget(name + " v" + v, rnd -> {
                    ProtocolWriter w = new ProtocolWriter();
                    Fixtures.random(name, version, rnd).write(w, version);
                    return w.toByteArray();
                }, bytes -> Fixtures.newMessage(name).read(new ProtocolReader(ByteBuffer.wrap(bytes)), version)));
            }
        }
        targets.add(new FuzzTarget("FrameDecoder", rnd -> {
            byte[] body = new byte[rnd.nextInt(64)];
            rnd.nextBytes(body);
            return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        }, bytes -> new FrameDecoder(1 << 16).feed(ByteBuffer.wrap(bytes), f -> { })));
        for (CompressionCodec codec : CompressionCodec.values()) {
            for (boolean visitor : new boolean[] {false, true}) {
                targets.add(new FuzzTarget("RecordBatch " + codec.label() + (visitor ? " visitor" : ""), rnd -> {
                    RecordBatchBuilder b = new RecordBatchBuilder().reset(codec);
                    for (int i = rnd.nextInt(1, 20); i > 0; i--) {
                        byte[] value = new byte[rnd.nextInt(100)];
                        rnd.nextBytes(value);
                        b.append(rnd.nextLong(), rnd.nextBoolean() ? null : value, value,
                                List.of(new Header("k", rnd.nextBoolean() ? null : value)));
                    }
                    ByteBuffer built = b.build();
                    byte[] out = new byte[built.remaining()];
                    built.get(out);
                    return out;
                }, bytes -> {
                    for (RecordBatch batch : RecordBatches.of(ByteBuffer.wrap(bytes))) {
                        if (visitor) {
                            batch.forEachRecord(1 << 20, (offset, timestamp, key, value, headers) -> { });
                        } else {
                            batch.records(1 << 20);
                        }
                    }
                }));
            }
        }
        for (byte magic = 0; magic <= 1; magic++) {
            byte m = magic;
            targets.add(new FuzzTarget("Legacy message set v" + magic + " gzip", rnd -> legacy(m, rnd), bytes -> {
                for (RecordBatch batch : RecordBatches.of(ByteBuffer.wrap(bytes))) {
                    batch.records(1 << 20);
                }
            }));
        }
        targets.add(new FuzzTarget("Varint", rnd -> {
            ByteBuffer b = ByteBuffer.allocate(32);
            Varint.writeVarint(rnd.nextInt(), b);
            Varint.writeVarlong(rnd.nextLong(), b);
            Varint.writeUnsignedVarint(rnd.nextInt(), b);
            return java.util.Arrays.copyOf(b.array(), b.position());
        }, bytes -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            Varint.readVarint(b);
            Varint.readVarlong(b);
            Varint.readUnsignedVarint(b);
        }));
        return targets.stream();
    }

    /** A legacy message set written by the official client (test scope), as a fuzz seed. */
    private static byte[] legacy(byte magic, Random rnd) {
        org.apache.kafka.common.record.MemoryRecordsBuilder b = org.apache.kafka.common.record.MemoryRecords.builder(
                ByteBuffer.allocate(256), magic, org.apache.kafka.common.compress.Compression.of(
                        org.apache.kafka.common.record.CompressionType.GZIP).build(),
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, rnd.nextInt(1000));
        for (int i = rnd.nextInt(1, 10); i > 0; i--) {
            byte[] v = new byte[rnd.nextInt(40)];
            rnd.nextBytes(v);
            b.append(rnd.nextInt(100_000), rnd.nextBoolean() ? null : v, v);
        }
        ByteBuffer built = b.build().buffer();
        byte[] out = new byte[built.remaining()];
        built.get(out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void onlyDecodeExceptionEscapes(FuzzTarget target) {
        Random rnd = new Random(SEED ^ target.name().hashCode());
        long deadline = System.nanoTime() + MILLIS_PER_TARGET * 1_000_000;
        int runs = 0;
        while (runs < 20 || System.nanoTime() < deadline) {
            byte[] input = mutate(target.samples().apply(rnd), rnd);
            try {
                target.decode().accept(input);
            } catch (DecodeException expected) {
                // The one allowed failure.
            } catch (RuntimeException | Error e) {
                throw new AssertionError(target.name() + ": " + e + " on input " + java.util.HexFormat.of()
                        .formatHex(input) + " (seed " + SEED + ", run " + runs + ")", e);
            }
            runs++;
        }
        assertTrue(runs >= 20);
    }

    private static byte[] mutate(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {
                for (int i = rnd.nextInt(1, 5); i > 0 && b.length > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            case 2 -> {
                byte[] tail = new byte[rnd.nextInt(1, 16)];
                rnd.nextBytes(tail);
                byte[] longer = java.util.Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, longer, b.length, tail.length);
                b = longer;
            }
            case 3 -> {
                if (b.length >= 4) {
                    int[] big = {0x7fffffff, 0xffffffff, 0x80000000, 0x00ffffff};
                    ByteBuffer.wrap(b).putInt(rnd.nextInt(b.length - 3), big[rnd.nextInt(big.length)]);
                }
            }
            default -> {
                if (b.length > 0) {
                    int at = rnd.nextInt(b.length);
                    for (int i = at; i < Math.min(b.length, at + 6); i++) {
                        b[i] = (byte) 0xff;
                    }
                }
            }
        }
        return b;
    }
}
