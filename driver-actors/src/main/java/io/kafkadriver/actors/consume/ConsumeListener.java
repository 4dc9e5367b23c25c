/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

/**
 * Hears what the consumer actors do besides fetching: where records go, and the events. Called on driver threads:
 * quick and non-blocking.
 */
public interface ConsumeListener {
    /**
     * Fetched records for delivery; the receiver must eventually run {@link FetchedChunk#done()}.
     *
     * @param chunk the records
     */
    void deliver(FetchedChunk chunk);

    /**
     * A partition's offset was out of range and was reset: the records in between are not consumed (F16).
     *
     * @param topic     the topic
     * @param partition the partition
     * @param from      the offset that was out of range
     * @param to        where consuming goes on
     * @param logStart  the earliest offset in the log, or -1 when unknown
     */
    void offsetReset(String topic, int partition, long from, long to, long logStart);

    /**
     * A partition stopped with an error it cannot get past (out of range under reset NONE, not authorised, corrupt).
     *
     * @param topic     the topic
     * @param partition the partition
     * @param error     why
     */
    void partitionFailed(String topic, int partition, Exception error);
}
