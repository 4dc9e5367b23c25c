/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.api.GroupFailure;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.UndeliveredMessage;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The client's events as Pekko Streams {@link Source}s (kafka-sharp exposed them as Rx streams). Each
 * materialization registers a listener on the client ({@code ClusterClient.onX}) and unregisters it when the
 * stream ends; it sees every event from then on, once.
 *
 * <p>The listeners are called on driver threads and must not block, so each source holds a bounded buffer of
 * {@code bufferSize} events: when an event finds it full (downstream slower than the events), the source fails with
 * an {@link EventBufferOverflowException} naming the buffer size. Events are never dropped silently and the driver
 * is never slowed down.
 */
public final class KafkaEvents {
    private KafkaEvents() {
    }

    /**
     * Acknowledged batches: kafka-sharp's {@code ProduceAcknowledged}.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<ProduceAcknowledgement, NotUsed> acknowledged(ClusterClient client, int bufferSize) {
        return events("acknowledged", bufferSize, client::onProduceAcknowledged);
    }

    /**
     * Discarded records: kafka-sharp's {@code MessageDiscarded}.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<UndeliveredMessage, NotUsed> discarded(ClusterClient client, int bufferSize) {
        return events("discarded", bufferSize, client::onMessageDiscarded);
    }

    /**
     * Expired records: kafka-sharp's {@code MessageExpired}.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<UndeliveredMessage, NotUsed> expired(ClusterClient client, int bufferSize) {
        return events("expired", bufferSize, client::onMessageExpired);
    }

    /**
     * Offsets reset after an out-of-range offset (records skipped).
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<OffsetOutOfRange, NotUsed> offsetReset(ClusterClient client, int bufferSize) {
        return events("offset reset", bufferSize, client::onOffsetOutOfRange);
    }

    /**
     * Partitions whose consumption stopped on an error.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<ConsumeFailure, NotUsed> consumeFailed(ClusterClient client, int bufferSize) {
        return events("consume failed", bufferSize, client::onConsumeFailed);
    }

    /**
     * Partitions a group assigned to the client: kafka-sharp's {@code PartitionsAssigned}.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<GroupPartitions, NotUsed> partitionsAssigned(ClusterClient client, int bufferSize) {
        return events("partitions assigned", bufferSize, client::onPartitionsAssigned);
    }

    /**
     * Partitions a rebalance took away: kafka-sharp's {@code PartitionsRevoked}.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<GroupPartitions, NotUsed> partitionsRevoked(ClusterClient client, int bufferSize) {
        return events("partitions revoked", bufferSize, client::onPartitionsRevoked);
    }

    /**
     * Partitions lost (the member was dropped from its group).
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<GroupPartitions, NotUsed> partitionsLost(ClusterClient client, int bufferSize) {
        return events("partitions lost", bufferSize, client::onPartitionsLost);
    }

    /**
     * Group members that stopped on an error.
     *
     * @param client     the client
     * @param bufferSize the buffer, at least 1
     * @return the source
     */
    public static Source<GroupFailure, NotUsed> groupFailed(ClusterClient client, int bufferSize) {
        return events("group failed", bufferSize, client::onGroupFailed);
    }

    private static <T> Source<T, NotUsed> events(String what, int bufferSize,
                                                  Function<Consumer<T>, AutoCloseable> register) {
        Objects.requireNonNull(register);
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1, was " + bufferSize);
        }
        return Source.<T>queue(bufferSize)
                .mapMaterializedValue(queue -> register.apply(event -> offer(queue, event, what, bufferSize)))
                .watchTermination((registration, done) -> {
                    done.whenComplete((d, e) -> unregister(registration));
                    return NotUsed.notUsed();
                });
    }

    private static <T> void offer(BoundedSourceQueue<T> queue, T event, String what, int bufferSize) {
        if (queue.offer(event) == QueueOfferResult.dropped()) {
            queue.fail(new EventBufferOverflowException(what, bufferSize));
        }
    }

    private static void unregister(AutoCloseable registration) {
        try {
            registration.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
