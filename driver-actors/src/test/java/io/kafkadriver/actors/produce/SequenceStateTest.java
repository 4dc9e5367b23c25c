package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.produce.SequenceState.Decision;
import io.kafkadriver.actors.produce.SequenceState.Stamp;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: one partition's sequence and epoch state under every answer the idempotent producer must handle
 * (kafka-protocol-notes sections 6 and 7), without actors.
 */
class SequenceStateTest {
    private static final short NONE = 0;
    private static final short NOT_LEADER = 6;
    private static final short OUT_OF_ORDER = 45;
    private static final short DUPLICATE = 46;
    private static final short INVALID_EPOCH = 47;
    private static final short UNKNOWN_PRODUCER = 59;
    private static final short FENCED = 90;

    private final SequenceState state = new SequenceState();

    private SequenceState started() {
        state.adopt(7L, (short) 0);
        return state;
    }

    @Test
    void batchesAreNumberedBySequenceOfRecordsFromZero() {
        started();
        assertEquals(new Stamp(7L, (short) 0, 0), state.stamp(10));
        assertEquals(new Stamp(7L, (short) 0, 10), state.stamp(5));
        assertEquals(new Stamp(7L, (short) 0, 15), state.stamp(1));
    }

    @Test
    void aBatchRefusedForItsSizeSplitsOverItsOwnRangeAndTheNextKeepTheirs() {
        // Issue 17: MESSAGE_TOO_LARGE. Batches 0-9 and 10-14; the first is split 4 + 6.
        started();
        Stamp whole = state.stamp(10);
        Stamp next = state.stamp(5);
        Stamp[] halves = state.split(whole, 4);
        assertEquals(whole, halves[0]);
        assertEquals(new Stamp(7L, (short) 0, 4), halves[1]);
        assertEquals(SequenceState.Decision.RETRY_IN_ORDER, state.answered(next, OUT_OF_ORDER, 0),
                "the next batch waits behind the halves");
        assertEquals(SequenceState.Decision.ACKNOWLEDGE, state.answered(halves[0], NONE, 0));
        assertEquals(SequenceState.Decision.ACKNOWLEDGE, state.answered(halves[1], NONE, 0));
        assertEquals(SequenceState.Decision.ACKNOWLEDGE, state.answered(next, NONE, 0));
        assertEquals(new Stamp(7L, (short) 0, 15), state.stamp(1), "numbering goes on after them");
        assertEquals(null, state.split(new Stamp(7L, (short) 1, 0), 1), "not waiting: nothing to split");
    }

    @Test
    void noBatchIsNumberedWithoutAProducerId() {
        assertFalse(state.hasProducerId());
        assertThrows(IllegalStateException.class, () -> state.stamp(1));
    }

    @Test
    void theSequenceWrapsToZeroAfterIntMaxLikeTheBroker() {
        assertEquals(0, SequenceState.increment(Integer.MAX_VALUE, 1));
        assertEquals(4, SequenceState.increment(Integer.MAX_VALUE - 5, 10));
        assertEquals(Integer.MAX_VALUE, SequenceState.increment(Integer.MAX_VALUE - 10, 10));
    }

    @Test
    void successAndDuplicateSequenceNumberAreAcknowledgements() {
        started();
        Stamp a = state.stamp(3);
        Stamp b = state.stamp(3);
        assertEquals(Decision.ACKNOWLEDGE, state.answered(a, NONE, 0));
        // DUPLICATE_SEQUENCE_NUMBER: an earlier attempt of b was written
        assertEquals(Decision.ACKNOWLEDGE, state.answered(b, DUPLICATE, 0));
        assertFalse(state.mustRenumber());
    }

    @Test
    void outOfOrderBehindAFailedBatchIsRetriedInOrderWithoutABump() {
        // Flow: a, b, c in flight; a meets a leader change; b and c get OUT_OF_ORDER (the broker misses a): they are
        // re-sent unchanged behind a, and nothing is renumbered.
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        Stamp c = state.stamp(1);
        assertEquals(Decision.CLASSIFY, state.answered(a, NOT_LEADER, -1));
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(b, OUT_OF_ORDER, -1));
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(c, OUT_OF_ORDER, -1));
        assertFalse(state.mustRenumber());
        assertEquals(Decision.ACKNOWLEDGE, state.answered(a, NONE, 0));
        assertEquals(Decision.ACKNOWLEDGE, state.answered(b, NONE, 0));
        assertEquals(Decision.ACKNOWLEDGE, state.answered(c, NONE, 0));
    }

    @Test
    void outOfOrderOnTheOldestBatchIsAGapThatBumpsTheEpochAndRenumbersFromZero() {
        // Flow: F11. The broker lost what it had (a bounce, an unclean election): the oldest waiting batch is out
        // of order. Nothing after a gap was written, so a local bump (KIP-360) and sequences from 0 are safe.
        started();
        Stamp a = state.stamp(2);
        Stamp b = state.stamp(2);
        assertEquals(Decision.ACKNOWLEDGE, state.answered(a, NONE, 0));
        assertEquals(Decision.RETRY_AFTER_BUMP, state.answered(b, OUT_OF_ORDER, -1));
        assertTrue(state.mustRenumber());
        assertThrows(IllegalStateException.class, () -> state.stamp(1)); // nothing numbered before the renumbering
        assertTrue(state.renumber());
        assertFalse(state.mustRenumber());
        assertEquals(1, state.epoch());
        assertEquals(7L, state.producerId());
        assertEquals(new Stamp(7L, (short) 1, 0), state.stamp(2)); // b again
    }

    @Test
    void answersToBatchesOfAnEarlierEpochNeverBumpAgain() {
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        state.answered(a, OUT_OF_ORDER, -1);
        state.renumber();
        Stamp a2 = state.stamp(1);
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(b, OUT_OF_ORDER, -1)); // a late answer of epoch 0
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(b, INVALID_EPOCH, -1));
        assertFalse(state.mustRenumber());
        assertEquals(Decision.ACKNOWLEDGE, state.answered(a2, NONE, 0));
    }

    @Test
    void aDiscardedBatchIsPassedOverAndOnlyAProvenGapRenumbers() {
        // Flow: a is discarded (it may or may not have been written). b is then the oldest batch waiting: sent
        // unchanged, it succeeds if a was written; OUT_OF_ORDER proves a was not, and only then is b renumbered.
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        state.ended(a);
        assertFalse(state.mustRenumber());
        assertEquals(Decision.RETRY_AFTER_BUMP, state.answered(b, OUT_OF_ORDER, -1));
        assertTrue(state.renumber());
        assertEquals(new Stamp(7L, (short) 1, 0), state.stamp(1));
    }

    @Test
    void aBatchEndedBehindAWaitingOneDoesNotMakeThatOneLookOldest() {
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        Stamp c = state.stamp(1);
        state.ended(b); // b discarded while a still waits
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(c, OUT_OF_ORDER, -1)); // a is the oldest, not c
        assertEquals(Decision.ACKNOWLEDGE, state.answered(a, NONE, 0));
        assertEquals(Decision.RETRY_AFTER_BUMP, state.answered(c, OUT_OF_ORDER, -1)); // now c is
    }

    @Test
    void unknownProducerIdBumpsOnlyOnTheOldestBatchAndOnlyWithALogStartOffset() {
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(b, UNKNOWN_PRODUCER, 12)); // not the oldest
        assertEquals(Decision.RETRY_IN_ORDER, state.answered(a, UNKNOWN_PRODUCER, -1)); // no log start: retry
        assertFalse(state.mustRenumber());
        assertEquals(Decision.RETRY_AFTER_BUMP, state.answered(a, UNKNOWN_PRODUCER, 12)); // state lost: bump
        assertTrue(state.renumber());
        assertEquals(1, state.epoch());
    }

    @Test
    void invalidProducerEpochAndProducerFencedAskForANewProducerIdNeverAFatalError() {
        for (short code : new short[] {INVALID_EPOCH, FENCED}) {
            SequenceState s = new SequenceState();
            s.adopt(7L, (short) 3);
            Stamp a = s.stamp(1);
            assertEquals(Decision.RETRY_WITH_NEW_PRODUCER_ID, s.answered(a, code, -1));
            assertTrue(s.needsNewProducerId());
            assertFalse(s.renumber()); // no local bump helps: a newer epoch of id 7 exists
            assertTrue(s.mustRenumber());
            s.adopt(8L, (short) 0);
            assertFalse(s.mustRenumber());
            assertEquals(new Stamp(8L, (short) 0, 0), s.stamp(1));
        }
    }

    @Test
    void aNewProducerIdWinsOverAPendingBump() {
        started();
        Stamp a = state.stamp(1);
        Stamp b = state.stamp(1);
        state.answered(a, OUT_OF_ORDER, -1);
        state.answered(b, FENCED, -1);
        assertTrue(state.needsNewProducerId());
        state.answered(a, OUT_OF_ORDER, -1); // a later gap does not downgrade it
        assertTrue(state.needsNewProducerId());
    }

    @Test
    void theLastEpochNeedsANewProducerIdInsteadOfABump() {
        SequenceState s = new SequenceState();
        s.adopt(7L, Short.MAX_VALUE);
        s.answered(s.stamp(1), OUT_OF_ORDER, -1);
        assertFalse(s.renumber());
        assertTrue(s.needsNewProducerId());
    }

    @Test
    void otherErrorsAreClassifiedAsWithoutIdempotence() {
        started();
        Stamp a = state.stamp(1);
        for (short code : new short[] {NOT_LEADER, 7, 13, 19, 20, 10, 87}) {
            assertEquals(Decision.CLASSIFY, state.answered(a, code, -1), "code " + code);
        }
        assertFalse(state.mustRenumber());
    }
}
