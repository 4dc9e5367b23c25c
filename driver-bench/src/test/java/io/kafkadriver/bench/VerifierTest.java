package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The read-back check, the values it reads, and the progress line, without a broker. */
class VerifierTest {
    private final Payload payload = new Payload(100);

    private long produce(Verifier v, long... seqs) {
        long checksum = 0;
        for (int i = 0; i < seqs.length; i++) {
            byte[] value = payload.create(seqs[i], 7);
            checksum += Payload.hash(value);
            v.record(i % 2, i, value);
        }
        return checksum;
    }

    @Test
    void everyRecordOnceInOrderIsVerified() {
        Verifier v = new Verifier(4, 4);
        long checksum = produce(v, 2, 0, 3, 1);
        assertTrue(v.reached().isDone());
        Verification r = v.result("ours", checksum);
        assertTrue(r.ok(), r.toString());
        assertEquals(0, r.missing());
    }

    @Test
    void missingDuplicateCorruptAndReorderedRecordsAreCaught() {
        Verifier v = new Verifier(4, 4);
        long expected = produce(new Verifier(4, 4), 0, 1, 2, 3);
        produce(v, 0, 1, 1);
        Verification r = v.result("ours", expected);
        assertFalse(v.reached().isDone());
        assertEquals(1, r.duplicates());
        assertEquals(2, r.missing());
        assertFalse(r.ok());

        Verifier corrupt = new Verifier(1, 1);
        byte[] value = payload.create(0, 7);
        long checksum = Payload.hash(value);
        value[50] ^= 1;
        corrupt.record(0, 0, value);
        assertFalse(corrupt.result("ours", checksum).intact(), "a flipped bit fails the checksum");

        Verifier reordered = new Verifier(2, 2);
        reordered.record(0, 5, payload.create(0, 7));
        reordered.record(0, 4, payload.create(1, 7));
        assertEquals(1, reordered.result("ours", 0).outOfOrder());
    }

    @Test
    void valuesCarrySequenceAndTimeAndDistinctHashes() {
        byte[] a = payload.create(41, 123_456_789L);
        assertEquals(100, a.length);
        assertEquals(41, Payload.seq(a));
        assertEquals(123_456_789L, Payload.nanos(a));
        assertNotEquals(Payload.hash(a), Payload.hash(payload.create(42, 123_456_789L)));
        assertEquals(-1, Payload.seq(new byte[3]));
    }

    @Test
    void progressEndsWithTheFinalCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress.start(out, false, "ours produce", 2000, () -> 1500).close();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).matches("(?s)ours produce +1,500 / 2,000 records \\( 75%\\).*"),
                bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        Progress.start(out, true, "ours consume", 10, () -> 10).close();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("\rours consume"),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
