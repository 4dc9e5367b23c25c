/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.internal.ClientAccess;
import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Producing as a Pekko Streams {@link Flow}: each {@link ProducerEnvelope} is produced through the client's
 * thread-safe producer front (as {@link ClusterClient#send(io.kafkadriver.api.ProducerRecord)} does: no actor message
 * per record) and comes out as a {@link ProducerResult}, in input order, with its pass-through.
 *
 * <pre>{@code
 * Source.range(1, 1000)
 *         .map(i -> ProducerEnvelope.of(ProducerRecord.of("orders", null, bytes(i)), i))
 *         .via(KafkaFlow.flow(client))
 *         .runForeach(r -> log.info("{} at {}-{}@{}", r.passThrough(), r.topic(), r.partition(), r.offset()), system);
 * }</pre>
 *
 * <p>At most {@link ProducerSettings#parallelism()} records are in flight; beyond it the flow stops pulling, so
 * backpressure reaches upstream. A record is in flight from its submission until the broker acknowledged it or the
 * driver dropped it (discarded, or expired after {@code messageTtl}). Under the client's {@code BLOCK} overflow
 * strategy a submission may block the stream's thread while the client's {@code maxBufferedMessages} are pending
 * (other producers of the client count too).
 */
public final class KafkaFlow {
    private KafkaFlow() {
    }

    /**
     * A flow that fails on the first record not written: once the results before it are emitted, the stream fails
     * with that record's {@link ProduceFailedException} ({@link ProduceFailedException#expired()} tells an expiry
     * from a discard). Records still in flight then are not waited for; the driver still reports them to the
     * client's listeners.
     *
     * @param client   the client to produce through
     * @param settings the settings
     * @param <P>      the pass-through type
     * @return the flow, materializable many times
     */
    public static <P> Flow<ProducerEnvelope<P>, ProducerResult<P>, NotUsed> flow(ClusterClient client,
                                                                                 ProducerSettings settings) {
        return create(client, settings, false);
    }

    /**
     * {@link #flow(ClusterClient, ProducerSettings)} with the {@linkplain ProducerSettings#defaults() defaults}.
     *
     * @param client the client
     * @param <P>    the pass-through type
     * @return the flow
     */
    public static <P> Flow<ProducerEnvelope<P>, ProducerResult<P>, NotUsed> flow(ClusterClient client) {
        return flow(client, ProducerSettings.defaults());
    }

    /**
     * A flow that emits every outcome, in input order: a record not written comes out as a result whose
     * {@link ProducerResult#failure()} says why ({@link ProducerResult#succeeded()} false), and the stream goes on.
     * It fails only when the client is closed.
     *
     * @param client   the client to produce through
     * @param settings the settings
     * @param <P>      the pass-through type
     * @return the flow, materializable many times
     */
    public static <P> Flow<ProducerEnvelope<P>, ProducerResult<P>, NotUsed> flowWithFailures(
            ClusterClient client, ProducerSettings settings) {
        return create(client, settings, true);
    }

    private static <P> Flow<ProducerEnvelope<P>, ProducerResult<P>, NotUsed> create(ClusterClient client,
            ProducerSettings settings, boolean emitFailures) {
        Objects.requireNonNull(settings, "settings");
        return Flow.fromGraph(new ProducerStage<>(ClientAccess.engine(client).producer(), settings.parallelism(),
                emitFailures));
    }
}
