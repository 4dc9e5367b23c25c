/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.group;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One of our group members in a test: a client of its own, what the group assigned to it (from its listeners), and
 * what it received. Its actor system is the test's, so {@link #kill()} can stop it without a LeaveGroup.
 */
final class GroupMember implements AutoCloseable {
    final String name;
    final ClusterClient client;
    final ActorSystem<Void> system;
    final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    /** Synchronized, not copy-on-write: a listener that copied the list at every record would be the bottleneck. */
    private final List<ReceivedMessage> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final AtomicInteger revokes = new AtomicInteger();
    final AtomicInteger losses = new AtomicInteger();
    final AtomicInteger assignments = new AtomicInteger();
    private volatile boolean killed;

    GroupMember(String name, Configuration config, String groupId, List<String> topics,
                ConsumerGroupConfiguration group, Consumer<ReceivedMessage> onRecord) {
        this.name = name;
        this.system = ActorSystem.create(Behaviors.empty(), "member-" + name);
        this.client = ClusterClient.create(config, system);
        client.onPartitionsAssigned(p -> {
            owned.addAll(p.partitions());
            assignments.incrementAndGet();
        });
        client.onPartitionsRevoked(p -> {
            owned.removeAll(p.partitions());
            revokes.incrementAndGet();
        });
        client.onPartitionsLost(p -> {
            owned.removeAll(p.partitions());
            losses.incrementAndGet();
        });
        client.onMessageReceived(m -> {
            received.add(m);
            if (onRecord != null) {
                onRecord.accept(m);
            }
        });
        client.subscribe(groupId, topics, group);
    }

    /** {@return a copy of what the member received, in arrival order} */
    List<ReceivedMessage> received() {
        return List.copyOf(received);
    }

    /** {@return how many records the member received} */
    int receivedCount() {
        return received.size();
    }

    /** {@return a sorted copy of what the member owns} */
    Set<TopicPartition> owns() {
        return new TreeSet<>(owned);
    }

    /** Stops the member's actor system: no LeaveGroup, no revoke; the group finds out after the session timeout. */
    void kill() {
        killed = true;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the member's system did not stop", e);
        }
    }

    @Override
    public void close() {
        if (!killed) {
            client.close();
            kill();
        }
    }

    /**
     * Whether these members' ownership covers every partition exactly once, each member owning some (when there
     * are enough partitions): the group has settled.
     *
     * @param members    the members
     * @param partitions every partition
     * @return true when there is neither overlap nor gap
     */
    static boolean partitionsSplit(List<GroupMember> members, Set<TopicPartition> partitions) {
        Map<TopicPartition, Integer> count = new java.util.HashMap<>();
        for (GroupMember m : members) {
            for (TopicPartition tp : m.owns()) {
                count.merge(tp, 1, Integer::sum);
            }
        }
        boolean everyoneHasSome = partitions.size() < members.size()
                || members.stream().noneMatch(m -> m.owns().isEmpty());
        return everyoneHasSome && count.keySet().equals(partitions) && count.values().stream().allMatch(c -> c == 1);
    }

    static String describe(List<GroupMember> members) {
        StringBuilder b = new StringBuilder();
        for (GroupMember m : members) {
            b.append(m.name).append('=').append(m.owns()).append(' ');
        }
        return b.toString();
    }
}
