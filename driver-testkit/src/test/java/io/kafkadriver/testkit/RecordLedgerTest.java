package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The accounting rules, each shown to catch what it is there for, on hand-made topic contents. */
class RecordLedgerTest {
    private final AtomicLong now = new AtomicLong();
    private final RecordLedger ledger = new RecordLedger("unit", now::get);
    private final List<ConsumerRecord<byte[], byte[]>> topic = new ArrayList<>();
    private final long[] nextOffset = new long[2];

    /** Produces id to the partition: written, and acknowledged at the offset it got unless told otherwise. */
    private long write(int partition, boolean acknowledge) {
        long id = ledger.next();
        long offset = nextOffset[partition]++;
        topic.add(new ConsumerRecord<>("t", partition, offset, null, RecordLedger.value(id, 20)));
        if (acknowledge) {
            ledger.acknowledged(id, partition, offset);
        }
        return id;
    }

    @Test
    void aCleanRunIsSound() {
        for (int i = 0; i < 10; i++) {
            write(i % 2, true);
        }
        long dropped = ledger.next();
        ledger.discarded(dropped);
        RecordLedger.Report r = ledger.reconcile(topic).assertSound(true, false);
        assertEquals(11, r.produced());
        assertEquals(10, r.acknowledged());
        assertEquals(1, r.discarded());
        assertTrue(r.accountedFor());
        assertEquals(0, ledger.pending());
    }

    @Test
    void anAcknowledgedRecordMissingFromTheTopicIsLost() {
        write(0, true);
        long id = ledger.next();
        ledger.acknowledged(id, 0, 1); // acknowledged, never written
        RecordLedger.Report r = ledger.reconcile(topic);
        assertEquals(1, r.lost());
        assertFalse(r.accountedFor());
        assertThrows(AssertionError.class, () -> r.assertSound(false, true));
    }

    @Test
    void aRecordWithNoOutcomeIsSilence() {
        write(0, true);
        ledger.next(); // neither acknowledged nor reported
        RecordLedger.Report r = ledger.reconcile(topic);
        assertEquals(1, r.silent());
        assertThrows(AssertionError.class, () -> r.assertSound(false, true));
    }

    @Test
    void aRecordNobodyProducedIsAPhantom() {
        write(0, true);
        topic.add(new ConsumerRecord<>("t", 0, 5, null, RecordLedger.value(99, 20)));
        topic.add(new ConsumerRecord<>("t", 0, 6, null, new byte[20]));
        assertEquals(2, ledger.reconcile(topic).phantom());
    }

    @Test
    void orderDuplicatesAndPlacementAreChecked() {
        long a = ledger.next();
        long b = ledger.next();
        // b written before a in partition 0, and a twice: out of order and a duplicate.
        topic.add(new ConsumerRecord<>("t", 0, 0, null, RecordLedger.value(b, 20)));
        topic.add(new ConsumerRecord<>("t", 0, 1, null, RecordLedger.value(a, 20)));
        topic.add(new ConsumerRecord<>("t", 0, 2, null, RecordLedger.value(a, 20)));
        ledger.acknowledged(a, 0, 2); // names the second copy: placed right
        ledger.acknowledged(b, 0, 0);
        RecordLedger.Report r = ledger.reconcile(topic);
        assertEquals(1, r.outOfOrder());
        assertEquals(1, r.duplicates());
        assertEquals(0, r.misplaced());
        assertTrue(r.accountedFor());
        assertThrows(AssertionError.class, () -> r.assertSound(true, true));
        assertThrows(AssertionError.class, () -> r.assertSound(false, false));
        r.assertSound(false, true);

        long c = ledger.next();
        topic.add(new ConsumerRecord<>("t", 1, 0, null, RecordLedger.value(c, 20)));
        ledger.acknowledged(c, 1, 7); // the acknowledgement names an offset that does not hold it
        assertEquals(1, ledger.reconcile(topic).misplaced());
    }

    @Test
    void twoOutcomesForOneRecordAreCaught() {
        long id = write(0, true);
        ledger.expired(id);
        ledger.discarded(12345); // never handed out
        RecordLedger.Report r = ledger.reconcile(topic);
        assertEquals(2, r.reportedTwice());
        assertFalse(r.accountedFor());
    }

    @Test
    void aDiscardedRecordThatWasWrittenAnywayIsCountedNotFailed() {
        long id = write(0, false);
        ledger.expired(id);
        RecordLedger.Report r = ledger.reconcile(topic);
        assertEquals(1, r.writtenUnacknowledged());
        assertTrue(r.accountedFor());
    }

    @Test
    void recoveryIsTheLongestStallOfAPartitionAfterTheFault() {
        write(0, true);
        now.addAndGet(1_000_000L);
        ledger.markFault();
        now.addAndGet(30_000_000L);
        write(1, true);
        now.addAndGet(90_000_000L);
        write(0, true);
        assertEquals(120, ledger.reconcile(topic).recoveryMs());
    }

    @Test
    void valuesCarryTheirId() {
        assertEquals(42, RecordLedger.idOf(RecordLedger.value(42, 100)));
        assertEquals(-1, RecordLedger.idOf(new byte[100]));
        assertEquals(-1, RecordLedger.idOf(null));
        assertThrows(IllegalArgumentException.class, () -> RecordLedger.value(1, 8));
    }
}
