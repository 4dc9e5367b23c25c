/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The observable states of a classic-protocol group member ({@link GroupMemberActor}), with their transition table.
 *
 * <pre>
 * from \ to     UNJOINED JOINING SYNCING STABLE REVOKING LEAVING FATAL
 * UNJOINED         .        x                            x       x    coordinator found / unsubscribe / fatal error
 * JOINING          x        x       x      x             x       x    coordinator lost / retry / JoinGroup ok;
 *                                                                      KIP-848: the first heartbeat's answer
 * SYNCING          x        x              x             x       x    SyncGroup ok, or rejoin on its error
 * STABLE           x        x                     x      x       x    heartbeat says rebalance / revoke / leave
 * REVOKING         x        x              x             x       x    listeners done: rejoin or back to stable
 * LEAVING                                                        x    (then the actor stops)
 * FATAL                                                  x            only unsubscribe leaves it
 * </pre>
 *
 * A lost member (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, a fenced epoch) gives its partitions up without committing
 * ("lost") and goes back to JOINING; FENCED is not a state of its own but that passage.
 */
public enum MemberState {
    /** Not in the group: looking for the coordinator. */
    UNJOINED,
    /** A JoinGroup is in flight (KIP-848: the joining heartbeat, member epoch 0). */
    JOINING,
    /** A SyncGroup is in flight. */
    SYNCING,
    /** In the group with an assignment; heartbeating. */
    STABLE,
    /** Partitions are being revoked: the listeners and the commit run before the member goes on. */
    REVOKING,
    /** Unsubscribing: revoke, commit, LeaveGroup, stop. */
    LEAVING,
    /** An error the member cannot get past (reported); it consumes nothing until unsubscribed. */
    FATAL;

    private Set<MemberState> next;

    static {
        UNJOINED.next = EnumSet.of(JOINING, LEAVING, FATAL);
        JOINING.next = EnumSet.of(UNJOINED, JOINING, SYNCING, STABLE, LEAVING, FATAL);
        SYNCING.next = EnumSet.of(UNJOINED, JOINING, STABLE, LEAVING, FATAL);
        STABLE.next = EnumSet.of(UNJOINED, JOINING, REVOKING, LEAVING, FATAL);
        REVOKING.next = EnumSet.of(UNJOINED, JOINING, STABLE, LEAVING, FATAL);
        LEAVING.next = EnumSet.of(FATAL);
        FATAL.next = EnumSet.of(LEAVING);
    }

    /**
     * Whether the table allows going from this state to another.
     *
     * @param to the next state
     * @return true when allowed
     */
    public boolean canMoveTo(MemberState to) {
        return next.contains(to);
    }

    /**
     * Whether the member holds a generation that commits may use.
     *
     * @return true in STABLE and REVOKING
     */
    public boolean canCommit() {
        return this == STABLE || this == REVOKING || this == LEAVING;
    }
}
