/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One client under test, reduced to what the benchmark drives: produce a null-keyed record, flush, count outcomes.
 * One instance serves one warm-up phase and one measured phase, then is closed.
 */
interface BenchProducer extends AutoCloseable {

    /**
     * Starts a phase: from now on, outcomes for {@code counter.topic()} go to {@code counter}.
     *
     * @param counter the phase's counter
     */
    void begin(AckCounter counter);

    /**
     * Produces one record with a null key to the current phase's topic, as the client's fastest public call does it
     * (fire and forget for the driver, {@code send} with a callback for the official client).
     *
     * @param value the value
     */
    void produce(byte[] value);

    /**
     * Sends whatever lingers and waits until every record produced so far has an outcome.
     *
     * @param bound how long to wait at most
     * @throws TimeoutException when the bound passes first
     * @throws InterruptedException when interrupted
     */
    void flush(Duration bound) throws TimeoutException, InterruptedException;

    /** Closes the client and its threads. */
    @Override
    void close();
}
