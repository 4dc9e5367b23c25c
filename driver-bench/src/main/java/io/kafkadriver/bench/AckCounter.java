/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the outcomes of one phase (warm-up or measured run) of one client, on whatever thread the client reports
 * them, and completes {@link #settled()} once every expected record has an outcome.
 */
final class AckCounter {
    private final String topic;
    private final long expected;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong outcomes = new AtomicLong();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private final AtomicLong firstAckNanos = new AtomicLong();
    private volatile Throwable firstError;

    /**
     * Creates a counter for a phase.
     *
     * @param topic    the phase's topic; outcomes for other topics are not counted
     * @param expected records the phase produces
     */
    AckCounter(String topic, long expected) {
        this.topic = topic;
        this.expected = expected;
    }

    /** The phase's topic. */
    String topic() {
        return topic;
    }

    /**
     * Counts acknowledged records.
     *
     * @param count how many
     */
    void acknowledged(long count) {
        if (firstAckNanos.get() == 0) {
            firstAckNanos.compareAndSet(0, System.nanoTime());
        }
        acknowledged.addAndGet(count);
        settle(count);
    }

    /**
     * Counts failed (discarded or expired) records.
     *
     * @param count how many
     * @param error why, the first one is kept
     */
    void failed(long count, Throwable error) {
        if (firstError == null) {
            firstError = error;
        }
        failed.addAndGet(count);
        settle(count);
    }

    private void settle(long count) {
        if (outcomes.addAndGet(count) >= expected) {
            settled.complete(null);
        }
    }

    /** Completes once acknowledged plus failed reaches the expected count. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    /** Records acknowledged so far. */
    long acknowledgedCount() {
        return acknowledged.get();
    }

    /** Records failed so far. */
    long failedCount() {
        return failed.get();
    }

    /** When the first acknowledgement arrived ({@code System.nanoTime()}), or 0 before. */
    long firstAckNanos() {
        return firstAckNanos.get();
    }

    /** The first failure's cause, or null. */
    Throwable firstError() {
        return firstError;
    }
}
