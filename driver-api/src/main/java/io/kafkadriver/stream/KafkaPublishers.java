/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.api.GroupFailure;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.api.internal.ClientAccess;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@link java.util.concurrent.Flow.Publisher} views of the consumer and event sources, for code that does not use
 * Pekko: each is the source run on the client's own actor system into {@code JavaFlowSupport.Sink.asPublisher}.
 * Each publisher takes one subscriber and honours its {@code request(n)}: it is sent at most what it requested.
 * Cancelling the subscription stops the source and releases what it held (a topic's consumption, a group's
 * membership).
 *
 * <p>The source starts when the publisher is created, not when it is subscribed: a consumer publisher fills its
 * buffer ({@link ConsumerSettings#bufferSize()}) at once and then waits for requests; an event publisher buffers
 * events and fails once its buffer overflows. Subscribe soon; a publisher never subscribed holds its consumption
 * until the client closes.
 */
public final class KafkaPublishers {
    private KafkaPublishers() {
    }

    /**
     * Any source of this package, run on the client's actor system.
     *
     * @param client the client
     * @param source the source
     * @param <T>    the element type
     * @return the publisher
     */
    public static <T> Flow.Publisher<T> of(ClusterClient client, Source<T, ?> source) {
        Objects.requireNonNull(source, "source");
        return source.runWith(JavaFlowSupport.Sink.asPublisher(AsPublisher.WITHOUT_FANOUT),
                Materializer.matFromSystem(ClientAccess.engine(client).system()));
    }

    /**
     * {@link KafkaSource#topic}.
     *
     * @param client   the client
     * @param topic    the topic
     * @param start    where to start
     * @param settings the settings
     * @return the publisher
     */
    public static Flow.Publisher<ReceivedMessage> topic(ClusterClient client, String topic,
                                                        KafkaDriver.StartFrom start, ConsumerSettings settings) {
        return of(client, KafkaSource.topic(client, topic, start, settings));
    }

    /**
     * {@link KafkaSource#partition}.
     *
     * @param client    the client
     * @param topic     the topic
     * @param partition the partition
     * @param start     where to start
     * @param settings  the settings
     * @return the publisher
     */
    public static Flow.Publisher<ReceivedMessage> partition(ClusterClient client, String topic, int partition,
                                                            KafkaDriver.StartFrom start, ConsumerSettings settings) {
        return of(client, KafkaSource.partition(client, topic, partition, start, settings));
    }

    /**
     * {@link KafkaSource#group}.
     *
     * @param client       the client
     * @param subscription the group
     * @param settings     the settings
     * @return the publisher
     */
    public static Flow.Publisher<ReceivedMessage> group(ClusterClient client, GroupSubscription subscription,
                                                        ConsumerSettings settings) {
        return of(client, KafkaSource.group(client, subscription, settings));
    }

    /**
     * {@link KafkaSource#committable}: commit each processed record's offset with
     * {@link CommittableOffset#commit()} (one OffsetCommit each: commit every n-th record's, or every so often; the
     * latest offset of a partition covers the earlier ones).
     *
     * @param client       the client
     * @param subscription the group
     * @param settings     the settings
     * @return the publisher
     */
    public static Flow.Publisher<CommittableMessage> committable(ClusterClient client,
                                                                 GroupSubscription subscription,
                                                                 ConsumerSettings settings) {
        return of(client, KafkaSource.committable(client, subscription, settings));
    }

    /**
     * {@link KafkaEvents#acknowledged}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<ProduceAcknowledgement> acknowledged(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.acknowledged(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#discarded}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<UndeliveredMessage> discarded(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.discarded(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#expired}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<UndeliveredMessage> expired(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.expired(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#offsetReset}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<OffsetOutOfRange> offsetReset(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.offsetReset(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#consumeFailed}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<ConsumeFailure> consumeFailed(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.consumeFailed(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#partitionsAssigned}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<GroupPartitions> partitionsAssigned(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.partitionsAssigned(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#partitionsRevoked}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<GroupPartitions> partitionsRevoked(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.partitionsRevoked(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#partitionsLost}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<GroupPartitions> partitionsLost(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.partitionsLost(client, bufferSize));
    }

    /**
     * {@link KafkaEvents#groupFailed}.
     *
     * @param client     the client
     * @param bufferSize the buffer
     * @return the publisher
     */
    public static Flow.Publisher<GroupFailure> groupFailed(ClusterClient client, int bufferSize) {
        return of(client, KafkaEvents.groupFailed(client, bufferSize));
    }
}
