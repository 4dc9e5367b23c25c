/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;

/**
 * A Pekko Streams client under test in the streams mode ({@link StreamsMode}): ours ({@code KafkaSink},
 * {@code KafkaSource.topic}) or pekko-connectors-kafka's ({@code Producer.plainSink},
 * {@code Consumer.plainExternalSource}). Each has an actor system of its own, built the same way for both
 * ({@link StreamsMode#actorSystem}); its streams run there. One instance serves one warm-up and one measured phase,
 * then is closed.
 */
interface StreamsClient extends AutoCloseable {

    /**
     * Returns the client's label in the tables and the JSON.
     *
     * @return {@code ours} or {@link StreamsMode#RIVAL}
     */
    String label();

    /**
     * Runs one stream that produces {@code records} null-keyed records, the {@code i}-th with value
     * {@code pool[i % pool.length]}, from {@code Source.range} through the client's sink.
     *
     * @param topic   the topic, which exists
     * @param records how many
     * @param pool    the values, a power of two of them
     * @param handed  set to the records handed to the sink so far (for the progress)
     * @return the sink's completion: every record acknowledged, or the first failure
     */
    CompletionStage<Done> produce(String topic, int records, byte[][] pool, AtomicLong handed);

    /**
     * Prepares to read a whole topic from its earliest offsets: learns its partitions (so that the metadata and the
     * connection set-up are not measured) without fetching yet. The consumption's {@code start} materializes the
     * source into a {@code Sink.foreach} that hands every record to the sink; its {@code close} shuts the source
     * down.
     *
     * @param topic the topic, which exists
     * @param bound how long preparing may take
     * @return the consumption
     */
    BenchClient.Consumption open(String topic, Duration bound);

    /** Closes the client and terminates its actor system. */
    @Override
    void close();
}
