/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One client under test in the main command's modes, reduced to what they drive: send a null-keyed record and
 * hear its outcome with its latency, flush, and read a whole topic from its earliest offsets. The two
 * implementations are {@link DriverBenchClient} (ours) and {@link OfficialBenchClient}.
 */
interface BenchClient extends AutoCloseable {

    /**
     * Returns the client's label in the tables and the JSON.
     *
     * @return {@code ours} or {@code official}
     */
    String label();

    /**
     * Sends one record with a null key; its outcome goes to {@code tracker} (timed from {@code sentNanos}).
     *
     * @param topic     the topic
     * @param value     the value (a fresh array)
     * @param sentNanos the send time to time the acknowledgement from, {@code System.nanoTime()}
     * @param tracker   hears the outcome
     */
    void send(String topic, byte[] value, long sentNanos, ProduceTracker tracker);

    /**
     * Sends whatever lingers and waits until every record sent so far has an outcome.
     *
     * @param bound how long to wait at most
     * @throws TimeoutException     when the bound passes first
     * @throws InterruptedException when interrupted
     */
    void flush(Duration bound) throws TimeoutException, InterruptedException;

    /**
     * Prepares to read a whole topic: learns its partitions (so metadata and connection set-up are not measured),
     * without fetching yet.
     *
     * @param topic the topic, which exists
     * @param bound how long preparing may take
     * @return the consumption, to {@link Consumption#start} and then close
     */
    Consumption open(String topic, Duration bound);

    /** Closes the client and its threads. */
    @Override
    void close();

    /** Reading one topic from its earliest offsets, every partition. */
    interface Consumption extends AutoCloseable {

        /**
         * Starts fetching; every record goes to {@code sink}, on one thread, in offset order per partition.
         *
         * @param sink takes the records
         */
        void start(RecordSink sink);

        /** Stops fetching and delivering. */
        @Override
        void close();
    }
}
