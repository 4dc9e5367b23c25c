/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.group.CommitException;
import io.kafkadriver.actors.group.GroupMemberActor;
import io.kafkadriver.api.CommitFailedException;
import io.kafkadriver.api.ReceivedMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The consumer groups a driver is subscribed to: each group's member and delivery, kept by the driver behavior and
 * read by the Java facade. Internal: not part of the API.
 */
public final class GroupRegistry {
    /**
     * One subscription.
     *
     * @param groupId  the group
     * @param member   its member actor
     * @param delivery its delivery
     * @param stopped  completed once the member actor has stopped (the driver saw it terminate)
     * @param leaving  set once it was told to leave: its stop is then expected
     */
    public record Entry(String groupId, ActorRef<GroupMemberActor.Command> member,
                        Delivery<ReceivedMessage> delivery, CompletableFuture<Void> stopped,
                        java.util.concurrent.atomic.AtomicBoolean leaving) {
        /**
         * A new subscription's entry.
         *
         * @param groupId  the group
         * @param member   its member actor
         * @param delivery its delivery
         */
        public Entry(String groupId, ActorRef<GroupMemberActor.Command> member, Delivery<ReceivedMessage> delivery) {
            this(groupId, member, delivery, new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicBoolean());
        }

        /** Tells the member to leave, once. */
        void leave() {
            leaving.set(true);
            member.tell(new GroupMemberActor.Leave(new CompletableFuture<>()));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final java.util.Set<String> pausedTopics = ConcurrentHashMap.newKeySet();

    /**
     * Pauses or resumes a topic or a partition in every group. A topic paused as a whole stays paused for the
     * partitions a rebalance brings later, and for groups subscribed later, until it is resumed; a partition's own
     * pause lasts while the partition stays assigned (a partition that moves away and comes back is consumed).
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     * @param paused    true to pause
     */
    public void pause(String topic, int partition, boolean paused) {
        if (partition < 0) {
            if (paused) {
                pausedTopics.add(topic);
            } else {
                pausedTopics.remove(topic);
            }
        }
        for (Entry e : entries.values()) {
            e.delivery().pause(topic, partition, paused);
        }
    }

    /**
     * A group's entry.
     *
     * @param groupId the group
     * @return the entry, or null when not subscribed
     */
    public Entry get(String groupId) {
        return entries.get(groupId);
    }

    void put(Entry e) {
        entries.put(e.groupId(), e);
        for (String topic : pausedTopics) {
            e.delivery().pause(topic, -1, true);
        }
    }

    void remove(Entry e) {
        entries.remove(e.groupId(), e);
        e.stopped().complete(null);
    }

    /**
     * Every subscription.
     *
     * @return a snapshot
     */
    public Collection<Entry> all() {
        return List.copyOf(entries.values());
    }

    /**
     * Commits a group's offsets.
     *
     * @param groupId the group
     * @param offsets the offsets, or null for every delivered position
     * @return completes once committed; fails with a {@link CommitFailedException}
     */
    public CompletableFuture<Void> commit(String groupId, Map<TopicPartitionRef, Long> offsets) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Entry e = entries.get(groupId);
        if (e == null) {
            result.completeExceptionally(new CommitFailedException("not subscribed to group " + groupId, null));
            return result;
        }
        e.member().tell(new GroupMemberActor.Commit(offsets, result));
        return result.handle((v, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            throw new CompletionException(cause instanceof CommitException ? new CommitFailedException(
                    cause.getMessage(), cause) : cause);
        });
    }

    /**
     * Tells every member to leave (a member leaving or stopped already ignores it).
     *
     * @return completes when all have stopped
     */
    public CompletableFuture<Void> leaveAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Entry e : entries.values()) {
            e.leave();
            all.add(e.stopped());
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }
}
