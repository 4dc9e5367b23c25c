/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one client for one kind of latency, in milliseconds.
 *
 * @param client {@code ours} or {@code official}
 * @param kind   {@code produce-ack} (send to acknowledgement) or {@code produce-consume} (send to delivery to the
 *               consumer's listener)
 * @param count  latencies recorded
 * @param p50    median
 * @param p99    99th percentile
 * @param p999   99.9th percentile
 * @param max    largest
 */
public record LatencySummary(String client, String kind, long count, double p50, double p99, double p999,
                             double max) {
    /** The send-to-acknowledgement kind. */
    public static final String PRODUCE_ACK = "produce-ack";
    /** The send-to-listener kind. */
    public static final String PRODUCE_CONSUME = "produce-consume";

    /**
     * Summarises a histogram of nanoseconds.
     *
     * @param client the client
     * @param kind   the kind
     * @param nanos  the latencies in nanoseconds
     * @return the percentiles in milliseconds
     */
    public static LatencySummary of(String client, String kind, Histogram nanos) {
        return new LatencySummary(client, kind, nanos.getTotalCount(), ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
