/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.support;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, as a pure decision: given the number of consecutive failures, how long to wait
 * before the next attempt.
 *
 * <p>The delay doubles from {@code initialMs} up to {@code maxMs}; a jitter fraction {@code j} spreads each delay
 * uniformly over {@code [d * (1 - j), d * (1 + j)]} (clamped to {@code maxMs}) so that many clients reconnecting to a
 * restarted broker do not arrive in lock step. The random source is injected so tests are deterministic.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * Creates a backoff policy.
     *
     * @param initialMs the delay after the first failure, at least 1
     * @param maxMs     the largest delay, at least {@code initialMs}
     * @param jitter    the jitter fraction, between 0 and 1
     * @param random    a source of uniform doubles in {@code [0, 1)}
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Backoff(long initialMs, long maxMs, double jitter, DoubleSupplier random) {
        if (initialMs < 1) {
            throw new IllegalArgumentException("initialMs must be at least 1, was " + initialMs);
        }
        if (maxMs < initialMs) {
            throw new IllegalArgumentException("maxMs must be at least initialMs (" + initialMs + "), was " + maxMs);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.jitter = jitter;
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    /**
     * The delay before the next attempt.
     *
     * @param failures the number of consecutive failures so far, at least 1
     * @return the delay in milliseconds, between 1 and {@code maxMs}
     */
    public long delayMs(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, was " + failures);
        }
        // Cap the exponent: 2^62 already overflows any sane maxMs.
        int exponent = Math.min(failures - 1, 62);
        double base = Math.min((double) maxMs, initialMs * Math.pow(2.0, exponent));
        double spread = base * jitter * (2.0 * random.getAsDouble() - 1.0);
        long delay = Math.round(base + spread);
        return Math.max(1L, Math.min(maxMs, delay));
    }
}
