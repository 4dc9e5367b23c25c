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
 * {@code ConsumeBatchSize} and bounded in time by {@code ConsumeBufferingTime}, without making an idle broker wait.
 * Lookups for a broker with no lookup in flight go at once, in requests of at most {@code batchSize}; those that come
 * while one is in flight wait for the next answer and then go together, but never longer than {@code bufferingTime} (the
 * owner runs that timer and calls {@link #flush}), and a full request goes at once. With a buffering time of zero
 * nothing waits. No I/O, no timers: the decisions only.
 *
 * @param <T> what is looked up
 */
final class LookupBatches<T> {
    private final int batchSize;
    private final Duration bufferingTime;
    private final Map<Integer, List<T>> waiting = new HashMap<>();
    private final Map<Integer, Integer> inFlight = new HashMap<>();

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
     * @return the requests to send now, each of at most {@code batchSize} lookups (the caller reports each one it
     *         sends with {@link #sent})
     */
    List<List<T>> add(int node, List<T> lookups) {
        List<T> queue = waiting.computeIfAbsent(node, n -> new ArrayList<>());
        queue.addAll(lookups);
        List<List<T>> out = new ArrayList<>();
        boolean idle = inFlight.getOrDefault(node, 0) == 0;
        while (queue.size() >= batchSize) {
            out.add(take(queue, batchSize));
        }
        if (!queue.isEmpty() && (idle || bufferingTime.isZero())) {
            out.add(take(queue, queue.size()));
        }
        return done(node, out);
    }

    /**
     * A request to a broker was answered (or failed): what waited for an answer goes now, together.
     *
     * @param node the broker
     * @return the requests to send now
     */
    List<List<T>> answered(int node) {
        int left = inFlight.getOrDefault(node, 0) - 1;
        if (left > 0) {
            inFlight.put(node, left);
        } else {
            inFlight.remove(node);
        }
        return flush(node);
    }

    /**
     * The owner sent one of the requests this returned (one it did not send, all its lookups gone, is not counted).
     *
     * @param node the broker
     */
    void sent(int node) {
        inFlight.merge(node, 1, Integer::sum);
    }

    /**
     * Whether lookups of a broker wait (the owner's timer for it must run).
     *
     * @param node the broker
     * @return true when some wait
     */
    boolean waiting(int node) {
        List<T> queue = waiting.get(node);
        return queue != null && !queue.isEmpty();
    }

    /**
     * The buffering time ran out for a broker, or its requests were answered: what waits goes now.
     *
     * @param node the broker
     * @return the waiting lookups, in requests of at most {@code batchSize} (empty when none waits)
     */
    List<List<T>> flush(int node) {
        List<T> queue = waiting.get(node);
        List<List<T>> out = new ArrayList<>();
        while (queue != null && !queue.isEmpty()) {
            out.add(take(queue, Math.min(batchSize, queue.size())));
        }
        return done(node, out);
    }

    private List<List<T>> done(int node, List<List<T>> requests) {
        List<T> queue = waiting.get(node);
        if (queue != null && queue.isEmpty()) {
            waiting.remove(node);
        }
        return requests;
    }

    private List<T> take(List<T> queue, int n) {
        List<T> batch = new ArrayList<>(queue.subList(0, n));
        queue.subList(0, n).clear();
        return batch;
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
