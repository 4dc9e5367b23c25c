/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.protocol.errors.KafkaError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The member's pure decisions: heartbeat schedule, error classification, transitions, reconciliation, commits. */
class MemberDecisionsTest {
    private static TopicPartitionRef tp(int p) {
        return new TopicPartitionRef("t", p);
    }

    @Test
    void aHeartbeatIsDueOneIntervalAfterTheLastOneAndNeverTwoInFlight() {
        HeartbeatSchedule h = new HeartbeatSchedule(1_000, 6_000, 100);
        h.reset(0);
        assertFalse(h.due(999));
        assertTrue(h.due(1_000));
        h.sent(1_000);
        assertFalse(h.due(5_000), "one in flight");
        h.succeeded(1_010);
        assertFalse(h.due(1_999));
        assertTrue(h.due(2_000));
        assertEquals(990, h.untilDueMs(1_010));
    }

    @Test
    void aFailedHeartbeatIsRetriedAfterTheBackoffAndTheSessionExpiresWithoutSuccess() {
        HeartbeatSchedule h = new HeartbeatSchedule(1_000, 6_000, 100);
        h.reset(0);
        h.sent(1_000);
        h.failed(1_050);
        assertFalse(h.due(1_149));
        assertTrue(h.due(1_150), "retried after the backoff, not a whole interval");
        assertFalse(h.sessionExpired(5_999));
        assertTrue(h.sessionExpired(6_000), "no success for a whole session timeout");
        h.succeeded(5_000);
        assertFalse(h.sessionExpired(10_999));
    }

    @Test
    void theBrokerCanChangeTheIntervalAndAChangedAssignmentIsAcknowledgedAtOnce() {
        HeartbeatSchedule h = new HeartbeatSchedule(1_000, 45_000, 100);
        h.reset(0);
        h.interval(5_000);
        assertFalse(h.due(4_999));
        assertTrue(h.due(5_000));
        h.dueNow(100);
        assertTrue(h.due(100));
        assertEquals(5_000, h.intervalMs());
    }

    @Test
    void theScheduleRefusesAnIntervalNotBelowTheSession() {
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatSchedule(6_000, 6_000, 100));
    }

    @Test
    void everyGroupErrorIsClassifiedAsTheOfficialClientDoes() {
        assertEquals(GroupErrors.Action.NONE, GroupErrors.classify((short) 0));
        assertEquals(GroupErrors.Action.FIND_COORDINATOR, classify(KafkaError.NOT_COORDINATOR));
        assertEquals(GroupErrors.Action.FIND_COORDINATOR, classify(KafkaError.COORDINATOR_NOT_AVAILABLE));
        assertEquals(GroupErrors.Action.RETRY, classify(KafkaError.COORDINATOR_LOAD_IN_PROGRESS));
        assertEquals(GroupErrors.Action.RETRY, classify(KafkaError.UNSTABLE_OFFSET_COMMIT));
        assertEquals(GroupErrors.Action.REJOIN, classify(KafkaError.REBALANCE_IN_PROGRESS));
        assertEquals(GroupErrors.Action.RESET_GENERATION, classify(KafkaError.ILLEGAL_GENERATION));
        assertEquals(GroupErrors.Action.RESET_MEMBER, classify(KafkaError.UNKNOWN_MEMBER_ID));
        assertEquals(GroupErrors.Action.MEMBER_ID_REQUIRED, classify(KafkaError.MEMBER_ID_REQUIRED));
        assertEquals(GroupErrors.Action.RESET_MEMBER, classify(KafkaError.FENCED_MEMBER_EPOCH));
        assertEquals(GroupErrors.Action.RETRY, classify(KafkaError.STALE_MEMBER_EPOCH));
        assertEquals(GroupErrors.Action.RETRY, classify(KafkaError.UNRELEASED_INSTANCE_ID));
        for (KafkaError fatal : List.of(KafkaError.FENCED_INSTANCE_ID, KafkaError.INCONSISTENT_GROUP_PROTOCOL,
                KafkaError.INVALID_SESSION_TIMEOUT, KafkaError.INVALID_GROUP_ID,
                KafkaError.GROUP_AUTHORIZATION_FAILED, KafkaError.GROUP_MAX_SIZE_REACHED)) {
            assertEquals(GroupErrors.Action.FATAL, classify(fatal), fatal.name());
        }
        assertEquals(GroupErrors.Action.FATAL, GroupErrors.classify((short) 9999), "an unknown code");
        assertEquals("REBALANCE_IN_PROGRESS (27)", GroupErrors.name((short) 27));
    }

    private static GroupErrors.Action classify(KafkaError e) {
        return GroupErrors.classify(e.code());
    }

    @Test
    void theTransitionTableAllowsWhatTheMemberDoesAndNothingElse() {
        assertTrue(MemberState.UNJOINED.canMoveTo(MemberState.JOINING));
        assertTrue(MemberState.JOINING.canMoveTo(MemberState.SYNCING));
        assertTrue(MemberState.SYNCING.canMoveTo(MemberState.STABLE));
        assertTrue(MemberState.STABLE.canMoveTo(MemberState.REVOKING));
        assertTrue(MemberState.REVOKING.canMoveTo(MemberState.JOINING));
        assertTrue(MemberState.FATAL.canMoveTo(MemberState.LEAVING));
        assertFalse(MemberState.UNJOINED.canMoveTo(MemberState.STABLE), "no assignment without a sync");
        assertTrue(MemberState.JOINING.canMoveTo(MemberState.STABLE), "KIP-848 has no sync");
        assertFalse(MemberState.UNJOINED.canMoveTo(MemberState.SYNCING));
        assertFalse(MemberState.LEAVING.canMoveTo(MemberState.JOINING), "a leaving member never rejoins");
        assertFalse(MemberState.FATAL.canMoveTo(MemberState.JOINING), "only unsubscribe leaves FATAL");
        assertTrue(MemberState.STABLE.canCommit());
        assertTrue(MemberState.REVOKING.canCommit(), "a revoke listener may commit");
        assertFalse(MemberState.JOINING.canCommit(), "no generation while joining");
    }

    @Test
    void reconciliationRevokesWhatMovedAndAddsWhatIsNew() {
        Reconciliation r = Reconciliation.of(List.of(tp(0), tp(1), tp(2)), List.of(tp(2), tp(3)));
        assertEquals(List.of(tp(0), tp(1)), List.copyOf(r.revoke()));
        assertEquals(List.of(tp(3)), List.copyOf(r.add()));
        assertTrue(Reconciliation.of(List.of(tp(1)), List.of(tp(1))).unchanged());
    }

    @Test
    void automaticCommitsNeverGoBackwardsNorCoverPartitionsNotOwned() {
        Map<TopicPartitionRef, Long> positions = Map.of(tp(0), 10L, tp(1), 5L, tp(2), 7L);
        Map<TopicPartitionRef, Long> committed = Map.of(tp(0), 10L, tp(1), 8L);
        Map<TopicPartitionRef, Long> out = Reconciliation.toCommit(positions, committed, Set.of(tp(0), tp(1)));
        assertEquals(Map.of(), out, "tp0 already committed, tp1 would go back, tp2 not owned");
        assertEquals(Map.of(tp(2), 7L), Reconciliation.toCommit(positions, committed, Set.of(tp(2))));
    }
}
