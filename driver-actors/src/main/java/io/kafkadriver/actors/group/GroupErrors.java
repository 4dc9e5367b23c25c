/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.protocol.errors.KafkaError;

/**
 * What a group member does about an error code in a group response, as Apache Kafka's consumer does (the table in
 * kafka-protocol-notes §4). Pure: the actor applies the decision.
 */
public final class GroupErrors {
    /** The decision. */
    public enum Action {
        /** No error. */
        NONE,
        /** Retry the same request after the backoff, with the same coordinator. */
        RETRY,
        /** The coordinator moved or is unavailable: find it again, then go on. */
        FIND_COORDINATOR,
        /** Rejoin the group (a rebalance is in progress). */
        REJOIN,
        /** Keep the member id, drop the generation, rejoin; partitions are lost. */
        RESET_GENERATION,
        /** Forget the member id and the generation, rejoin; partitions are lost. */
        RESET_MEMBER,
        /** Rejoin at once with the member id the broker returned (KIP-394). */
        MEMBER_ID_REQUIRED,
        /** The member cannot go on. */
        FATAL
    }

    private GroupErrors() {
    }

    /**
     * Classifies an error code of JoinGroup, SyncGroup, Heartbeat, OffsetCommit, OffsetFetch, LeaveGroup or
     * ConsumerGroupHeartbeat (KIP-848: a fenced member epoch resets the member like an unknown member id, and a
     * stale one is retried once a heartbeat refreshed the epoch).
     *
     * @param code the error code
     * @return the decision
     */
    public static Action classify(short code) {
        if (code == 0) {
            return Action.NONE;
        }
        KafkaError e = KafkaError.forCode(code);
        if (e == null) {
            return Action.FATAL;
        }
        return switch (e) {
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> Action.FIND_COORDINATOR;
            case COORDINATOR_LOAD_IN_PROGRESS, UNSTABLE_OFFSET_COMMIT, STALE_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID ->
                    Action.RETRY;
            case REBALANCE_IN_PROGRESS -> Action.REJOIN;
            case ILLEGAL_GENERATION -> Action.RESET_GENERATION;
            case UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH -> Action.RESET_MEMBER;
            case MEMBER_ID_REQUIRED -> Action.MEMBER_ID_REQUIRED;
            default -> e.retriable() ? Action.RETRY : Action.FATAL;
        };
    }

    /**
     * Names an error code for a message.
     *
     * @param code the code
     * @return e.g. {@code REBALANCE_IN_PROGRESS (27)}
     */
    public static String name(short code) {
        KafkaError e = KafkaError.forCode(code);
        return (e == null ? "error" : e.name()) + " (" + code + ")";
    }
}
