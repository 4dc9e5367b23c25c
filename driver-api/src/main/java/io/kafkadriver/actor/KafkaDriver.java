/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actor;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.GroupFailure;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.api.internal.DriverBehavior;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The whole driver as one Pekko typed {@link Behavior}, for applications that talk to Kafka by messages and for teams
 * that run the driver under their own supervisor, in their own {@code ActorSystem}. It is the composition root of the
 * engine: the cluster actor (with its node and connection actors), the produce router (with its batchers), the
 * consume router (with its fetchers) and the consumer's delivery actor are its children.
 *
 * <p><b>Supervision</b> (docs/actors.md has the table). Node and connection actors, and producer batchers, restart
 * with backoff (a batcher first reports every record it held as discarded). A fetcher that fails stops its
 * partitions, each with an {@link Event.ConsumeFailed}. If the cluster, a router or the delivery fails, whatever it
 * held is reported or released and the driver fails with an {@link IllegalStateException} naming it: the parent's
 * supervisor decides. A restarted driver goes on where it stopped: actor consumptions resume from the offset after
 * the last record sent, with the demand left, and event subscriptions are kept. No accepted record is lost
 * silently: each gets its acknowledgement or its failure.
 *
 * <p>This package, with the streams package ({@code io.kafkadriver.stream}), is the only one whose public types
 * mention Pekko.
 */
public final class KafkaDriver {
    private KafkaDriver() {
    }

    /**
     * The driver's behavior, to spawn in any typed {@code ActorSystem} (as a child, or with {@code systemActorOf}).
     *
     * @param config the configuration; must name at least one seed
     * @return the behavior
     * @throws io.kafkadriver.api.ConfigurationException when the configuration cannot start a driver (no seed, a TLS
     *                                                   store that cannot be opened, a SASL or TLS setting the
     *                                                   security protocol does not use)
     */
    public static Behavior<Command> create(Configuration config) {
        return DriverBehavior.create(config, engine -> { });
    }

    /**
     * What the driver accepts: the records of this class. (Not sealed only because the driver's own internal messages
     * live in another package; applications implement nothing of it.)
     */
    public interface Command {
    }

    /**
     * Produce one record: kafka-sharp's {@code Produce}. With a {@code replyTo} the driver answers with exactly one
     * {@link ProduceResult}; without, it is fire and forget (the client's discard and expiry listeners still hear a
     * record that is dropped). The actor protocol never blocks: when {@code maxBufferedMessages} records are pending
     * the record is refused at once with a {@link ProduceResult.Failed}, whatever the overflow strategy.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 to let the partitioner choose
     * @param key       the key, or null
     * @param value     the value, or null
     * @param headers   the headers (null means none)
     * @param replyTo   told the outcome, or null
     */
    public record Produce(String topic, int partition, byte[] key, byte[] value, List<Header> headers,
                          ActorRef<ProduceResult> replyTo) implements Command {
        /**
         * Checks the arguments.
         *
         * @throws NullPointerException     without a topic
         * @throws IllegalArgumentException for an empty topic or a partition below -1
         */
        public Produce {
            checkTopic(topic);
            if (partition < -1) {
                throw new IllegalArgumentException("partition must be -1 (any) or a partition index, was "
                        + partition);
            }
            headers = headers == null ? List.of() : List.copyOf(headers);
        }

        /**
         * A record to any partition, without headers.
         *
         * @param topic   the topic
         * @param key     the key, or null
         * @param value   the value, or null
         * @param replyTo told the outcome, or null
         */
        public Produce(String topic, byte[] key, byte[] value, ActorRef<ProduceResult> replyTo) {
            this(topic, -1, key, value, List.of(), replyTo);
        }
    }

    /** The outcome of one {@link Produce}: exactly one per record that asked for it. */
    public sealed interface ProduceResult permits ProduceResult.Acknowledged, ProduceResult.Failed {
        /**
         * The broker acknowledged the record.
         *
         * @param topic     the topic
         * @param partition the partition it went to
         * @param offset    its offset, or -1 with acks=0
         */
        record Acknowledged(String topic, int partition, long offset) implements ProduceResult {
        }

        /**
         * The record was not written: refused, discarded or expired.
         *
         * @param record  the record as it was produced
         * @param reason  why, naming the topic and the setting or broker error involved
         * @param expired true when its {@code messageTtl} ran out (otherwise it was discarded or refused)
         */
        record Failed(Produce record, String reason, boolean expired) implements ProduceResult {
        }
    }

    /** Where a {@link Consume} starts. */
    public sealed interface StartFrom permits StartFrom.Earliest, StartFrom.Latest, StartFrom.AtOffset,
            StartFrom.AtTimestamp {
        /** The earliest offset still in the log. */
        record Earliest() implements StartFrom {
        }

        /** The end of the log: only records produced from now on. */
        record Latest() implements StartFrom {
        }

        /**
         * An offset (out of range: reset per {@code autoOffsetReset}, with an {@link Event.OffsetReset}).
         *
         * @param offset the offset, at least 0
         */
        record AtOffset(long offset) implements StartFrom {
            /** @throws IllegalArgumentException for a negative offset */
            public AtOffset {
                if (offset < 0) {
                    throw new IllegalArgumentException("offset must be at least 0, was " + offset);
                }
            }
        }

        /**
         * The first record at or after a time (the end when there is none).
         *
         * @param timestampMs milliseconds since the epoch
         */
        record AtTimestamp(long timestampMs) implements StartFrom {
            /** @throws IllegalArgumentException for a negative timestamp */
            public AtTimestamp {
                if (timestampMs < 0) {
                    throw new IllegalArgumentException("timestamp must be milliseconds since the epoch, was "
                            + timestampMs);
                }
            }
        }
    }

    /**
     * Consume a topic (every partition, or one) into an actor, with demand: the driver sends {@link Records} of at
     * most the records granted and not yet sent, never more. With nothing granted, the topic's fetched chunks wait
     * (holding their bytes in the fetch budget, {@code consumerFetchBufferBytes}), so fetching stops for it: a slow
     * actor is back-pressured, never flooded. Grant more with {@link Demand}. While a topic has a receiver, its
     * records go to it and not to the {@code ClusterClient} listeners; a new {@code Consume} of the topic replaces
     * the receiver. Each partition's records arrive in offset order.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for every partition
     * @param start     where to start
     * @param deliverTo receives the records
     * @param demand    the records granted at once, at least 0
     */
    public record Consume(String topic, int partition, StartFrom start, ActorRef<Records> deliverTo, long demand)
            implements Command {
        /**
         * Checks the arguments.
         *
         * @throws NullPointerException     without a topic, a start or a receiver
         * @throws IllegalArgumentException for an empty topic, a partition below -1 or a negative demand
         */
        public Consume {
            checkTopic(topic);
            if (partition < -1) {
                throw new IllegalArgumentException("partition must be -1 (all) or a partition index, was "
                        + partition);
            }
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(deliverTo, "deliverTo");
            if (demand < 0) {
                throw new IllegalArgumentException("demand must be at least 0, was " + demand);
            }
        }
    }

    /**
     * A batch of consumed records for a {@link Consume} receiver: at most what it was granted.
     *
     * @param topic   the topic
     * @param records the records, each partition's in offset order
     */
    public record Records(String topic, List<ReceivedMessage> records) {
    }

    /**
     * Grant a topic's receiver more records.
     *
     * @param topic the topic
     * @param n     how many more, at least 1
     */
    public record Demand(String topic, long n) implements Command {
        /** @throws IllegalArgumentException for an empty topic or n below 1 */
        public Demand {
            checkTopic(topic);
            if (n < 1) {
                throw new IllegalArgumentException("demand must be at least 1, was " + n);
            }
        }
    }

    /**
     * Pause a consumed topic or partition: delivery stops at the next record and fetching stops; nothing is lost.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     */
    public record Pause(String topic, int partition) implements Command {
        /** @throws IllegalArgumentException for an empty topic or a partition below -1 */
        public Pause {
            checkTopic(topic);
            checkPartition(partition);
        }
    }

    /**
     * Resume a paused topic or partition where it stopped, without a gap or a repeat.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     */
    public record Resume(String topic, int partition) implements Command {
        /** @throws IllegalArgumentException for an empty topic or a partition below -1 */
        public Resume {
            checkTopic(topic);
            checkPartition(partition);
        }
    }

    /**
     * Stop consuming a topic or partition: what is fetched and not delivered is dropped. Stopping the whole topic
     * also forgets its receiver.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     */
    public record StopConsume(String topic, int partition) implements Command {
        /** @throws IllegalArgumentException for an empty topic or a partition below -1 */
        public StopConsume {
            checkTopic(topic);
            checkPartition(partition);
        }
    }

    /**
     * Hear the driver's events: records discarded or expired, offsets reset, partitions that failed. The subscriber
     * is forgotten when it stops.
     *
     * @param subscriber receives every {@link Event}
     */
    public record SubscribeEvents(ActorRef<Event> subscriber) implements Command {
        /** @throws NullPointerException without a subscriber */
        public SubscribeEvents {
            Objects.requireNonNull(subscriber, "subscriber");
        }
    }

    /**
     * Join a consumer group (kafka-sharp's {@code Subscribe}): the driver spawns the group's member, which takes its
     * share of the subscribed topics' partitions and consumes them from the group's committed offsets. One member
     * per group id; several groups per driver.
     *
     * @param groupId   the group
     * @param topics    the topics, or null when {@code pattern} is given
     * @param pattern   a pattern over the cluster's topic names (internal {@code __} topics excepted), or null
     * @param config    the group's settings
     * @param deliverTo gets the group's records in batches within its demand, or null to hand them to the client's
     *                  record listeners ({@code ClusterClient.onMessageReceived})
     * @param demand    the records {@code deliverTo} may be sent before it grants more ({@link GroupDemand})
     * @param replyTo   told whether the subscription was taken, or null
     */
    public record Subscribe(String groupId, List<String> topics, java.util.regex.Pattern pattern,
                            ConsumerGroupConfiguration config, ActorRef<Records> deliverTo, long demand,
                            ActorRef<SubscribeResult> replyTo) implements Command {
        /** Checks the values. */
        public Subscribe {
            checkGroup(groupId);
            if ((topics == null) == (pattern == null)) {
                throw new IllegalArgumentException("give either topics or a pattern");
            }
            if (topics != null) {
                if (topics.isEmpty()) {
                    throw new IllegalArgumentException("topics must name at least one topic");
                }
                topics.forEach(KafkaDriver::checkTopic);
                topics = List.copyOf(topics);
            }
            Objects.requireNonNull(config, "config");
            if (demand < 0) {
                throw new IllegalArgumentException("demand must be at least 0, was " + demand);
            }
        }

        /**
         * Join a group for a list of topics, records to an actor.
         *
         * @param groupId   the group
         * @param topics    the topics
         * @param config    the group's settings
         * @param deliverTo gets the records
         * @param demand    the first demand
         */
        public Subscribe(String groupId, List<String> topics, ConsumerGroupConfiguration config,
                         ActorRef<Records> deliverTo, long demand) {
            this(groupId, topics, null, config, deliverTo, demand, null);
        }
    }

    /** Whether a {@link Subscribe} was taken. */
    public sealed interface SubscribeResult permits SubscribeResult.Subscribed, SubscribeResult.Refused {
        /**
         * The member is spawned.
         *
         * @param groupId the group
         */
        record Subscribed(String groupId) implements SubscribeResult {
        }

        /**
         * Refused.
         *
         * @param groupId the group
         * @param reason  why (already subscribed, a setting not supported, the driver stopping)
         */
        record Refused(String groupId, String reason) implements SubscribeResult {
        }
    }

    /**
     * Grant a group's {@code deliverTo} more records.
     *
     * @param groupId the group
     * @param n       how many more, at least 1
     */
    public record GroupDemand(String groupId, long n) implements Command {
        /** Checks the values. */
        public GroupDemand {
            checkGroup(groupId);
            if (n < 1) {
                throw new IllegalArgumentException("demand must be at least 1, was " + n);
            }
        }
    }

    /**
     * Leave a group: its partitions are revoked (a commit first under auto-commit), the member leaves and stops,
     * within {@code closeTimeout}.
     *
     * @param groupId the group
     * @param replyTo told when it is done, or null
     */
    public record Unsubscribe(String groupId, ActorRef<Unsubscribed> replyTo) implements Command {
        /** Checks the values. */
        public Unsubscribe {
            checkGroup(groupId);
        }
    }

    /**
     * A group was left (or was not subscribed).
     *
     * @param groupId the group
     */
    public record Unsubscribed(String groupId) {
    }

    /**
     * Commit a group's offsets: the next offset to read of each partition.
     *
     * @param groupId the group
     * @param offsets the offsets, or null for the position after every record delivered so far
     * @param replyTo told the outcome, or null
     */
    public record Commit(String groupId, java.util.Map<TopicPartition, Long> offsets,
                         ActorRef<CommitResult> replyTo) implements Command {
        /** Checks the values. */
        public Commit {
            checkGroup(groupId);
            offsets = offsets == null ? null : java.util.Map.copyOf(offsets);
        }
    }

    /** The outcome of a {@link Commit}. */
    public sealed interface CommitResult permits CommitResult.Committed, CommitResult.CommitFailed {
        /**
         * The coordinator took the offsets.
         *
         * @param groupId the group
         */
        record Committed(String groupId) implements CommitResult {
        }

        /**
         * The commit did not land.
         *
         * @param groupId the group
         * @param reason  why
         */
        record CommitFailed(String groupId, String reason) implements CommitResult {
        }
    }

    /** What a {@link SubscribeEvents} subscriber hears. */
    public sealed interface Event permits Event.Discarded, Event.Expired, Event.OffsetReset, Event.ConsumeFailed,
            Event.PartitionsAssigned, Event.PartitionsRevoked, Event.PartitionsLost, Event.GroupFailed {
        /**
         * A record was discarded (overflow, an error strategy, a broker's refusal, a stop).
         *
         * @param message the record and why
         */
        record Discarded(UndeliveredMessage message) implements Event {
        }

        /**
         * A record's {@code messageTtl} ran out before it could be written.
         *
         * @param message the record and why
         */
        record Expired(UndeliveredMessage message) implements Event {
        }

        /**
         * A consumed offset was out of range and consumption was reset: records in between are not consumed.
         *
         * @param reset where from and to
         */
        record OffsetReset(OffsetOutOfRange reset) implements Event {
        }

        /**
         * A partition stopped being consumed because of an error it cannot get past.
         *
         * @param failure the partition and the error
         */
        record ConsumeFailed(ConsumeFailure failure) implements Event {
        }

        /**
         * A group assigned partitions to this driver; their first record follows.
         *
         * @param partitions the group and the partitions
         */
        record PartitionsAssigned(GroupPartitions partitions) implements Event {
        }

        /**
         * A rebalance took partitions away; nothing of them is delivered any more.
         *
         * @param partitions the group and the partitions
         */
        record PartitionsRevoked(GroupPartitions partitions) implements Event {
        }

        /**
         * Partitions were lost (the member was dropped from its group): not committed.
         *
         * @param partitions the group and the partitions
         */
        record PartitionsLost(GroupPartitions partitions) implements Event {
        }

        /**
         * A group's member stopped on an error.
         *
         * @param failure the group and the error
         */
        record GroupFailed(GroupFailure failure) implements Event {
        }
    }

    private static void checkTopic(String topic) {
        io.kafkadriver.api.internal.Checks.topic(topic);
    }

    private static void checkGroup(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        if (groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must not be blank");
        }
    }

    private static void checkPartition(int partition) {
        if (partition < -1) {
            throw new IllegalArgumentException("partition must be -1 (all) or a partition index, was " + partition);
        }
    }

    /**
     * Send every buffered record now and answer once every record produced before is acknowledged, discarded or
     * expired.
     *
     * @param replyTo told {@link Flushed}
     */
    public record Flush(ActorRef<Flushed> replyTo) implements Command {
        /** @throws NullPointerException without a {@code replyTo} */
        public Flush {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** The answer to {@link Flush}. */
    public enum Flushed {
        /** Every record produced before the flush has its outcome. */
        INSTANCE
    }

    /**
     * Stop the driver: refuse new records, flush within {@code closeTimeout}, report whatever is still held as
     * discarded, stop every child and connection, answer, and stop. The actor system goes on.
     *
     * @param replyTo told {@link Stopped}, or null
     */
    public record Stop(ActorRef<Stopped> replyTo) implements Command {
    }

    /** The answer to {@link Stop}. */
    public enum Stopped {
        /** The driver has reported every record and is stopping. */
        INSTANCE
    }
}
