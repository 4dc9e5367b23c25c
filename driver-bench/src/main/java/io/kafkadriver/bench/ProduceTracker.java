/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Hears the outcome of every record one client produced in one phase, on whatever threads the client reports them:
 * counts acknowledgements and failures, and records each acknowledged record's produce→ack latency (from its send
 * time, or intended send time, to now) in a wait-free {@link Recorder}, in nanoseconds. Records sent before
 * {@code measureFromNanos} (a warm-up) are counted but not timed.
 */
final class ProduceTracker {
    private final AckCounter counter;
    private final Recorder latency = new Recorder(3);
    private final long measureFromNanos;
    private final AtomicLong timed = new AtomicLong();

    /**
     * Creates a tracker.
     *
     * @param topic            the phase's topic
     * @param expected         records the phase produces
     * @param measureFromNanos records sent at or after this {@code nanoTime} are timed
     */
    ProduceTracker(String topic, long expected, long measureFromNanos) {
        this.counter = new AckCounter(topic, expected);
        this.measureFromNanos = measureFromNanos;
    }

    /**
     * Counts an acknowledged record and times it.
     *
     * @param sentNanos when it was (meant to be) sent, {@code System.nanoTime()}
     */
    void acked(long sentNanos) {
        if (sentNanos - measureFromNanos >= 0) {
            latency.recordValue(Math.max(0, System.nanoTime() - sentNanos));
        }
        counter.acknowledged(1);
    }

    /**
     * Counts a failed record.
     *
     * @param error why
     */
    void failed(Throwable error) {
        counter.failed(1, error);
    }

    /** Completes once every record has an outcome. */
    CompletableFuture<Void> settled() {
        return counter.settled();
    }

    /** Records acknowledged so far. */
    long acknowledged() {
        return counter.acknowledgedCount();
    }

    /** Records failed so far. */
    long failed() {
        return counter.failedCount();
    }

    /** Records with an outcome so far. */
    long settledCount() {
        return counter.acknowledgedCount() + counter.failedCount();
    }

    /** The first failure, or null. */
    Throwable firstError() {
        return counter.firstError();
    }

    /**
     * Returns the produce→ack latencies recorded so far (call once, at the end: the recorder's interval restarts).
     *
     * @return nanoseconds
     */
    Histogram latencies() {
        return latency.getIntervalHistogram();
    }
}
