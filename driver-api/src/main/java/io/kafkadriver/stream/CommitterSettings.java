/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Committer}. Immutable; {@code withX} returns a copy.
 */
public final class CommitterSettings {
    private static final CommitterSettings DEFAULTS = new CommitterSettings(1000, Duration.ofSeconds(1));

    private final int maxBatch;
    private final Duration maxInterval;

    private CommitterSettings(int maxBatch, Duration maxInterval) {
        this.maxBatch = maxBatch;
        this.maxInterval = maxInterval;
    }

    /**
     * The defaults: batches of up to 1,000 offsets, at least every second.
     *
     * @return the defaults
     */
    public static CommitterSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The most offsets gathered into one batch before it goes to commit.
     *
     * @return the count
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * The longest a batch gathers offsets: a slow stream still commits this often.
     *
     * @return the interval
     */
    public Duration maxInterval() {
        return maxInterval;
    }

    /**
     * A copy with another batch size.
     *
     * @param maxBatch at least 1
     * @return the copy
     */
    public CommitterSettings withMaxBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        return new CommitterSettings(maxBatch, maxInterval);
    }

    /**
     * A copy with another interval.
     *
     * @param maxInterval above zero
     * @return the copy
     */
    public CommitterSettings withMaxInterval(Duration maxInterval) {
        Objects.requireNonNull(maxInterval, "maxInterval");
        if (maxInterval.isNegative() || maxInterval.isZero()) {
            throw new IllegalArgumentException("maxInterval must be above zero, was " + maxInterval);
        }
        return new CommitterSettings(maxBatch, maxInterval);
    }

    @Override
    public String toString() {
        return "CommitterSettings(maxBatch=" + maxBatch + ", maxInterval=" + maxInterval + ")";
    }
}
