/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.protocol.partition.KeyPartitioner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * Routes produced records to the producer batchers: kafka-sharp's {@code ProduceRouter}.
 *
 * <p>Records come in through a signal-and-queue mailbox ({@link ChunkInbox}): callers put them in a lock-free queue
 * and the router gets one wake-up per burst, then drains a bounded number per turn, so control messages (metadata,
 * flush, partition trouble) queued meanwhile are handled between turns. For each record it chooses the partition
 * ({@link PartitionChooser}: explicit, murmur2 key hash, or round robin over partitions with a leader and enough
 * in-sync replicas), and hands records to batchers in chunks, one message per batcher per turn.
 *
 * <p>A partition stays with the batcher that got its first record: with {@code BatchStrategy.BY_NODE} that is the
 * batcher of the broker that led it then, with {@code GLOBAL} the one batcher. Batchers send to the partition's
 * current leader, so a leader change moves no record between actors and cannot reorder a partition.
 *
 * <p>Records whose topic is unknown, or which have no usable partition yet, are postponed (at most
 * {@code maxPostponed}, more are discarded) and routed again on each metadata update; they expire by the message TTL
 * with an event, never silently.
 */
public final class ProduceRouterActor {
    private static final java.time.Duration BATCHER_MIN_BACKOFF = java.time.Duration.ofMillis(100);
    private static final java.time.Duration BATCHER_MAX_BACKOFF = java.time.Duration.ofSeconds(5);
    private static final Object TICK = "router-tick";

    /** What the router accepts. */
    public sealed interface Command permits Drain, MetadataUpdate, FlushNow, Abort, PartitionTrouble, Tick,
            BatcherAborted, Stop {
    }

    /** Records are waiting in the inbox. */
    public enum Drain implements Command { INSTANCE }

    /**
     * New cluster metadata.
     *
     * @param metadata the snapshot
     */
    public record MetadataUpdate(ClusterMetadata metadata) implements Command {
    }

    /** Route everything queued and have every batcher send its open batches now. */
    public enum FlushNow implements Command { INSTANCE }

    /**
     * Discard everything the producer holds, then answer.
     *
     * @param reason  why
     * @param replyTo told when every batcher has discarded its records
     */
    public record Abort(Exception reason, ActorRef<ProducerBatcherActor.Aborted> replyTo) implements Command {
    }

    /**
     * A partition answered with an error saying its leader moved: round robin skips it for a while.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public record PartitionTrouble(String topic, int partition) implements Command {
    }

    /** Stop the router and its batchers. */
    public enum Stop implements Command { INSTANCE }

    enum Tick implements Command { INSTANCE }

    record BatcherAborted(ProducerBatcherActor.Aborted aborted) implements Command {
    }

    private final ActorContext<Command> context;
    private final ProduceSettings settings;
    private final ActorRef<ClusterActor.Command> cluster;
    private final ChunkInbox<OutgoingRecord, Command> inbox;
    private final ProducerAccounting accounting;
    private final ProduceListener listener;
    private final LongSupplier clock;
    private final PartitionChooser chooser;
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, int[]> lanesByTopic = new HashMap<>();
    private final Map<String, Map<Integer, Long>> ignoredUntil = new HashMap<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<Integer, Lane> laneByNode = new HashMap<>();
    private final ArrayDeque<OutgoingRecord> postponed = new ArrayDeque<>();
    private final ActorRef<ProducerBatcherActor.Aborted> abortedAdapter;
    private ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private final ArrayDeque<OutgoingRecord> awaitingTopic = new ArrayDeque<>();
    private final java.util.Set<String> unknownTopics = new java.util.HashSet<>();
    private final ActorRef<ClusterMetadata> metadataAdapter;
    private boolean awaitingRefresh;
    private String lastTopic;
    private Route lastRoute;
    private boolean refreshWanted;
    private boolean pendingDrain;
    private boolean flushPending;
    private int abortsPending;
    private ActorRef<ProducerBatcherActor.Aborted> abortReplyTo;
    private long now;

    private ProduceRouterActor(ActorContext<Command> context, TimerScheduler<Command> timers, ProduceSettings settings,
                               ActorRef<ClusterActor.Command> cluster, ChunkInbox<OutgoingRecord, Command> inbox,
                               ProducerAccounting accounting, ProduceListener listener, LongSupplier clock) {
        this.context = context;
        this.settings = settings;
        this.cluster = cluster;
        this.inbox = inbox;
        this.accounting = accounting;
        this.listener = listener;
        this.clock = clock;
        this.chooser = new PartitionChooser(settings.recordsBeforeRoundRobin(), settings.hashKeys(),
                KeyPartitioner::positiveHash, (int) System.nanoTime());
        this.abortedAdapter = context.messageAdapter(ProducerBatcherActor.Aborted.class, BatcherAborted::new);
        inbox.bind(context.getSelf());
        this.metadataAdapter = context.messageAdapter(ClusterMetadata.class, MetadataUpdate::new);
        cluster.tell(new ClusterActor.Subscribe(metadataAdapter));
        long tick = Math.max(10, Math.min(1000, settings.messageTtl().toMillis() / 4));
        timers.startTimerWithFixedDelay(TICK, Tick.INSTANCE, Duration.ofMillis(tick));
        if (!settings.byNode()) {
            lane(-1);
        }
    }

    /**
     * The behavior of the router.
     *
     * @param settings   the producer settings
     * @param cluster    the cluster actor
     * @param inbox      where callers put records; bound to this actor when it starts
     * @param accounting the producer's record accounting
     * @param listener   hears every outcome
     * @param clock      the current time in milliseconds
     * @return the behavior
     */
    public static Behavior<Command> create(ProduceSettings settings, ActorRef<ClusterActor.Command> cluster,
                                           ChunkInbox<OutgoingRecord, Command> inbox, ProducerAccounting accounting,
                                           ProduceListener listener, LongSupplier clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ProduceRouterActor(context, timers,
                settings, cluster, inbox, accounting, listener, clock).running()));
    }

    /**
     * Reports as discarded whatever was offered to a router's inbox after the router stopped: for the router's
     * parent, once it knows the router is dead (the inbox has a single consumer, so never while the router runs).
     *
     * @param inbox      the dead router's inbox
     * @param reason     why the records were not sent
     * @param listener   the producer's listener
     * @param accounting the accounting
     * @param log        where listener failures are logged
     * @return how many records were reported
     */
    public static int discardAfterStop(ChunkInbox<OutgoingRecord, Command> inbox, String reason,
                                       ProduceListener listener, ProducerAccounting accounting, Logger log) {
        List<OutgoingRecord> left = new ArrayList<>();
        inbox.drain(left::add, Integer.MAX_VALUE);
        if (!left.isEmpty()) {
            report(left, Drop.discarded(new ProduceException(left.size() + " record(s) not sent: " + reason, null)),
                    listener, accounting, log);
        }
        return left.size();
    }

    /**
     * Reports dropped records to the listener, their callbacks and the accounting; shared by router and batchers.
     *
     * @param records    the records
     * @param drop       why
     * @param listener   the producer's listener
     * @param accounting the accounting
     * @param log        where listener failures are logged
     */
    static void report(List<OutgoingRecord> records, Drop drop, ProduceListener listener,
                       ProducerAccounting accounting, Logger log) {
        log.debug("{} record(s) {}: {}", records.size(), drop.kind(), drop.cause().getMessage());
        try {
            listener.dropped(records, drop);
        } catch (RuntimeException | Error e) {
            io.kafkadriver.actors.support.ListenerFailures.ignore(log, "a produce event listener", null, e);
        }
        for (OutgoingRecord r : records) {
            if (r.callback != null) {
                try {
                    r.callback.dropped(r, drop);
                } catch (RuntimeException e) {
                    log.warn("a produce callback threw; ignored", e);
                }
            }
            if (r.encoder != null) {
                r.release(log); // after the events handed the originals back
            }
        }
        accounting.settle(records);
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessageEquals(Drain.INSTANCE, this::onDrain)
                .onMessage(MetadataUpdate.class, this::onMetadata)
                .onMessageEquals(FlushNow.INSTANCE, this::onFlush)
                .onMessage(PartitionTrouble.class, this::onTrouble)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .onMessage(Abort.class, this::onAbort)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> onPostStop())
                .onMessage(BatcherAborted.class, m -> onBatcherAborted())
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    private Behavior<Command> onDrain() {
        if (metadata == ClusterMetadata.EMPTY) {
            // Until the first metadata, records wait in the inbox: postponing them all would hit the postponed cap
            // at once. The first MetadataUpdate drains them.
            pendingDrain = true;
            return Behaviors.same();
        }
        now = clock.getAsLong();
        inbox.drain(this::route, settings.routerDrainChunk());
        dispatch();
        return Behaviors.same();
    }

    private void route(OutgoingRecord r) {
        Route t;
        if (r.topic == lastTopic) { // records mostly come in runs of one topic (the same String): skip the map
            t = lastRoute;
        } else {
            t = routes.get(r.topic);
            lastTopic = r.topic;
            lastRoute = t;
        }
        if (t == null && !unknownTopics.contains(r.topic)) {
            // Not in the metadata yet (perhaps just created): wait for one urgent refresh before the postponed
            // queue and its cap apply.
            awaitingTopic.addLast(r);
            awaitingRefresh = true;
            return;
        }
        if (r.encoder != null && r.keyObject != null && settings.hashKeys() && r.requestedPartition < 0) {
            try {
                r.encode(); // key hashing needs the key's bytes now
            } catch (RuntimeException e) {
                report(List.of(r), Drop.discarded(new ProduceException("serializing a record for " + r.topic
                        + " failed: " + e, e)), listener, accounting, context.getLog());
                return;
            }
        }
        int p = t == null ? PartitionChooser.NO_PARTITION
                : chooser.choose(t.state, t.available, r.requestedPartition, r.key);
        if (p < 0) {
            if (t != null && r.requestedPartition >= t.state.partitionCount()) {
                report(List.of(r), Drop.discarded(new ProduceException("partition " + r.requestedPartition
                        + " does not exist: topic " + r.topic + " has " + t.state.partitionCount()
                        + " partition(s)", null)), listener, accounting, context.getLog());
                return;
            }
            postpone(r);
            return;
        }
        r.partition = p;
        laneOf(r.topic, p).chunk.add(r);
    }

    private void postpone(OutgoingRecord r) {
        if (postponed.size() >= settings.maxPostponed()) {
            report(List.of(r), Drop.discarded(new ProduceException("no partition of topic " + r.topic
                    + " can take records now (unknown topic or no leader) and " + settings.maxPostponed()
                    + " record(s) already wait (maxPostponedMessages)", null)), listener, accounting,
                    context.getLog());
            return;
        }
        postponed.addLast(r);
        refreshWanted = true;
    }

    /** Hands each batcher its chunk of this turn, and asks for metadata when records were postponed. */
    private void dispatch() {
        for (Lane lane : lanes) {
            if (!lane.chunk.isEmpty()) {
                lane.inbox.offer(lane.chunk);
                lane.chunk = new ArrayList<>(Math.min(1024, Math.max(16, lane.chunk.size())));
            }
        }
        if (awaitingRefresh) {
            awaitingRefresh = false;
            // With a reply-to: answered even when nothing changed, which settles the records waiting for it.
            cluster.tell(new ClusterActor.RefreshUrgently(metadataAdapter));
        } else if (refreshWanted) {
            refreshWanted = false;
            cluster.tell(new ClusterActor.RefreshUrgently(null));
        }
    }

    private Lane laneOf(String topic, int partition) {
        if (!settings.byNode()) {
            return lanes.get(0);
        }
        int[] byPartition = lanesByTopic.get(topic);
        if (byPartition == null || byPartition.length <= partition) {
            int[] grown = new int[Math.max(partition + 1, routes.get(topic).state.partitionCount())];
            java.util.Arrays.fill(grown, -1);
            if (byPartition != null) {
                System.arraycopy(byPartition, 0, grown, 0, byPartition.length);
            }
            byPartition = grown;
            lanesByTopic.put(topic, byPartition);
        }
        if (byPartition[partition] < 0) {
            PartitionState p = routes.get(topic).state.partition(partition);
            int node = p != null && p.hasLeader() ? p.leaderId() : (lanes.isEmpty() ? -1 : lanes.get(0).node);
            byPartition[partition] = lane(node).index;
        }
        return lanes.get(byPartition[partition]);
    }

    private Lane lane(int node) {
        Lane existing = laneByNode.get(node);
        if (existing != null) {
            return existing;
        }
        ChunkInbox<List<OutgoingRecord>, ProducerBatcherActor.Command> chunkInbox =
                new ChunkInbox<>(ProducerBatcherActor.Drain.INSTANCE);
        // A batcher that fails reports every record it held (PreRestart) and starts again with backoff; its inbox
        // and its partitions stay with it.
        ActorRef<ProducerBatcherActor.Command> ref = context.spawn(Behaviors.supervise(ProducerBatcherActor.create(
                settings, cluster, chunkInbox, accounting, listener, context.getSelf(), clock))
                .onFailure(SupervisorStrategy.restartWithBackoff(BATCHER_MIN_BACKOFF, BATCHER_MAX_BACKOFF, 0.2)),
                node < 0 ? "batcher" : "batcher-node-" + node, DispatcherSelector.sameAsParent());
        chunkInbox.bind(ref);
        Lane lane = new Lane(lanes.size(), node, ref, chunkInbox);
        lanes.add(lane);
        laneByNode.put(node, lane);
        return lane;
    }

    private Behavior<Command> onMetadata(MetadataUpdate m) {
        metadata = m.metadata();
        now = clock.getAsLong();
        routes.clear();
        lastTopic = null;
        lastRoute = null;
        for (TopicState t : metadata.topics().values()) {
            routes.put(t.name(), new Route(t, available(t)));
        }
        unknownTopics.removeIf(routes::containsKey);
        // Records that waited for this snapshot: routed, or, their topic still unknown, postponed.
        for (int i = awaitingTopic.size(); i > 0; i--) {
            OutgoingRecord r = awaitingTopic.pollFirst();
            if (!routes.containsKey(r.topic)) {
                unknownTopics.add(r.topic);
            }
            route(r);
        }
        retryPostponed();
        if (pendingDrain) {
            pendingDrain = false;
            onDrain();
        }
        if (flushPending) {
            flushPending = false;
            onFlush();
        }
        return Behaviors.same();
    }

    /** Partitions round robin may use: a leader, enough in-sync replicas under acks=all, not in trouble. */
    private int[] available(TopicState t) {
        Map<Integer, Long> ignored = ignoredUntil.getOrDefault(t.name(), Map.of());
        int minIsr = settings.acks() == -1 ? settings.minInSyncReplicas() : 0;
        int[] out = new int[t.partitionCount()];
        int n = 0;
        for (PartitionState p : t.partitions()) {
            Long until = ignored.get(p.partition());
            if (p.hasLeader() && (minIsr <= 0 || p.isrSize() >= minIsr) && (until == null || until <= now)) {
                out[n++] = p.partition();
            }
        }
        if (n == 0 && !ignored.isEmpty()) {
            // Every usable partition is in trouble: better to try them than to hold everything back.
            return t.partitionsWithLeader();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void retryPostponed() {
        int n = postponed.size();
        long ttl = settings.messageTtl().toMillis();
        List<OutgoingRecord> expired = null;
        for (int i = 0; i < n; i++) {
            OutgoingRecord r = postponed.pollFirst();
            if (now - r.enqueuedMs >= ttl) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(r);
            } else {
                route(r);
            }
        }
        if (expired != null) {
            String topics = String.join(", ", expired.stream().map(OutgoingRecord::topic).distinct().toList());
            report(expired, Drop.expired(new ProduceException(expired.size() + " record(s) expired after "
                    + ttl + " ms (messageTtl) waiting for a partition of " + topics
                    + " (unknown topic, or no partition with a leader)", null)), listener, accounting,
                    context.getLog());
        }
        dispatch();
    }

    private Behavior<Command> onTrouble(PartitionTrouble m) {
        now = clock.getAsLong();
        ignoredUntil.computeIfAbsent(m.topic(), t -> new HashMap<>())
                .put(m.partition(), now + settings.ignorePartitionTime().toMillis());
        Route r = routes.get(m.topic());
        if (r != null) {
            routes.put(m.topic(), new Route(r.state, available(r.state)));
            lastTopic = null;
        }
        return Behaviors.same();
    }

    private Behavior<Command> onTick() {
        now = clock.getAsLong();
        if (metadata == ClusterMetadata.EMPTY) {
            expireBeforeFirstMetadata(settings.messageTtl().toMillis());
            return Behaviors.same();
        }
        boolean changed = false;
        for (Iterator<Map.Entry<String, Map<Integer, Long>>> it = ignoredUntil.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Map<Integer, Long>> e = it.next();
            changed |= e.getValue().values().removeIf(until -> until <= now);
            if (e.getValue().isEmpty()) {
                it.remove();
            }
            Route r = routes.get(e.getKey());
            if (changed && r != null) {
                routes.put(e.getKey(), new Route(r.state, available(r.state)));
                lastTopic = null;
            }
        }
        long ttl = settings.messageTtl().toMillis();
        if (!awaitingTopic.isEmpty() && now - awaitingTopic.peekFirst().enqueuedMs >= ttl) {
            // No metadata answered at all (the cluster is down): the waiting records go the postponed way, and expire.
            while (!awaitingTopic.isEmpty()) {
                OutgoingRecord r = awaitingTopic.pollFirst();
                unknownTopics.add(r.topic);
                postponed.addLast(r);
            }
        }
        if (!postponed.isEmpty()) {
            retryPostponed();
        }
        return Behaviors.same();
    }

    /**
     * No broker has answered yet (seeds down, or not Kafka): the records wait for the first metadata in arrival
     * order, ahead of the inbox, and those past their TTL expire, so that a send fails within its TTL even then (F8).
     */
    private void expireBeforeFirstMetadata(long ttl) {
        inbox.drain(awaitingTopic::addLast, Integer.MAX_VALUE);
        List<OutgoingRecord> expired = new ArrayList<>();
        while (!awaitingTopic.isEmpty() && now - awaitingTopic.peekFirst().enqueuedMs >= ttl) {
            expired.add(awaitingTopic.pollFirst());
        }
        if (!expired.isEmpty()) {
            report(expired, Drop.expired(new ProduceException(expired.size() + " record(s) expired after " + ttl
                    + " ms (messageTtl): no broker has answered a metadata request yet (are the seeds reachable Kafka"
                    + " brokers?)", null)), listener, accounting, context.getLog());
        }
    }

    private Behavior<Command> onFlush() {
        if (metadata == ClusterMetadata.EMPTY) {
            flushPending = true; // nothing can be routed yet: flush once the first metadata has routed the records
            return Behaviors.same();
        }
        now = clock.getAsLong();
        inbox.drain(this::route, Integer.MAX_VALUE);
        dispatch();
        for (Lane lane : lanes) {
            lane.ref.tell(ProducerBatcherActor.FlushNow.INSTANCE);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onAbort(Abort m) {
        discardHeld(m.reason().getMessage(), m.reason());
        abortReplyTo = m.replyTo();
        abortsPending = lanes.size();
        for (Lane lane : lanes) {
            lane.ref.tell(new ProducerBatcherActor.Abort(m.reason(), abortedAdapter));
        }
        if (abortsPending == 0) {
            onBatcherAborted0();
        }
        return Behaviors.same();
    }

    /**
     * Stopped (the driver stops, or this router failed): the records it holds itself, and those still in its inbox,
     * are reported as discarded, never dropped silently. Its batchers, stopped with it, report theirs.
     */
    private Behavior<Command> onPostStop() {
        discardHeld("the produce router stopped", null);
        return Behaviors.same();
    }

    /** Reports every record the router holds itself (postponed, awaiting a topic, in its inbox, in lane chunks). */
    private void discardHeld(String why, Exception cause) {
        List<OutgoingRecord> all = new ArrayList<>(postponed);
        postponed.clear();
        all.addAll(awaitingTopic);
        awaitingTopic.clear();
        inbox.drain(all::add, Integer.MAX_VALUE);
        for (Lane lane : lanes) {
            all.addAll(lane.chunk);
            lane.chunk.clear();
        }
        if (!all.isEmpty()) {
            report(all, Drop.discarded(new ProduceException(all.size() + " record(s) not sent: " + why, cause)),
                    listener, accounting, context.getLog());
        }
    }

    private Behavior<Command> onBatcherAborted() {
        abortsPending--;
        if (abortsPending <= 0) {
            onBatcherAborted0();
        }
        return Behaviors.same();
    }

    private void onBatcherAborted0() {
        if (abortReplyTo != null) {
            abortReplyTo.tell(ProducerBatcherActor.Aborted.INSTANCE);
            abortReplyTo = null;
        }
    }

    /** A topic's metadata and the partitions round robin may use. */
    private record Route(TopicState state, int[] available) {
    }

    /** One batcher and the chunk of records being gathered for it this turn. */
    private static final class Lane {
        final int index;
        final int node;
        final ActorRef<ProducerBatcherActor.Command> ref;
        final ChunkInbox<List<OutgoingRecord>, ProducerBatcherActor.Command> inbox;
        ArrayList<OutgoingRecord> chunk = new ArrayList<>(256);

        Lane(int index, int node, ActorRef<ProducerBatcherActor.Command> ref,
             ChunkInbox<List<OutgoingRecord>, ProducerBatcherActor.Command> inbox) {
            this.index = index;
            this.node = node;
            this.ref = ref;
            this.inbox = inbox;
        }
    }
}
