/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.api.internal.ClientAccess;
import io.kafkadriver.api.internal.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * What a source stage holds in the driver, and how it asks for records: a topic's consumption
 * ({@code Consume}/{@code Demand}/{@code StopConsume}) or a group's membership
 * ({@code Subscribe}/{@code GroupDemand}/{@code Unsubscribe}). Listeners it registers on the client tell the stage's
 * actor; they run on driver threads and only send a message. One per materialization.
 */
abstract class Binding {
    /** What the listeners tell the stage's actor. */
    sealed interface Signal permits Failed, Assigned, Revoked {
    }

    /** The source cannot go on. */
    record Failed(Throwable error) implements Signal {
    }

    /** The group assigned partitions (before their first record). */
    record Assigned(Set<TopicPartition> partitions) implements Signal {
    }

    /** The group revoked or lost partitions (after their last record). */
    record Revoked(Set<TopicPartition> partitions) implements Signal {
    }

    final ClusterClient client;
    final ActorRef<KafkaDriver.Command> driver;
    final Engine engine;
    private final List<AutoCloseable> listeners = new ArrayList<>();

    Binding(ClusterClient client) {
        this.client = client;
        this.driver = ClientAccess.driver(client);
        this.engine = ClientAccess.engine(client);
    }

    /** Starts: the records go to {@code records} within {@code demand}; signals go to {@code signals}. */
    abstract void start(ActorRef<KafkaDriver.Records> records, ActorRef<Signal> signals, long demand);

    /** Grants {@code n} more records. */
    abstract void grant(long n);

    /** Gives back what {@link #start} took; called once. */
    abstract CompletionStage<Done> release();

    /** What the committable sources commit through, or null. */
    CommitTarget commitTarget() {
        return null;
    }

    void listen(AutoCloseable registration) {
        listeners.add(registration);
    }

    /** Unregisters the listeners. */
    void closeListeners() {
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        listeners.clear();
    }

    /** A topic (or one of its partitions) consumed outside any group. */
    static final class TopicBinding extends Binding {
        /** The topics a source consumes, per driver: the driver has one receiver per topic. */
        private static final Map<ActorRef<KafkaDriver.Command>, Set<String>> IN_USE =
                Collections.synchronizedMap(new WeakHashMap<>());
        private final String topic;
        private final int partition;
        private final KafkaDriver.StartFrom start;
        private boolean started;

        TopicBinding(ClusterClient client, String topic, int partition, KafkaDriver.StartFrom start) {
            super(client);
            this.topic = topic;
            this.partition = partition;
            this.start = start;
        }

        @Override
        void start(ActorRef<KafkaDriver.Records> records, ActorRef<Signal> signals, long demand) {
            synchronized (IN_USE) {
                if (!IN_USE.computeIfAbsent(driver, d -> new HashSet<>()).add(topic)) {
                    throw new IllegalStateException("topic " + topic + " is already consumed by another KafkaSource"
                            + " of this client (the driver has one receiver per topic); stop it first");
                }
            }
            started = true;
            listen(client.onConsumeFailed(f -> {
                if (f.topic().equals(topic) && (partition < 0 || f.partition() == partition)) {
                    signals.tell(new Failed(new IllegalStateException("consumption of " + f.topic() + "-"
                            + f.partition() + " failed: " + f.error().getMessage(), f.error())));
                }
            }));
            driver.tell(new KafkaDriver.Consume(topic, partition, start, records, demand));
        }

        @Override
        void grant(long n) {
            driver.tell(new KafkaDriver.Demand(topic, n));
        }

        @Override
        CompletionStage<Done> release() {
            closeListeners();
            if (started) {
                driver.tell(new KafkaDriver.StopConsume(topic, -1));
                synchronized (IN_USE) {
                    Set<String> topics = IN_USE.get(driver);
                    if (topics != null) {
                        topics.remove(topic);
                    }
                }
            }
            return CompletableFuture.completedFuture(Done.getInstance());
        }
    }

    /** A consumer group's membership, its records to the source. */
    static final class GroupBinding extends Binding {
        private final GroupSubscription subscription;
        private final CommitTarget commits;
        private final Duration timeout;
        private CompletionStage<KafkaDriver.SubscribeResult> subscribed;

        GroupBinding(ClusterClient client, GroupSubscription subscription, boolean committable) {
            super(client);
            this.subscription = subscription;
            this.timeout = engine.config().closeTimeout().plusSeconds(2);
            if (committable && subscription.config().autoCommitEvery() != null) {
                throw new IllegalArgumentException("a committable source commits what the stream commits: group "
                        + subscription.groupId() + " must not set autoCommitEvery, which would commit records the"
                        + " stream has not processed yet");
            }
            this.commits = committable ? new CommitTarget(client, subscription.groupId()) : null;
        }

        String groupId() {
            return subscription.groupId();
        }

        @Override
        CommitTarget commitTarget() {
            return commits;
        }

        @Override
        void start(ActorRef<KafkaDriver.Records> records, ActorRef<Signal> signals, long demand) {
            String group = subscription.groupId();
            listen(client.onGroupFailed(f -> {
                if (f.groupId().equals(group)) {
                    signals.tell(new Failed(new IllegalStateException("group " + group + " failed: "
                            + f.error().getMessage(), f.error())));
                }
            }));
            listen(client.onPartitionsAssigned(p -> ifMine(p, signals, true)));
            listen(client.onPartitionsRevoked(p -> ifMine(p, signals, false)));
            listen(client.onPartitionsLost(p -> ifMine(p, signals, false)));
            subscribed = AskPattern.ask(driver, replyTo -> new KafkaDriver.Subscribe(group, subscription.topics(),
                    subscription.pattern(), subscription.config(), records, demand, replyTo), timeout,
                    engine.system().scheduler());
            subscribed.whenComplete((r, e) -> {
                if (e != null) {
                    signals.tell(new Failed(new IllegalStateException("the driver did not take the subscription to"
                            + " group " + group + " within " + timeout.toMillis() + " ms", e)));
                } else if (r instanceof KafkaDriver.SubscribeResult.Refused refused) {
                    signals.tell(new Failed(new IllegalStateException("subscription to group " + group
                            + " refused: " + refused.reason())));
                }
            });
        }

        private void ifMine(GroupPartitions p, ActorRef<Signal> signals, boolean assigned) {
            if (p.groupId().equals(subscription.groupId())) {
                signals.tell(assigned ? new Assigned(p.partitions()) : new Revoked(p.partitions()));
            }
        }

        @Override
        void grant(long n) {
            driver.tell(new KafkaDriver.GroupDemand(subscription.groupId(), n));
        }

        @Override
        CompletionStage<Done> release() {
            closeListeners();
            CompletableFuture<Done> done = new CompletableFuture<>();
            if (subscribed == null) {
                done.complete(Done.getInstance());
                return done;
            }
            subscribed.handle((r, e) -> r instanceof KafkaDriver.SubscribeResult.Subscribed)
                    .thenCompose(mine -> !mine ? CompletableFuture.completedFuture(null)
                            : AskPattern.<KafkaDriver.Command, KafkaDriver.Unsubscribed>ask(driver,
                            replyTo -> new KafkaDriver.Unsubscribe(subscription.groupId(), replyTo), timeout,
                            engine.system().scheduler()))
                    .whenComplete((u, e) -> {
                        if (commits != null) {
                            commits.close();
                        }
                        done.complete(Done.getInstance());
                    });
            return done;
        }
    }
}
