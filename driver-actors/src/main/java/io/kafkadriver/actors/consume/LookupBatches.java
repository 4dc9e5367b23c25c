/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the consumer batches its offset lookups (ListOffsets) per broker: kafka-sharp's consume accumulators, sized by
 * {@code ConsumeBatchSize} and {@code ConsumeBufferingTime}. A broker's lookups go out as soon as {@code batchSize}
 * of them are waiting; fewer wait at most {@code bufferingTime} after the first of them for others to join (the
 * owner runs that timer and calls {@link #flush}); with a buffering time of zero they go out at once. No I/O, no
 * timers: the decisions only.
 *
 * @param <T> what is looked up
 */
final class LookupBatches<T> {
    private final int batchSize;
    private final Duration bufferingTime;
    private final Map<Integer, List<T>> waiting = new HashMap<>();

    /**
     * Creates the batches.
     *
     * @param batchSize     the most lookups per request, at least 1
     * @param bufferingTime the longest a lookup waits for others, zero or more
     */
    LookupBatches(int batchSize, Duration bufferingTime) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (bufferingTime.isNegative()) {
            throw new IllegalArgumentException("bufferingTime must not be negative, was " + bufferingTime);
        }
        this.batchSize = batchSize;
        this.bufferingTime = bufferingTime;
    }

    /**
     * Adds a broker's new lookups.
     *
     * @param node    the broker
     * @param lookups what to look up there
     * @return the requests to send now, each of at most {@code batchSize} lookups
     */
    List<List<T>> add(int node, List<T> lookups) {
        List<T> queue = waiting.computeIfAbsent(node, n -> new ArrayList<>());
        queue.addAll(lookups);
        List<List<T>> out = new ArrayList<>();
        while (queue.size() >= batchSize) {
            out.add(new ArrayList<>(queue.subList(0, batchSize)));
            queue.subList(0, batchSize).clear();
        }
        if (!queue.isEmpty() && bufferingTime.isZero()) {
            out.add(new ArrayList<>(queue));
            queue.clear();
        }
        if (queue.isEmpty()) {
            waiting.remove(node);
        }
        return out;
    }

    /**
     * Whether lookups of a broker are waiting for the buffering time (the owner's timer for it must run).
     *
     * @param node the broker
     * @return true when some wait
     */
    boolean waiting(int node) {
        return waiting.containsKey(node);
    }

    /**
     * The buffering time ran out for a broker: what waits goes now.
     *
     * @param node the broker
     * @return the waiting lookups, in requests of at most {@code batchSize} (empty when none waits)
     */
    List<List<T>> flush(int node) {
        List<T> queue = waiting.remove(node);
        List<List<T>> out = new ArrayList<>();
        if (queue != null) {
            for (int i = 0; i < queue.size(); i += batchSize) {
                out.add(new ArrayList<>(queue.subList(i, Math.min(queue.size(), i + batchSize))));
            }
        }
        return out;
    }

    /**
     * The buffering time.
     *
     * @return how long a lookup may wait
     */
    Duration bufferingTime() {
        return bufferingTime;
    }
}
