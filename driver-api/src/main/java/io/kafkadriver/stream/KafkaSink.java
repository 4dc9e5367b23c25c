/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ProducerRecord;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Producing as a Pekko Streams {@link Sink}: {@link KafkaFlow#flow(ClusterClient, ProducerSettings)} without results.
 *
 * <pre>{@code
 * CompletionStage<Done> done = Source.range(1, 1000)
 *         .map(i -> ProducerRecord.of("orders", null, bytes(i)))
 *         .runWith(KafkaSink.create(client), system);
 * }</pre>
 *
 * <p>Its {@code CompletionStage<Done>} completes once upstream completed and every record the sink took is
 * acknowledged by the broker (the last records are sent at once, not after their linger); it fails with the first
 * record's {@link io.kafkadriver.api.ProduceFailedException} that was discarded or expired, or when upstream fails.
 */
public final class KafkaSink {
    private KafkaSink() {
    }

    /**
     * A sink of records.
     *
     * @param client   the client to produce through
     * @param settings the settings
     * @return the sink, materializable many times
     */
    public static Sink<ProducerRecord, CompletionStage<Done>> create(ClusterClient client, ProducerSettings settings) {
        return Flow.<ProducerRecord>create().map(r -> ProducerEnvelope.<Void>of(r, null))
                .via(KafkaFlow.<Void>flow(client, settings))
                .toMat(Sink.ignore(), Keep.right());
    }

    /**
     * A sink of records with the {@linkplain ProducerSettings#defaults() default settings}.
     *
     * @param client the client to produce through
     * @return the sink
     */
    public static Sink<ProducerRecord, CompletionStage<Done>> create(ClusterClient client) {
        return create(client, ProducerSettings.defaults());
    }
}
