/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

/**
 * Settings of the {@link KafkaSource}s. Immutable; {@code withX} returns a copy.
 */
public final class ConsumerSettings {
    private static final ConsumerSettings DEFAULTS = new ConsumerSettings(1000);

    private final int bufferSize;

    private ConsumerSettings(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    /**
     * The defaults: a buffer of 1,000 records.
     *
     * @return the defaults
     */
    public static ConsumerSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The most records a source holds or has asked the driver for and not received yet: the stage grants the driver
     * demand for the records downstream took, in steps of half of it, so its buffer never holds more. For a
     * partitioned source it is the per-partition buffer at which a partition is paused (it resumes at half), and
     * the window of demand the source keeps open with the driver.
     *
     * @return the size
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * A copy with another buffer size.
     *
     * @param bufferSize at least 1
     * @return the copy
     * @throws IllegalArgumentException below 1
     */
    public ConsumerSettings withBufferSize(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
        }
        return new ConsumerSettings(bufferSize);
    }

    @Override
    public String toString() {
        return "ConsumerSettings(bufferSize=" + bufferSize + ")";
    }
}
