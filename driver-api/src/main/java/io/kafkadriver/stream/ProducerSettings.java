/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

/**
 * Settings of {@link KafkaFlow} and {@link KafkaSink}. Immutable; {@code withX} returns a copy.
 */
public final class ProducerSettings {
    private static final ProducerSettings DEFAULTS = new ProducerSettings(10_000);

    private final int parallelism;

    private ProducerSettings(int parallelism) {
        this.parallelism = parallelism;
    }

    /**
     * The defaults: 10,000 records in flight (pekko-connectors-kafka's default; with 1,000 the stage flushed batches
     * of a few hundred records, at half the throughput: docs/performance.md).
     *
     * @return the defaults
     */
    public static ProducerSettings defaults() {
        return DEFAULTS;
    }

    /**
     * The most records the stage has handed to the producer and not yet seen acknowledged or dropped. When it is
     * reached the stage stops pulling (backpressure reaches upstream) and asks the producer to send what it buffers
     * now, whatever its linger ({@code produceBufferingTime}): waiting for the linger could not bring more records.
     * Keep it at or below the client's {@code maxBufferedMessages} when that is set, or records may be discarded
     * ({@code DISCARD}) or the stage's thread blocked ({@code BLOCK}).
     *
     * @return the limit
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * A copy with another parallelism.
     *
     * @param parallelism at least 1
     * @return the copy
     * @throws IllegalArgumentException below 1
     */
    public ProducerSettings withParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        return new ProducerSettings(parallelism);
    }

    @Override
    public String toString() {
        return "ProducerSettings(parallelism=" + parallelism + ")";
    }
}
