/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.node.Purpose;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ListOffsetsRequest;
import io.kafkadriver.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Tracks what is consumed and where: kafka-sharp's {@code ConsumeRouter}. It turns start requests (earliest, latest,
 * an offset, a timestamp; one partition or all of a topic) into positions with ListOffsets sent to each partition's
 * leader, hands each partition to the {@link FetcherActor} of its leader, and moves it to the new leader's fetcher
 * when leadership changes (asking the old fetcher for its position first, so nothing is skipped or repeated).
 *
 * <p>An out-of-range offset is reset to the earliest or latest offset per {@link ConsumeSettings#reset()}, with a
 * log line and an explicit data-loss event ({@link ConsumeListener#offsetReset}); under {@code NONE}, or after a fatal
 * error, the partition stops with {@link ConsumeListener#partitionFailed}. Never a silent loop.
 */
public final class ConsumeRouterActor {
    private static final Object RESOLVE_TIMER = "resolve-retry";

    /** What the router accepts. */
    public sealed interface Command permits Start, StopConsume, SetPaused, MetadataUpdate, FetcherReleased,
            OffsetsReply, ResolveDue, LookupDue, GetOffset, GetFetchers, Stop {
    }

    /**
     * Start consuming.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for every partition of the topic
     * @param start     where to start
     */
    public record Start(String topic, int partition, StartPosition start) implements Command {
    }

    /**
     * Stop consuming.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     */
    public record StopConsume(String topic, int partition) implements Command {
    }

    /**
     * Pause or resume fetching.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     * @param paused    true to pause
     */
    public record SetPaused(String topic, int partition, boolean paused) implements Command {
    }

    /**
     * New cluster metadata.
     *
     * @param metadata the snapshot
     */
    public record MetadataUpdate(ClusterMetadata metadata) implements Command {
    }

    /** Why a fetcher gave a partition back. */
    public enum ReleaseReason {
        /** The router asked (a leader change or a stop). */
        REQUESTED,
        /** The broker is no longer the leader, or does not know the partition: reassign after a refresh. */
        LEADERSHIP,
        /** The offset is out of range: reset it. */
        OUT_OF_RANGE,
        /** The answer failed its checksum (damaged on the way): fetch again from the same offset after a backoff. */
        CORRUPT,
        /** An error consuming cannot get past. */
        FATAL
    }

    /**
     * A fetcher gave a partition back.
     *
     * @param tp       the partition
     * @param position its next offset, or -1 when the fetcher did not have it
     * @param node     the fetcher's broker
     * @param reason   why
     * @param detail   what the broker said, or null
     */
    public record FetcherReleased(TopicPartitionRef tp, long position, int node, ReleaseReason reason, String detail)
            implements Command {
    }

    /**
     * Look up an offset: the earliest (-2), the latest (-1), or the first at a timestamp.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param timestamp -2, -1 or milliseconds since the epoch
     * @param result    completed with the offset (-1 when no record is at or after the timestamp)
     */
    public record GetOffset(String topic, int partition, long timestamp, CompletableFuture<Long> result)
            implements Command {
    }

    /**
     * The fetchers, one per broker fetched from (for the close, which has each close its fetch session).
     *
     * @param replyTo told the fetchers
     */
    public record GetFetchers(ActorRef<List<ActorRef<FetcherActor.Command>>> replyTo) implements Command {
    }

    /** Stop the router and its fetchers. */
    public enum Stop implements Command { INSTANCE }

    record OffsetsReply(ConnectionActor.Reply reply) implements Command {
    }

    enum ResolveDue implements Command { INSTANCE }

    /** The buffering time of a broker's waiting offset lookups ran out. */
    record LookupDue(int node) implements Command {
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ConsumeSettings settings;
    private final ActorRef<ClusterActor.Command> cluster;
    private final ConsumeListener listener;
    private final FetchBudget budget;
    private final LongSupplier clock;
    private final ActorRef<ConnectionActor.Reply> offsetReplies;
    private final ActorRef<ClusterMetadata> metadataAdapter;
    private final Map<TopicPartitionRef, Target> targets = new LinkedHashMap<>();
    private final Map<String, StartPosition> wholeTopics = new HashMap<>();
    private final Map<Integer, ActorRef<FetcherActor.Command>> fetchers = new HashMap<>();
    private final Map<String, Boolean> pausedTopics = new HashMap<>();
    private final List<GetOffset> pendingQueries = new ArrayList<>();
    private final Map<GetOffset, Integer> queryAttempts = new HashMap<>();
    private final LookupBatches<Target> lookupBatches;
    private ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private int fetcherSeq;

    private ConsumeRouterActor(ActorContext<Command> context, TimerScheduler<Command> timers,
                               ConsumeSettings settings, ActorRef<ClusterActor.Command> cluster,
                               ConsumeListener listener, FetchBudget budget, LongSupplier clock) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.cluster = cluster;
        this.listener = listener;
        this.clock = clock;
        this.budget = budget;
        this.lookupBatches = new LookupBatches<>(settings.lookupBatchSize(), settings.lookupBufferingTime());
        this.offsetReplies = context.messageAdapter(ConnectionActor.Reply.class, OffsetsReply::new);
        this.metadataAdapter = context.messageAdapter(ClusterMetadata.class, MetadataUpdate::new);
        cluster.tell(new ClusterActor.Subscribe(metadataAdapter));
    }

    /**
     * The behavior of the consume router.
     *
     * @param settings the consumer settings
     * @param cluster  the cluster actor
     * @param listener where records and events go
     * @param clock    the current time in milliseconds
     * @return the behavior
     */
    public static Behavior<Command> create(ConsumeSettings settings, ActorRef<ClusterActor.Command> cluster,
                                           ConsumeListener listener, FetchBudget budget, LongSupplier clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ConsumeRouterActor(context, timers,
                settings, cluster, listener, budget, clock).running()));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(Start.class, this::onStart)
                .onMessage(StopConsume.class, this::onStop)
                .onMessage(SetPaused.class, this::onSetPaused)
                .onMessage(MetadataUpdate.class, this::onMetadata)
                .onMessage(FetcherReleased.class, this::onReleased)
                .onMessage(OffsetsReply.class, this::onOffsets)
                .onMessage(GetOffset.class, this::onGetOffset)
                .onMessage(GetFetchers.class, this::onGetFetchers)
                .onMessageEquals(ResolveDue.INSTANCE, this::resolveAll)
                .onMessage(LookupDue.class, this::onLookupDue)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(org.apache.pekko.actor.typed.Terminated.class, this::onFetcherStopped)
                .build();
    }

    private Behavior<Command> onStart(Start m) {
        if (m.partition() < 0) {
            wholeTopics.put(m.topic(), m.start());
            expand(m.topic());
        } else {
            startPartition(new TopicPartitionRef(m.topic(), m.partition()), m.start());
        }
        if (metadata.topic(m.topic()) == null) {
            cluster.tell(new ClusterActor.RefreshUrgently(null));
        }
        return resolveAll();
    }

    private void expand(String topic) {
        StartPosition start = wholeTopics.get(topic);
        TopicState t = metadata.topic(topic);
        if (start == null || t == null) {
            return;
        }
        for (PartitionState p : t.partitions()) {
            TopicPartitionRef tp = new TopicPartitionRef(topic, p.partition());
            if (!targets.containsKey(tp)) {
                startPartition(tp, start);
            }
        }
    }

    private void startPartition(TopicPartitionRef tp, StartPosition start) {
        Target old = targets.remove(tp);
        if (old != null && old.fetcher >= 0) {
            fetcherOf(old.fetcher).tell(new FetcherActor.Unassign(tp, null));
        }
        Target t = new Target(tp, start);
        t.paused = pausedTopics.getOrDefault(tp.topic(), false);
        targets.put(tp, t);
    }

    private Behavior<Command> onStop(StopConsume m) {
        if (m.partition() < 0) {
            wholeTopics.remove(m.topic());
        }
        targets.values().removeIf(t -> {
            boolean match = t.tp.topic().equals(m.topic()) && (m.partition() < 0 || t.tp.partition() == m.partition());
            if (match && t.fetcher >= 0) {
                fetcherOf(t.fetcher).tell(new FetcherActor.Unassign(t.tp, null));
            }
            return match;
        });
        return Behaviors.same();
    }

    private Behavior<Command> onSetPaused(SetPaused m) {
        if (m.partition() < 0) {
            pausedTopics.put(m.topic(), m.paused());
        }
        for (Target t : targets.values()) {
            if (t.tp.topic().equals(m.topic()) && (m.partition() < 0 || t.tp.partition() == m.partition())) {
                t.paused = m.paused();
                if (t.fetcher >= 0) {
                    fetcherOf(t.fetcher).tell(new FetcherActor.SetPaused(t.tp, m.paused()));
                }
            }
        }
        return Behaviors.same();
    }

    private Behavior<Command> onMetadata(MetadataUpdate m) {
        metadata = m.metadata();
        List<GetOffset> queries = new ArrayList<>(pendingQueries);
        pendingQueries.clear();
        queries.forEach(this::onGetOffset);
        for (String topic : new ArrayList<>(wholeTopics.keySet())) {
            expand(topic);
        }
        for (Target t : targets.values()) {
            int leader = leaderOf(t.tp);
            if (t.fetcher >= 0 && t.fetcher != leader && !t.moving) {
                // Leadership moved: get the position from the old fetcher, then assign to the new one.
                t.moving = true;
                fetcherOf(t.fetcher).tell(new FetcherActor.Unassign(t.tp, context.getSelf()));
            }
        }
        return resolveAll();
    }

    private Behavior<Command> onReleased(FetcherReleased m) {
        Target t = targets.get(m.tp());
        if (t == null || t.fetcher != m.node()) {
            return Behaviors.same(); // stopped or restarted meanwhile
        }
        t.fetcher = -1;
        t.moving = false;
        if (m.position() >= 0) {
            t.position = m.position();
        }
        switch (m.reason()) {
            case REQUESTED -> { }
            case LEADERSHIP -> {
                context.getLog().info("{}; reassigning after a metadata refresh", m.detail());
                t.notBeforeMs = clock.getAsLong() + settings.retryBackoff().toMillis();
                cluster.tell(new ClusterActor.RefreshUrgently(null));
                timers.startSingleTimer(RESOLVE_TIMER, ResolveDue.INSTANCE, settings.retryBackoff());
            }
            case CORRUPT -> {
                context.getLog().warn("{}; fetching it again from offset {} after {}", m.detail(), t.position,
                        settings.retryBackoff());
                t.notBeforeMs = clock.getAsLong() + settings.retryBackoff().toMillis();
                timers.startSingleTimer(RESOLVE_TIMER, ResolveDue.INSTANCE, settings.retryBackoff());
            }
            case OUT_OF_RANGE -> {
                if (settings.reset() == ConsumeSettings.OffsetReset.NONE) {
                    fail(t, m.detail() + ", and offset reset is NONE");
                } else {
                    t.outOfRangeFrom = t.position;
                    t.start = settings.reset() == ConsumeSettings.OffsetReset.EARLIEST ? StartPosition.EARLIEST
                            : StartPosition.LATEST;
                    t.position = -1;
                }
            }
            case FATAL -> fail(t, m.detail());
            default -> throw new IllegalStateException();
        }
        return resolveAll();
    }

    private void fail(Target t, String why) {
        targets.remove(t.tp);
        context.getLog().warn("stopped consuming {}-{}: {}", t.tp.topic(), t.tp.partition(), why);
        listener.partitionFailed(t.tp.topic(), t.tp.partition(), new IllegalStateException(why));
    }

    /** Looks up missing positions and assigns every partition with a position and a leader to its fetcher. */
    private Behavior<Command> resolveAll() {
        long now = clock.getAsLong();
        Map<Integer, List<Target>> lookups = new HashMap<>();
        boolean later = false;
        boolean leaderless = false;
        for (Target t : targets.values()) {
            if (t.fetcher >= 0 || t.moving || t.lookingUp) {
                continue;
            }
            if (t.notBeforeMs > now) {
                later = true;
                continue;
            }
            int leader = leaderOf(t.tp);
            if (leader < 0) {
                // Waits for metadata naming a leader. A known partition without one is in a leader election: ask
                // for fresh metadata, or nothing would (its old fetcher gave it back and fetches it no more, and the
                // cluster's own refresh may be minutes away). Urgent refreshes are held 100 ms, so this cannot storm.
                leaderless |= metadata.topic(t.tp.topic()) != null;
                continue;
            }
            if (t.position < 0 && t.start.listOffsetsTimestamp() == -3) {
                t.position = ((StartPosition.AtOffset) t.start).offset();
            }
            if (t.position >= 0) {
                t.fetcher = leader;
                fetcherOf(leader).tell(new FetcherActor.Assign(t.tp, t.position));
                if (t.paused) {
                    fetcherOf(leader).tell(new FetcherActor.SetPaused(t.tp, true));
                }
            } else {
                t.lookingUp = true;
                lookups.computeIfAbsent(leader, n -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<Integer, List<Target>> e : lookups.entrySet()) {
            sendLookups(e.getKey(), lookupBatches.add(e.getKey(), e.getValue()));
        }
        if (later) {
            timers.startSingleTimer(RESOLVE_TIMER, ResolveDue.INSTANCE, settings.retryBackoff());
        }
        if (leaderless) {
            cluster.tell(new ClusterActor.RefreshUrgently(null));
        }
        return Behaviors.same();
    }

    private static Object lookupTimer(int node) {
        return "lookup-" + node;
    }

    /** A broker's lookups waited long enough for others: they go now. */
    private Behavior<Command> onLookupDue(LookupDue m) {
        sendLookups(m.node(), lookupBatches.flush(m.node()));
        return Behaviors.same();
    }

    /**
     * Sends the lookup requests {@link LookupBatches} released for a broker, those of their partitions still wanted
     * (one stopped meanwhile is not looked up), and runs the buffering timer while some wait.
     */
    private void sendLookups(int node, List<List<Target>> batches) {
        for (List<Target> batch : batches) {
            List<Target> current = new ArrayList<>();
            for (Target t : batch) {
                if (targets.get(t.tp) == t) {
                    current.add(t);
                } else {
                    t.lookingUp = false;
                }
            }
            if (!current.isEmpty()) {
                lookupBatches.sent(node);
                sendListOffsets(node, current, null);
            }
        }
        Object key = lookupTimer(node);
        if (lookupBatches.waiting(node) && !timers.isTimerActive(key)) {
            timers.startSingleTimer(key, new LookupDue(node), lookupBatches.bufferingTime());
        }
    }

    private void sendListOffsets(int node, List<Target> targetsToResolve, GetOffset query) {
        Map<String, ListOffsetsRequest.ListOffsetsTopic> topics = new LinkedHashMap<>();
        if (query != null) {
            topics.put(query.topic(), new ListOffsetsRequest.ListOffsetsTopic().setName(query.topic())
                    .setPartitions(new ArrayList<>(List.of(new ListOffsetsRequest.ListOffsetsPartition()
                            .setPartitionIndex(query.partition()).setTimestamp(query.timestamp())))));
        } else {
            for (Target t : targetsToResolve) {
                topics.computeIfAbsent(t.tp.topic(), n -> new ListOffsetsRequest.ListOffsetsTopic().setName(n)
                        .setPartitions(new ArrayList<>())).partitions()
                        .add(new ListOffsetsRequest.ListOffsetsPartition().setPartitionIndex(t.tp.partition())
                                .setTimestamp(t.start.listOffsetsTimestamp()));
            }
        }
        // replicaId must be -1 for a consumer (the schema default is 0, a follower).
        ListOffsetsRequest request = new ListOffsetsRequest().setReplicaId(-1)
                .setIsolationLevel((byte) (settings.readCommitted() ? 1 : 0))
                .setTopics(new ArrayList<>(topics.values()));
        Object tag = query != null ? query : new Lookup(node, targetsToResolve);
        cluster.tell(new ClusterActor.SendToNode(node, Purpose.CONTROL, new ConnectionActor.Send(
                ApiKey.LIST_OFFSETS, request, true, null, tag, offsetReplies)));
    }

    private Behavior<Command> onGetFetchers(GetFetchers m) {
        m.replyTo().tell(List.copyOf(fetchers.values()));
        return Behaviors.same();
    }

    private Behavior<Command> onGetOffset(GetOffset m) {
        int leader = leaderOf(new TopicPartitionRef(m.topic(), m.partition()));
        if (leader >= 0) {
            sendListOffsets(leader, List.of(), m);
        } else if (metadata == ClusterMetadata.EMPTY || queryAttempts.merge(m, 1, Integer::sum) <= 2) {
            // No metadata yet, or it may be stale: ask again and answer on the next snapshots.
            pendingQueries.add(m);
            // A waiter is answered even when nothing changed (subscribers only hear changes).
            cluster.tell(new ClusterActor.RefreshUrgently(metadataAdapter));
        } else {
            queryAttempts.remove(m);
            m.result().completeExceptionally(new IllegalArgumentException("no leader known for " + m.topic() + "-"
                    + m.partition() + " after a metadata refresh (unknown topic or partition?)"));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onOffsets(OffsetsReply m) {
        if (m.reply().tag() instanceof GetOffset q) {
            answerQuery(q, m.reply());
            return Behaviors.same();
        }
        Lookup lookup = (Lookup) m.reply().tag();
        sendLookups(lookup.node(), lookupBatches.answered(lookup.node())); // what waited for this answer goes
        Map<TopicPartitionRef, ListOffsetsResponse.ListOffsetsPartitionResponse> answers = new HashMap<>();
        if (m.reply() instanceof ConnectionActor.Response r) {
            for (ListOffsetsResponse.ListOffsetsTopicResponse t : ((ListOffsetsResponse) r.response()).topics()) {
                for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                    answers.put(new TopicPartitionRef(t.name(), p.partitionIndex()), p);
                }
            }
        }
        long now = clock.getAsLong();
        for (Target t : lookup.targets) {
            t.lookingUp = false;
            if (targets.get(t.tp) != t) {
                continue; // stopped or restarted meanwhile
            }
            ListOffsetsResponse.ListOffsetsPartitionResponse a = answers.get(t.tp);
            if (a == null || a.errorCode() != 0) {
                t.notBeforeMs = now + settings.retryBackoff().toMillis();
                cluster.tell(new ClusterActor.RefreshUrgently(null));
                continue;
            }
            long offset = a.offset();
            if (offset < 0 && t.start instanceof StartPosition.AtTimestamp) {
                t.start = StartPosition.LATEST; // no record at or after the timestamp: the end of the log
                continue;
            }
            if (t.outOfRangeFrom >= 0) {
                context.getLog().warn("offset {} of {}-{} is out of range: consuming resumes at {} (reset {});"
                        + " records in between are not consumed", t.outOfRangeFrom, t.tp.topic(), t.tp.partition(),
                        offset, settings.reset());
                listener.offsetReset(t.tp.topic(), t.tp.partition(), t.outOfRangeFrom, offset,
                        t.start == StartPosition.EARLIEST ? offset : -1);
                t.outOfRangeFrom = -1;
            }
            t.position = offset;
        }
        return resolveAll();
    }

    private static void answerQuery(GetOffset q, ConnectionActor.Reply reply) {
        if (reply instanceof ConnectionActor.Failed f) {
            q.result().completeExceptionally(f.error());
            return;
        }
        for (ListOffsetsResponse.ListOffsetsTopicResponse t : ((ListOffsetsResponse) ((ConnectionActor.Response)
                reply).response()).topics()) {
            for (ListOffsetsResponse.ListOffsetsPartitionResponse p : t.partitions()) {
                if (p.errorCode() != 0) {
                    q.result().completeExceptionally(new IllegalStateException("ListOffsets for " + q.topic() + "-"
                            + q.partition() + " failed with error code " + p.errorCode()));
                } else {
                    q.result().complete(p.offset());
                }
                return;
            }
        }
        q.result().completeExceptionally(new IllegalStateException("no ListOffsets answer for " + q.topic() + "-"
                + q.partition()));
    }

    private int leaderOf(TopicPartitionRef tp) {
        TopicState t = metadata.topic(tp.topic());
        PartitionState p = t == null ? null : t.partition(tp.partition());
        return p == null || !p.hasLeader() || !metadata.brokers().containsKey(p.leaderId()) ? -1 : p.leaderId();
    }

    private ActorRef<FetcherActor.Command> fetcherOf(int node) {
        return fetchers.computeIfAbsent(node, n -> {
            ActorRef<FetcherActor.Command> ref = context.spawn(FetcherActor.create(n, settings, cluster,
                    context.getSelf(), listener, budget, clock), "fetcher-node-" + n + "-" + (++fetcherSeq),
                    DispatcherSelector.sameAsParent());
            context.watch(ref);
            return ref;
        });
    }

    /**
     * A fetcher failed (it only stops on failure: the router never stops one). Its partitions' live positions died
     * with it, so restarting them could repeat or skip records: each stops, with a log line and
     * {@link ConsumeListener#partitionFailed}, never silently. A new start of the partition consumes it again.
     */
    private Behavior<Command> onFetcherStopped(org.apache.pekko.actor.typed.Terminated t) {
        Integer node = null;
        for (Map.Entry<Integer, ActorRef<FetcherActor.Command>> e : fetchers.entrySet()) {
            if (e.getValue().equals(t.getRef())) {
                node = e.getKey();
            }
        }
        if (node == null) {
            return Behaviors.same();
        }
        fetchers.remove(node);
        List<Target> orphans = new ArrayList<>();
        for (Target target : targets.values()) {
            if (target.fetcher == node) {
                orphans.add(target);
            }
        }
        for (Target target : orphans) {
            fail(target, "the fetcher of broker " + node + " stopped unexpectedly (see the log); start consuming "
                    + target.tp.topic() + "-" + target.tp.partition() + " again to go on");
        }
        return Behaviors.same();
    }

    /**
     * A delivery's decisions told to a router that is spawned after the delivery: {@link #bind} it once the router
     * exists (before any chunk can arrive).
     */
    public static final class Control implements Delivery.FetchControl {
        private final java.util.concurrent.atomic.AtomicReference<ActorRef<Command>> router =
                new java.util.concurrent.atomic.AtomicReference<>();

        /**
         * Names the router.
         *
         * @param ref the router
         */
        public void bind(ActorRef<Command> ref) {
            router.set(ref);
        }

        @Override
        public void start(String topic, int partition, StartPosition position) {
            router.get().tell(new Start(topic, partition, position));
        }

        @Override
        public void paused(String topic, int partition, boolean paused) {
            router.get().tell(new SetPaused(topic, partition, paused));
        }

        @Override
        public void stopped(String topic, int partition) {
            router.get().tell(new StopConsume(topic, partition));
        }
    }

    /** One consumed partition. */
    private static final class Target {
        final TopicPartitionRef tp;
        StartPosition start;
        long position = -1;
        long outOfRangeFrom = -1;
        long notBeforeMs;
        int fetcher = -1;
        boolean moving;
        boolean lookingUp;
        boolean paused;

        Target(TopicPartitionRef tp, StartPosition start) {
            this.tp = tp;
            this.start = start;
        }
    }

    /** A ListOffsets request resolving start positions. */
    private record Lookup(int node, List<Target> targets) {
    }
}
