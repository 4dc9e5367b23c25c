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

    /**
     * Classifies a Produce partition error code.
     *
     * @param code the error code
     * @return the reaction
     */
    public static Reaction classify(short code) {
        return switch (code) {
            case 0, 46 -> Reaction.SUCCESS; // 46 DUPLICATE_SEQUENCE_NUMBER: already written
            case 3, 5, 6, 9, 56, 74, 100, 103 -> Reaction.REFRESH_AND_RETRY; // leadership or topic id moved
            case 7, 13, 19, 75, 89, 2, 14, 15 -> Reaction.RETRY; // timed out, network, not enough replicas, loading
            case 20 -> Reaction.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
            default -> Reaction.FAIL; // 10, 18, 29, 31, 32, 76, 87 and anything unknown
        };
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
}
