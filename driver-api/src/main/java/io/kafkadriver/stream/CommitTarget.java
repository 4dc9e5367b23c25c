/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.CommitFailedException;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.api.internal.ClientAccess;
import io.kafkadriver.api.internal.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One committable source's way to commit: its group on its client's driver ({@code KafkaDriver.Commit}), and the
 * partitions its member owns now, kept from the group's assigned, revoked and lost events (heard on the group's
 * delivery thread before a partition's first record and before its revoke completes). A commit sends only owned
 * partitions: offsets of a partition a rebalance took away cannot be committed by this member any more, and the
 * driver refuses a whole commit that names one.
 */
final class CommitTarget {
    private final String groupId;
    private final ActorRef<KafkaDriver.Command> driver;
    private final Engine engine;
    private final Duration timeout;
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> listeners = new ArrayList<>();

    CommitTarget(ClusterClient client, String groupId) {
        this.groupId = groupId;
        this.driver = ClientAccess.driver(client);
        this.engine = ClientAccess.engine(client);
        this.timeout = engine.config().clientRequestTimeout().plusSeconds(1);
        listeners.add(client.onPartitionsAssigned(p -> ifMine(p, owned::addAll)));
        listeners.add(client.onPartitionsRevoked(p -> ifMine(p, owned::removeAll)));
        listeners.add(client.onPartitionsLost(p -> ifMine(p, owned::removeAll)));
    }

    private void ifMine(GroupPartitions p, java.util.function.Consumer<Set<TopicPartition>> action) {
        if (p.groupId().equals(groupId)) {
            action.accept(p.partitions());
        }
    }

    String groupId() {
        return groupId;
    }

    /** Stops following the group's assignment: after the source released its membership. */
    void close() {
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Commits the owned partitions' offsets. A refusal after a rebalance raced the filter is retried once with the
     * partitions still owned.
     */
    CompletionStage<Done> commit(Map<TopicPartition, Long> offsets) {
        return commit(offsets, true);
    }

    private CompletionStage<Done> commit(Map<TopicPartition, Long> offsets, boolean retry) {
        Map<TopicPartition, Long> mine = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (owned.contains(tp)) {
                mine.put(tp, offset);
            }
        });
        if (mine.isEmpty()) {
            return CompletableFuture.completedFuture(Done.getInstance());
        }
        CompletableFuture<Done> done = new CompletableFuture<>();
        AskPattern.<KafkaDriver.Command, KafkaDriver.CommitResult>ask(driver,
                replyTo -> new KafkaDriver.Commit(groupId, mine, replyTo), timeout, engine.system().scheduler())
                .whenComplete((result, error) -> {
                    if (error != null) {
                        done.completeExceptionally(new CommitFailedException("the commit of group " + groupId
                                + " was not answered within " + timeout.toMillis() + " ms", error));
                    } else if (result instanceof KafkaDriver.CommitResult.CommitFailed failed) {
                        if (retry && !owned.containsAll(mine.keySet())) {
                            commit(mine, false).whenComplete((d, e) -> complete(done, e));
                        } else {
                            done.completeExceptionally(new CommitFailedException(failed.reason(), null));
                        }
                    } else {
                        done.complete(Done.getInstance());
                    }
                });
        return done;
    }

    /** Completes {@code done} as another stage completed, with its failure unwrapped. */
    static void complete(CompletableFuture<Done> done, Throwable error) {
        if (error == null) {
            done.complete(Done.getInstance());
        } else {
            done.completeExceptionally(error instanceof java.util.concurrent.CompletionException
                    && error.getCause() != null ? error.getCause() : error);
        }
    }
}
