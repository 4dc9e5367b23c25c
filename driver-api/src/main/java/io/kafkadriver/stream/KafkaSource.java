/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Consuming as Pekko Streams {@link Source}s, with backpressure down to the fetcher: each source is the driver's
 * actor receiver ({@code KafkaDriver.Consume} or {@code Subscribe}) with demand, and grants demand only as its buffer
 * of {@link ConsumerSettings#bufferSize()} records drains. While downstream is slow the driver holds what it fetched
 * within the client's {@code consumerFetchBufferBytes} and stops fetching.
 *
 * <pre>{@code
 * Pair<Control, CompletionStage<Done>> running = KafkaSource.topic(client, "orders", new KafkaDriver.StartFrom.Earliest(),
 *                 ConsumerSettings.defaults())
 *         .toMat(Sink.foreach(m -> handle(m)), Keep.both())
 *         .run(system);
 * running.first().shutdown();
 * }</pre>
 *
 * <p>Each source is materializable many times; each materialization consumes on its own. A topic source takes its
 * topic's receiver in the client's driver: a second topic source of the same topic in the same client fails at
 * materialization until the first released it. A group source is the client's one member of its group: a second
 * subscription of the group in the client fails. Each partition's records come in offset order.
 */
public final class KafkaSource {
    private KafkaSource() {
    }

    /**
     * Every partition of a topic, outside any group.
     *
     * @param client   the client
     * @param topic    the topic
     * @param start    where to start: {@code Earliest}, {@code Latest}, {@code AtOffset} (per partition) or
     *                 {@code AtTimestamp}
     * @param settings the settings
     * @return the source; its {@link Control} stops it ({@code StopConsume} on release)
     */
    public static Source<ReceivedMessage, Control> topic(ClusterClient client, String topic,
                                                         KafkaDriver.StartFrom start, ConsumerSettings settings) {
        return plain(client, topic, -1, start, settings);
    }

    /**
     * One partition of a topic, outside any group.
     *
     * @param client    the client
     * @param topic     the topic
     * @param partition the partition, at least 0
     * @param start     where to start
     * @param settings  the settings
     * @return the source
     */
    public static Source<ReceivedMessage, Control> partition(ClusterClient client, String topic, int partition,
                                                             KafkaDriver.StartFrom start, ConsumerSettings settings) {
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be at least 0, was " + partition);
        }
        return plain(client, topic, partition, start, settings);
    }

    private static Source<ReceivedMessage, Control> plain(ClusterClient client, String topic, int partition,
                                                          KafkaDriver.StartFrom start, ConsumerSettings settings) {
        Objects.requireNonNull(client, "client");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must be a non-blank topic name, was " + topic);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(settings, "settings");
        return Source.fromGraph(new ConsumerStage<ReceivedMessage>(
                () -> new Binding.TopicBinding(client, topic, partition, start), settings.bufferSize(),
                b -> Function.identity()));
    }

    /**
     * A consumer group's records (its share of the topics' partitions, from the group's committed offsets). Nothing
     * is committed by the source: the group's {@code autoCommitEvery}, or {@code ClusterClient.commit(groupId)},
     * commit the position the driver handed to the source, which includes what the source buffers and has not
     * emitted; use {@link #committable} to commit what the stream processed.
     *
     * @param client       the client
     * @param subscription the group, its topics and its settings
     * @param settings     the settings
     * @return the source; its {@link Control}'s release leaves the group ({@code Unsubscribe})
     */
    public static Source<ReceivedMessage, Control> group(ClusterClient client, GroupSubscription subscription,
                                                         ConsumerSettings settings) {
        check(client, subscription, settings);
        return Source.fromGraph(new ConsumerStage<ReceivedMessage>(
                () -> new Binding.GroupBinding(client, subscription, false), settings.bufferSize(),
                b -> Function.identity()));
    }

    /**
     * A consumer group's records, each with the offset to commit once it is processed (hand them to a
     * {@link Committer}): at-least-once. The group must not auto-commit.
     *
     * @param client       the client
     * @param subscription the group (without {@code autoCommitEvery}), its topics and its settings
     * @param settings     the settings
     * @return the source
     * @throws IllegalArgumentException when the group sets {@code autoCommitEvery}
     */
    public static Source<CommittableMessage, Control> committable(ClusterClient client,
                                                                  GroupSubscription subscription,
                                                                  ConsumerSettings settings) {
        checkCommittable(client, subscription, settings);
        return Source.fromGraph(new ConsumerStage<CommittableMessage>(
                () -> new Binding.GroupBinding(client, subscription, true), settings.bufferSize(),
                KafkaSource::committableMessage));
    }

    /**
     * A consumer group's records as one sub-source per assigned partition: each emitted when the group assigns its
     * partition, completed when the group revokes or loses it (what it had not emitted then is dropped; the next
     * owner reads it again). A partition whose sub-source holds {@link ConsumerSettings#bufferSize()} records is
     * paused in the driver ({@code KafkaDriver.Pause}, which pauses that partition for every group and consumer of
     * the client) and resumed at half. Cancelling a sub-source leaves its partition paused until the group takes it
     * away.
     *
     * @param client       the client
     * @param subscription the group, its topics and its settings
     * @param settings     the settings
     * @return the source of (partition, sub-source) pairs
     */
    public static Source<Pair<TopicPartition, Source<ReceivedMessage, NotUsed>>, Control> partitioned(
            ClusterClient client, GroupSubscription subscription, ConsumerSettings settings) {
        check(client, subscription, settings);
        return Source.fromGraph(new PartitionedStage<ReceivedMessage>(
                () -> new Binding.GroupBinding(client, subscription, false), settings.bufferSize(),
                b -> Function.identity()));
    }

    /**
     * {@link #partitioned} whose records carry the offset to commit, as {@link #committable}.
     *
     * @param client       the client
     * @param subscription the group (without {@code autoCommitEvery}), its topics and its settings
     * @param settings     the settings
     * @return the source of (partition, sub-source) pairs
     */
    public static Source<Pair<TopicPartition, Source<CommittableMessage, NotUsed>>, Control> committablePartitioned(
            ClusterClient client, GroupSubscription subscription, ConsumerSettings settings) {
        checkCommittable(client, subscription, settings);
        return Source.fromGraph(new PartitionedStage<CommittableMessage>(
                () -> new Binding.GroupBinding(client, subscription, true), settings.bufferSize(),
                KafkaSource::committableMessage));
    }

    private static Function<ReceivedMessage, CommittableMessage> committableMessage(Binding binding) {
        CommitTarget target = binding.commitTarget();
        return m -> new CommittableMessage(m, new CommittableOffset(target,
                new TopicPartition(m.topic(), m.partition()), m.offset() + 1));
    }

    private static void check(ClusterClient client, GroupSubscription subscription, ConsumerSettings settings) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(settings, "settings");
    }

    private static void checkCommittable(ClusterClient client, GroupSubscription subscription,
                                         ConsumerSettings settings) {
        check(client, subscription, settings);
        if (subscription.config().autoCommitEvery() != null) {
            throw new IllegalArgumentException("a committable source commits what the stream commits: group "
                    + subscription.groupId() + " must not set autoCommitEvery, which would commit records the"
                    + " stream has not processed yet");
        }
    }
}
