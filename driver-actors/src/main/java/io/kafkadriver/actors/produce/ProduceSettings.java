/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.compress.CompressionCodec;
import java.time.Duration;
import java.util.Objects;

/**
 * What the producer actors need from the configuration.
 *
 * @param acks                    0, 1 or -1 (all)
 * @param brokerTimeout           the Produce request's {@code timeout_ms}
 * @param linger                  how long a batch waits after its first record (ProduceBufferingTime)
 * @param batchRecords            records that make a batch full (ProduceBatchSize)
 * @param batchBytes              encoded bytes that make a batch full
 * @param codec                   the compression of produced batches
 * @param messageTtl              longest a record may stay in the driver (MessageTtl)
 * @param retryUnknownOutcome     ErrorStrategy.RETRY: re-send a batch whose request may have been written but got no
 *                                answer (may duplicate); false (DISCARD) drops it
 * @param maxRetry                sends of a batch after the first before it is discarded, or -1 for "until its TTL"
 * @param retryBackoff            wait before re-sending a batch after a retriable error
 * @param retryNotEnoughReplicasAfterAppend whether NOT_ENOUGH_REPLICAS_AFTER_APPEND re-sends (true) or counts as
 *                                success
 * @param minInSyncReplicas       with acks=all, partitions with fewer in-sync replicas are not chosen; 0 or less for
 *                                no check
 * @param recordsBeforeRoundRobin records sent to one partition before round robin moves on
 * @param hashKeys                whether keyed records go by murmur2 key hash
 * @param maxPostponed            records kept while their topic has no usable partition; more are discarded
 * @param ignorePartitionTime     how long a partition that answered with a recoverable error is skipped by round robin
 * @param byNode                  BatchStrategy.BY_NODE (one batcher per broker) or GLOBAL (one for all)
 * @param maxInFlightPerNode      Produce requests in flight to one broker
 * @param routerDrainChunk        records the router takes from its queue per turn
 * @param idempotent              the idempotent producer (KIP-98): a producer id, epoch and sequence on every batch;
 *                                needs acks -1 and at most 5 in flight
 */
public record ProduceSettings(short acks, Duration brokerTimeout, Duration linger, int batchRecords, int batchBytes,
                              CompressionCodec codec, Duration messageTtl, boolean retryUnknownOutcome,
                              int maxRetry, Duration retryBackoff, boolean retryNotEnoughReplicasAfterAppend,
                              int minInSyncReplicas, int recordsBeforeRoundRobin, boolean hashKeys,
                              int maxPostponed, Duration ignorePartitionTime, boolean byNode,
                              int maxInFlightPerNode, int routerDrainChunk, boolean idempotent) {
    /**
     * Checks the values.
     */
    public ProduceSettings {
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new IllegalArgumentException("acks must be 0, 1 or -1, was " + acks);
        }
        Objects.requireNonNull(brokerTimeout, "brokerTimeout");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(messageTtl, "messageTtl");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(ignorePartitionTime, "ignorePartitionTime");
        if (batchRecords < 1 || batchBytes < 1 || maxInFlightPerNode < 1 || routerDrainChunk < 1
                || recordsBeforeRoundRobin < 1) {
            throw new IllegalArgumentException("batchRecords, batchBytes, maxInFlightPerNode, routerDrainChunk and"
                    + " recordsBeforeRoundRobin must be at least 1");
        }
        if (idempotent && (acks != -1 || maxInFlightPerNode > 5)) {
            throw new IllegalArgumentException("the idempotent producer needs acks -1 and at most 5 requests in"
                    + " flight, had " + acks + " and " + maxInFlightPerNode);
        }
    }

    /**
     * Settings for tests and tools: acks=1, no compression, retries until the TTL.
     *
     * @param linger       the linger
     * @param batchRecords records per batch
     * @return the settings
     */
    public static ProduceSettings defaults(Duration linger, int batchRecords) {
        return new ProduceSettings((short) 1, Duration.ofSeconds(10), linger, batchRecords, 1024 * 1024,
                CompressionCodec.NONE, Duration.ofMinutes(1), true, -1, Duration.ofMillis(100), false, 0, 1, true,
                1000, Duration.ofSeconds(1), false, 5, 4096, false);
    }

    /**
     * A copy with another codec.
     *
     * @param newCodec the codec
     * @return the copy
     */
    public ProduceSettings withCodec(CompressionCodec newCodec) {
        return new ProduceSettings(acks, brokerTimeout, linger, batchRecords, batchBytes, newCodec, messageTtl,
                retryUnknownOutcome, maxRetry, retryBackoff, retryNotEnoughReplicasAfterAppend, minInSyncReplicas,
                recordsBeforeRoundRobin, hashKeys, maxPostponed, ignorePartitionTime, byNode, maxInFlightPerNode,
                routerDrainChunk, idempotent);
    }

    /**
     * A copy with another acks.
     *
     * @param newAcks 0, 1 or -1
     * @return the copy
     */
    public ProduceSettings withAcks(short newAcks) {
        return new ProduceSettings(newAcks, brokerTimeout, linger, batchRecords, batchBytes, codec, messageTtl,
                retryUnknownOutcome, maxRetry, retryBackoff, retryNotEnoughReplicasAfterAppend, minInSyncReplicas,
                recordsBeforeRoundRobin, hashKeys, maxPostponed, ignorePartitionTime, byNode, maxInFlightPerNode,
                routerDrainChunk, idempotent);
    }

    /**
     * A copy with another TTL.
     *
     * @param ttl the TTL
     * @return the copy
     */
    public ProduceSettings withMessageTtl(Duration ttl) {
        return new ProduceSettings(acks, brokerTimeout, linger, batchRecords, batchBytes, codec, ttl,
                retryUnknownOutcome, maxRetry, retryBackoff, retryNotEnoughReplicasAfterAppend, minInSyncReplicas,
                recordsBeforeRoundRobin, hashKeys, maxPostponed, ignorePartitionTime, byNode, maxInFlightPerNode,
                routerDrainChunk, idempotent);
    }

    /**
     * A copy with another in-flight limit.
     *
     * @param n requests in flight per broker (and batches per partition)
     * @return the copy
     */
    public ProduceSettings withMaxInFlight(int n) {
        return new ProduceSettings(acks, brokerTimeout, linger, batchRecords, batchBytes, codec, messageTtl,
                retryUnknownOutcome, maxRetry, retryBackoff, retryNotEnoughReplicasAfterAppend, minInSyncReplicas,
                recordsBeforeRoundRobin, hashKeys, maxPostponed, ignorePartitionTime, byNode, n, routerDrainChunk,
                idempotent);
    }

    /**
     * A copy with idempotence on or off; on also sets acks to -1.
     *
     * @param on whether the producer is idempotent
     * @return the copy
     */
    public ProduceSettings withIdempotence(boolean on) {
        return new ProduceSettings(on ? -1 : acks, brokerTimeout, linger, batchRecords, batchBytes, codec, messageTtl,
                retryUnknownOutcome, maxRetry, retryBackoff, retryNotEnoughReplicasAfterAppend, minInSyncReplicas,
                recordsBeforeRoundRobin, hashKeys, maxPostponed, ignorePartitionTime, byNode, maxInFlightPerNode,
                routerDrainChunk, on);
    }

    /**
     * How often a batcher looks for records whose TTL ran out: a quarter of the TTL, between 10 ms and 1 s.
     *
     * @return the interval
     */
    public Duration expiryTick() {
        return Duration.ofMillis(Math.max(10, Math.min(1000, messageTtl.toMillis() / 4)));
    }
}
