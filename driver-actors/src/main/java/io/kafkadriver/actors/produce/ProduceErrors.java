/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.errors.KafkaError;

/**
 * Each Produce partition error code classified once (kafka-protocol-notes section 6, kafka-sharp's
 * {@code ProduceRouter} error handling): what the batcher does with the batch that got it.
 */
public final class ProduceErrors {
    /** What to do with a batch after its partition's answer. */
    public enum Reaction {
        /** Acknowledged. */
        SUCCESS,
        /** Send again after the retry backoff; the leader is fine. */
        RETRY,
        /** Refresh metadata (the leader moved or is unknown), then send again to the partition's leader. */
        REFRESH_AND_RETRY,
        /** Written but not replicated enough: retry or count as success per RetryIfNotEnoughReplicasAfterAppend. */
        NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        /** Irrecoverable for this batch: discard it with the error. */
        FAIL
    }

    private ProduceErrors() {
    }

    /** What the batcher does with a batch after its partition's answer, idempotence included. */
    public enum Verdict {
        /** Acknowledged. */
        ACKNOWLEDGE,
        /** Send again after the backoff; uses up one of {@code maxRetry}. */
        RETRY,
        /**
         * Send again after the backoff without using up a retry: an idempotent batch re-sent in sequence order, or
         * one whose outcome is unknown (re-sending it cannot duplicate it).
         */
        RETRY_UNCOUNTED,
        /** Refresh metadata, then send again to the partition's leader; uses up no retry (F3). */
        REFRESH_AND_RETRY,
        /** Discard the batch with the error. */
        DISCARD
    }

    /**
     * The verdict on a batch after its partition's answer.
     *
     * @param code                              the partition's error code
     * @param idempotent                        what the partition's {@link SequenceState} decided, or null for a
     *                                          batch without idempotence
     * @param retryNotEnoughReplicasAfterAppend whether NOT_ENOUGH_REPLICAS_AFTER_APPEND re-sends (else success)
     * @return the verdict
     */
    public static Verdict verdict(short code, SequenceState.Decision idempotent,
                                  boolean retryNotEnoughReplicasAfterAppend) {
        if (idempotent != null && idempotent != SequenceState.Decision.CLASSIFY) {
            return idempotent == SequenceState.Decision.ACKNOWLEDGE ? Verdict.ACKNOWLEDGE : Verdict.RETRY_UNCOUNTED;
        }
        return switch (classify(code)) {
            case SUCCESS -> Verdict.ACKNOWLEDGE;
            case RETRY -> idempotent != null && unknownOutcome(code) ? Verdict.RETRY_UNCOUNTED : Verdict.RETRY;
            case REFRESH_AND_RETRY -> Verdict.REFRESH_AND_RETRY;
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND -> retryNotEnoughReplicasAfterAppend ? Verdict.RETRY
                    : Verdict.ACKNOWLEDGE;
            case FAIL -> Verdict.DISCARD;
        };
    }


    /**
     * Classifies a Produce partition error code.
     *
     * @param code the error code
     * @return the reaction
     */
    public static Reaction classify(short code) {
        return switch (code) {
            case 0, 46 -> Reaction.SUCCESS; // 46 DUPLICATE_SEQUENCE_NUMBER: already written
            // 45, 47, 59, 90 (sequence and epoch errors) reach this only without idempotence: FAIL; SequenceState
            // decides them for an idempotent batch.
            case 3, 5, 6, 9, 56, 74, 100, 103 -> Reaction.REFRESH_AND_RETRY; // leadership or topic id moved
            case 7, 13, 19, 75, 89, 2, 14, 15 -> Reaction.RETRY; // timed out, network, not enough replicas, loading
            case 20 -> Reaction.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
            default -> Reaction.FAIL; // 10, 18, 29, 31, 32, 76, 87 and anything unknown
        };
    }

    /**
     * Whether an answer with this error leaves the batch's outcome unknown: it may have been written (REQUEST_TIMED_OUT,
     * NETWORK_EXCEPTION). An idempotent batch is re-sent after it without using up a retry.
     *
     * @param code the error code
     * @return true for 7 and 13
     */
    public static boolean unknownOutcome(short code) {
        return code == 7 || code == 13;
    }

    /**
     * The error a partition's answer stands for, naming the broker, the topic-partition and the error.
     *
     * @param node      the broker
     * @param topic     the topic
     * @param partition the partition
     * @param code      the error code
     * @param message   the broker's error message, or null
     * @return the exception
     */
    public static ProduceException describe(int node, String topic, int partition, short code, String message) {
        KafkaError e = KafkaError.forCode(code);
        String name = e == null ? "error code " + code : e.name() + " (" + code + ")";
        return new ProduceException("broker " + node + " answered " + name + " for " + topic + "-" + partition
                + (message != null ? ": " + message : ""), null);
    }

    /** The error of a partition's answer in a batcher's terms. */
    static ProduceException describe(int node, PartitionQueue q,
                                     io.kafkadriver.protocol.message.ProduceResponse.PartitionProduceResponse a) {
        return describe(node, q.topic, q.partition, a.errorCode(), a.errorMessage());
    }

    /**
     * The error of records that expired in a batcher.
     *
     * @param q     their partition
     * @param count how many
     * @param ttlMs the message TTL
     * @param why   why they could not go, or null to say it from the partition's leader
     * @param last  the last error of their batch, or null
     * @return the exception
     */
    static ProduceException expired(PartitionQueue q, int count, long ttlMs, String why, Exception last) {
        String reason = why != null ? why : q.leader < 0 ? "the partition has no known leader"
                : "it could not be delivered to broker " + q.leader;
        return new ProduceException(count + " record(s) for " + q.topic + "-" + q.partition + " expired after "
                + ttlMs + " ms (messageTtl): " + reason
                + (last != null ? "; last error: " + last.getMessage() : ""), last);
    }

    /**
     * The error of records discarded because their request got no answer, with ErrorStrategy DISCARD.
     *
     * @param q     their partition
     * @param count how many
     * @param node  the broker
     * @param error the connection's error
     * @return the exception
     */
    static ProduceException noAnswer(PartitionQueue q, int count, int node, Exception error) {
        return new ProduceException(count + " record(s) for " + q.topic + "-" + q.partition + " discarded: their"
                + " Produce request to broker " + node + " got no answer, and errorStrategy DISCARD does not re-send"
                + " what may have been written", error);
    }
}
