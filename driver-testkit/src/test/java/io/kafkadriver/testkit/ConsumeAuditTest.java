package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The consume audit counts every kind of problem over the whole run, not only the first one. */
class ConsumeAuditTest {

    @Test
    void aCleanRunHasNoProblems() {
        ConsumeAudit audit = ConsumeAudit.fromZero(2, 3);
        for (long o = 0; o < 3; o++) {
            audit.record(0, o);
            audit.record(1, o);
        }
        assertTrue(audit.complete());
        assertEquals(6, audit.received());
        assertEquals(List.of(), audit.problems());
    }

    @Test
    void lossDuplicationReorderingAndAlterationAreEachCounted() {
        ConsumeAudit audit = ConsumeAudit.fromZero(2, 10);
        // Partition 0: 3..9 first (0..2 late), then 0 and 1; 2 never; 5 twice; 11 does not exist.
        for (long o = 3; o < 10; o++) {
            audit.record(0, o);
        }
        audit.record(0, 0);
        audit.record(0, 1);
        audit.record(0, 5);
        audit.record(0, 11);
        audit.recordAltered(0, 4);
        for (long o = 0; o < 10; o++) {
            audit.record(1, o);
        }
        assertFalse(audit.complete());
        assertEquals(21, audit.received());
        assertEquals(List.of("partition 0 [0, 10): 1 lost (first missing 2, first gap up to 2), 1 duplicated, 2 out of"
                + " order (first at offset 0), 1 unexpected, 1 altered (first at offset 4); first delivered 3"),
                audit.problems());
    }

    @Test
    void aLossInTheMiddleNamesTheGap() {
        ConsumeAudit audit = new ConsumeAudit(new long[] {100}, new long[] {110});
        for (long o = 100; o < 110; o++) {
            if (o < 103 || o > 106) {
                audit.record(0, o);
            }
        }
        assertEquals(List.of("partition 0 [100, 110): 4 lost (first missing 103, first gap up to 106), 0 duplicated,"
                + " 0 out of order, 0 unexpected, 0 altered; first delivered 100"), audit.problems());
    }

    @Test
    void aLossAtTheEndSaysNothingCameAfterIt() {
        ConsumeAudit audit = ConsumeAudit.fromZero(1, 5);
        audit.record(0, 0);
        audit.record(0, 1);
        assertEquals(List.of("partition 0 [0, 5): 3 lost (first missing 2, none after it), 0 duplicated, 0 out of"
                + " order, 0 unexpected, 0 altered; first delivered 0"), audit.problems());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConsumeAudit(new long[1], new long[2]));
        assertThrows(IllegalArgumentException.class, () -> new ConsumeAudit(new long[] {5}, new long[] {4}));
        ConsumeAudit audit = ConsumeAudit.fromZero(1, 1);
        assertThrows(IllegalArgumentException.class, () -> audit.record(1, 0));
    }
}
