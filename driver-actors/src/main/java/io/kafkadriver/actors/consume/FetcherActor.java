/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.node.Purpose;
import io.kafkadriver.protocol.errors.KafkaError;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.FetchRequest;
import io.kafkadriver.protocol.message.FetchResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Fetches the partitions one broker leads, for the consume router: one Fetch in flight at a time on the broker's
 * fetch connection (so a long poll never delays produce traffic), with the partitions rotated at each request so that
 * the response limit cannot starve the last ones (F12).
 *
 * <p>It uses a fetch session (KIP-227) when the broker grants one, see {@link #session}.
 *
 * <p>Before each Fetch it reserves its response limit from the shared {@link FetchBudget}; the bytes that arrived stay
 * reserved until delivered, the rest goes back. A partition with {@code maxChunksPerPartition} responses waiting for
 * delivery is not fetched (throttling while listeners are busy); with no budget left, the fetcher waits for a release.
 * Positions advance as responses arrive; records are decoded later, on the delivery thread.
 *
 * <p>Partition errors go back to the router, which owns positions across brokers: leadership errors (to reassign the
 * partition after a metadata refresh), out-of-range offsets (to reset them), and fatal ones.
 */
public final class FetcherActor {
    private static final Object RETRY_TIMER = "fetch-retry";
    private static final short FETCH_SESSION_ID_NOT_FOUND = 70;

    /** What the fetcher accepts. */
    public sealed interface Command permits Assign, Unassign, SetPaused, FetchReply, Delivered, BudgetFreed, Retry,
            CloseSession, Stop {
    }

    /**
     * Start fetching a partition from an offset.
     *
     * @param tp     the partition
     * @param offset the next offset to fetch
     */
    public record Assign(TopicPartitionRef tp, long offset) implements Command {
    }

    /**
     * Stop fetching a partition; the router hears its position.
     *
     * @param tp      the partition
     * @param replyTo told the position, or null
     */
    public record Unassign(TopicPartitionRef tp, ActorRef<ConsumeRouterActor.Command> replyTo) implements Command {
    }

    /**
     * Pause or resume fetching a partition.
     *
     * @param tp     the partition
     * @param paused true to pause
     */
    public record SetPaused(TopicPartitionRef tp, boolean paused) implements Command {
    }

    /**
     * A chunk was delivered (or dropped): its bytes are free and its partition may be fetched again.
     *
     * @param tp the partition
     */
    public record Delivered(TopicPartitionRef tp) implements Command {
    }

    /**
     * The client is closing: fetch no more, and close the broker's fetch session if there is one (KIP-227: a last
     * Fetch with epoch -1 and no partitions), so that the broker frees its slot in the session cache at once instead
     * of keeping it until it is evicted, as the Java client does on close.
     *
     * @param replyTo told once the broker answered the closing Fetch, it failed, or there was no session
     */
    public record CloseSession(ActorRef<SessionClosed> replyTo) implements Command {
    }

    /**
     * The answer to {@link CloseSession}.
     *
     * @param node the broker
     */
    public record SessionClosed(int node) {
    }

    /** Stop the fetcher. */
    public enum Stop implements Command { INSTANCE }

    /** The tag of a session-closing Fetch; {@code replyTo} null when nobody awaits it. */
    private record Closing(ActorRef<SessionClosed> replyTo) {
    }

    record FetchReply(ConnectionActor.Reply reply) implements Command {
    }

    enum BudgetFreed implements Command { INSTANCE }

    enum Retry implements Command { INSTANCE }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final int node;
    private final ConsumeSettings settings;
    private final ActorRef<ClusterActor.Command> cluster;
    private final ActorRef<ConsumeRouterActor.Command> router;
    private final ConsumeListener listener;
    private final FetchBudget budget;
    private final LongSupplier clock;
    private final ActorRef<ConnectionActor.Reply> replies;
    private final LinkedHashMap<TopicPartitionRef, PartitionFetch> partitions = new LinkedHashMap<>();
    private boolean inFlight;
    /** What the Fetch in flight reserved and no chunk owns yet: given back by the reply, or by PostStop. */
    private long unreleased;
    private int sessionId;
    private int sessionEpoch;
    private java.util.Set<TopicPartitionRef> sessionPartitions = java.util.Set.of();
    private boolean waitingForBudget;
    private boolean backingOff;
    private int rotation;
    /** Closing: nothing more is fetched; the session is closed once no Fetch is in flight. */
    private boolean closing;
    private ActorRef<SessionClosed> closeReplyTo;

    private FetcherActor(ActorContext<Command> context, TimerScheduler<Command> timers, int node,
                         ConsumeSettings settings, ActorRef<ClusterActor.Command> cluster,
                         ActorRef<ConsumeRouterActor.Command> router, ConsumeListener listener, FetchBudget budget,
                         LongSupplier clock) {
        this.context = context;
        this.timers = timers;
        this.node = node;
        this.settings = settings;
        this.cluster = cluster;
        this.router = router;
        this.listener = listener;
        this.budget = budget;
        this.clock = clock;
        this.replies = context.messageAdapter(ConnectionActor.Reply.class, FetchReply::new);
    }

    /**
     * The behavior of the fetcher of one broker.
     *
     * @param node     the broker
     * @param settings the consumer settings
     * @param cluster  the cluster actor (the way to the broker)
     * @param router   the consume router
     * @param listener where fetched records go
     * @param budget   the shared fetch buffer budget
     * @param clock    the current time in milliseconds
     * @return the behavior
     */
    public static Behavior<Command> create(int node, ConsumeSettings settings, ActorRef<ClusterActor.Command> cluster,
                                           ActorRef<ConsumeRouterActor.Command> router, ConsumeListener listener,
                                           FetchBudget budget, LongSupplier clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new FetcherActor(context, timers, node,
                settings, cluster, router, listener, budget, clock).running()));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(Assign.class, this::onAssign)
                .onMessage(Unassign.class, this::onUnassign)
                .onMessage(SetPaused.class, this::onSetPaused)
                .onMessage(FetchReply.class, this::onReply)
                .onMessage(Delivered.class, this::onDelivered)
                .onMessageEquals(BudgetFreed.INSTANCE, () -> {
                    waitingForBudget = false;
                    return fetch();
                })
                .onMessageEquals(Retry.INSTANCE, () -> {
                    backingOff = false;
                    return fetch();
                })
                .onMessage(CloseSession.class, this::onCloseSession)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    /** Stopped, or failed: the budget reserved for a Fetch still in flight goes back, or other fetchers starve. */
    private Behavior<Command> onPostStop() {
        if (unreleased > 0) {
            budget.release(unreleased);
            unreleased = 0;
        }
        return Behaviors.same();
    }

    private Behavior<Command> onAssign(Assign m) {
        PartitionFetch p = partitions.get(m.tp());
        if (p == null) {
            p = new PartitionFetch(m.tp());
            partitions.put(m.tp(), p);
        }
        p.position = m.offset();
        p.lastProgressMs = clock.getAsLong();
        return fetch();
    }

    private Behavior<Command> onUnassign(Unassign m) {
        PartitionFetch p = partitions.remove(m.tp());
        if (m.replyTo() != null) {
            m.replyTo().tell(new ConsumeRouterActor.FetcherReleased(m.tp(), p == null ? -1 : p.position, node,
                    ConsumeRouterActor.ReleaseReason.REQUESTED, null));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSetPaused(SetPaused m) {
        PartitionFetch p = partitions.get(m.tp());
        if (p != null) {
            p.paused = m.paused();
        }
        return fetch();
    }

    private Behavior<Command> onDelivered(Delivered m) {
        PartitionFetch p = partitions.get(m.tp());
        if (p != null && p.waitingChunks > 0) {
            p.waitingChunks--;
        }
        return fetch();
    }

    private Behavior<Command> onCloseSession(CloseSession m) {
        closing = true;
        closeReplyTo = m.replyTo();
        if (!inFlight) {
            closeSessionNow(); // else once the Fetch in flight is answered: it may open or carry the session
        }
        return Behaviors.same();
    }

    private void closeSessionNow() {
        ActorRef<SessionClosed> replyTo = closeReplyTo;
        closeReplyTo = null;
        if (replyTo != null) {
            endSession(replyTo);
        }
    }

    /** Sends the next Fetch when none is in flight and some partition may be fetched. */
    private Behavior<Command> fetch() {
        if (closing || inFlight || backingOff || waitingForBudget || partitions.isEmpty()) {
            return Behaviors.same();
        }
        List<PartitionFetch> ready = new ArrayList<>();
        for (PartitionFetch p : partitions.values()) {
            if (!p.paused && p.waitingChunks < settings.maxChunksPerPartition()) {
                ready.add(p);
            }
        }
        if (ready.isEmpty()) {
            return Behaviors.same();
        }
        long min = Math.min(settings.partitionMaxBytes(), 64 * 1024);
        long reserved = budget.reserve(settings.fetchMaxBytes(), Math.min(min, budget.capacity()));
        if (reserved == 0) {
            waitingForBudget = true;
            ActorRef<Command> self = context.getSelf();
            budget.whenFreed(() -> self.tell(BudgetFreed.INSTANCE));
            return Behaviors.same();
        }
        // Rotate so that a partition at the end of the list is not always the one left out by the response limit.
        int start = Math.floorMod(rotation++, ready.size());
        Map<String, FetchRequest.FetchTopic> topics = new LinkedHashMap<>();
        List<PartitionFetch> sent = new ArrayList<>(ready.size());
        int partitionMax = (int) Math.min(settings.partitionMaxBytes(), reserved);
        for (int i = 0; i < ready.size(); i++) {
            PartitionFetch p = ready.get((start + i) % ready.size());
            topics.computeIfAbsent(p.tp.topic(), t -> new FetchRequest.FetchTopic().setTopic(t)
                    .setPartitions(new ArrayList<>())).partitions()
                    .add(new FetchRequest.FetchPartition().setPartition(p.tp.partition())
                            .setFetchOffset(p.position).setPartitionMaxBytes(partitionMax));
            sent.add(p);
        }
        FetchRequest request = new FetchRequest().setReplicaId(-1)
                .setMaxWaitMs((int) settings.fetchMaxWait().toMillis()).setMinBytes(settings.fetchMinBytes())
                .setMaxBytes((int) Math.min(Integer.MAX_VALUE, reserved))
                .setIsolationLevel((byte) (settings.readCommitted() ? 1 : 0))
                .setTopics(new ArrayList<>(topics.values()));
        session(request, sent);
        inFlight = true;
        unreleased = reserved;
        InFlight tag = new InFlight(reserved, sent);
        cluster.tell(new ClusterActor.SendToNode(node, Purpose.FETCH, new ConnectionActor.Send(ApiKey.FETCH, request,
                true, null, tag, replies)));
        return Behaviors.same();
    }

    /**
     * Fetch sessions (KIP-227): a full fetch (id 0, epoch 0) asks the broker for a session; later fetches are
     * incremental: they list the partitions wanted now (with their offsets) and forget the session's partitions not
     * wanted now (paused, throttled, moved away), since the broker goes on fetching every partition left in the
     * session. In an incremental answer, partitions without news are left out.
     */
    private void session(FetchRequest request, List<PartitionFetch> wanted) {
        java.util.Set<TopicPartitionRef> now = new java.util.HashSet<>();
        for (PartitionFetch p : wanted) {
            now.add(p.tp);
        }
        if (sessionId == 0) {
            request.setSessionId(0).setSessionEpoch(0);
        } else {
            Map<String, FetchRequest.ForgottenTopic> forgotten = new LinkedHashMap<>();
            for (TopicPartitionRef tp : sessionPartitions) {
                if (!now.contains(tp)) {
                    forgotten.computeIfAbsent(tp.topic(), t -> new FetchRequest.ForgottenTopic().setTopic(t)
                            .setPartitions(new ArrayList<>())).partitions().add(tp.partition());
                }
            }
            request.setSessionId(sessionId).setSessionEpoch(sessionEpoch)
                    .setForgottenTopicsData(new ArrayList<>(forgotten.values()));
            sessionEpoch = sessionEpoch == Integer.MAX_VALUE ? 1 : sessionEpoch + 1;
        }
        sessionPartitions = now;
    }

    /** Starts over without the session after an error, closing it on the broker (nobody awaits that close). */
    private void abandonSession() {
        endSession(null);
    }

    /**
     * Forgets the session, closing it on the broker first (a Fetch at epoch -1 and no partitions): a session left
     * behind would hold its slot in the broker's cache until evicted. {@code replyTo}, when not null, hears once the
     * broker answered that Fetch, or at once when there was no session.
     */
    private void endSession(ActorRef<SessionClosed> replyTo) {
        if (sessionId == 0) {
            resetSession(); // what a full fetch without a session noted
            if (replyTo != null) {
                replyTo.tell(new SessionClosed(node));
            }
            return;
        }
        FetchRequest request = new FetchRequest().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0).setMaxBytes(0)
                .setIsolationLevel((byte) (settings.readCommitted() ? 1 : 0)).setSessionId(sessionId)
                .setSessionEpoch(-1).setTopics(new ArrayList<>()).setForgottenTopicsData(new ArrayList<>());
        resetSession();
        cluster.tell(new ClusterActor.SendToNode(node, Purpose.FETCH, new ConnectionActor.Send(ApiKey.FETCH, request,
                true, null, new Closing(replyTo), replies)));
    }

    private void resetSession() {
        sessionId = 0;
        sessionEpoch = 0;
        sessionPartitions = java.util.Set.of();
    }

    private Behavior<Command> onReply(FetchReply m) {
        if (m.reply().tag() instanceof Closing c) {
            if (c.replyTo() != null) { // null: a session abandoned on an error, whose close nobody awaits
                c.replyTo().tell(new SessionClosed(node)); // answered or failed: the session is gone either way
            }
            return Behaviors.same();
        }
        Behavior<Command> next = onFetched(m);
        if (closing) {
            closeSessionNow();
        }
        return next;
    }

    private Behavior<Command> onFetched(FetchReply m) {
        inFlight = false;
        InFlight tag = (InFlight) m.reply().tag();
        if (m.reply() instanceof ConnectionActor.Failed f) {
            abandonSession(); // whether the broker saw the request is unknown
            unreleased = 0;
            budget.release(tag.reserved);
            context.getLog().debug("fetch from broker {} failed: {}", node, f.error().getMessage());
            cluster.tell(new ClusterActor.RefreshUrgently(null));
            backingOff = true;
            timers.startSingleTimer(RETRY_TIMER, Retry.INSTANCE, settings.retryBackoff());
            return Behaviors.same();
        }
        FetchResponse response = (FetchResponse) ((ConnectionActor.Response) m.reply()).response();
        long kept = 0;
        if (response.errorCode() != 0) {
            // FETCH_SESSION_ID_NOT_FOUND (70), INVALID_FETCH_SESSION_EPOCH (71), or any other: start over in full.
            if (response.errorCode() == FETCH_SESSION_ID_NOT_FOUND) {
                resetSession();
            } else {
                abandonSession();
            }
            context.getLog().info("fetch from broker {} answered {}", node, describe(response.errorCode()));
            unreleased = 0;
            budget.release(tag.reserved);
            backingOff = true;
            timers.startSingleTimer(RETRY_TIMER, Retry.INSTANCE, settings.retryBackoff());
            return Behaviors.same();
        }
        if (sessionId == 0 && response.sessionId() != 0) {
            sessionId = response.sessionId();
            sessionEpoch = 1;
        } else if (sessionId != 0 && response.sessionId() != sessionId) {
            resetSession(); // the broker closed or replaced the session
        }
        long now = clock.getAsLong();
        for (FetchResponse.FetchableTopicResponse t : response.responses()) {
            for (FetchResponse.PartitionData d : t.partitions()) {
                PartitionFetch p = partitions.get(new TopicPartitionRef(t.topic(), d.partitionIndex()));
                if (p == null || !tag.partitions.contains(p)) {
                    continue; // unassigned meanwhile: its data is dropped, its position was handed back
                }
                long k = onPartition(p, d, tag, now);
                kept += k;
                unreleased = Math.max(0, unreleased - k); // the chunk owns those bytes now
            }
        }
        unreleased = 0;
        if (kept > tag.reserved) {
            budget.overdraw(kept - tag.reserved);
        } else {
            budget.release(tag.reserved - kept);
        }
        return fetch();
    }

    /** Handles one partition's answer; returns the bytes kept for delivery. */
    private long onPartition(PartitionFetch p, FetchResponse.PartitionData d, InFlight tag, long now) {
        short code = d.errorCode();
        if (code == 0) {
            ByteBuffer records = d.records();
            long kept = 0;
            if (records != null && records.remaining() > 0) {
                long next;
                try {
                    next = ChunkDecoder.verifiedNextOffset(records, p.position, d.highWatermark());
                } catch (io.kafkadriver.protocol.DecodeException e) {
                    // Bytes damaged on the way: nothing of this answer is delivered; the router fetches the
                    // partition again from the same position after a backoff.
                    partitions.remove(p.tp);
                    router.tell(new ConsumeRouterActor.FetcherReleased(p.tp, p.position, node,
                            ConsumeRouterActor.ReleaseReason.CORRUPT, "the answer of broker " + node + " for "
                            + p.tp.topic() + "-" + p.tp.partition() + " at offset " + p.position
                            + " is corrupt: " + e.getMessage()));
                    return 0;
                }
                if (next > p.position) {
                    int bytes = records.remaining();
                    TopicPartitionRef tp = p.tp;
                    ActorRef<Command> self = context.getSelf();
                    List<FetchedChunk.AbortedTransaction> aborted = List.of();
                    if (d.abortedTransactions() != null && !d.abortedTransactions().isEmpty()) {
                        aborted = d.abortedTransactions().stream().map(a -> new FetchedChunk.AbortedTransaction(
                                a.producerId(), a.firstOffset())).toList();
                    }
                    FetchedChunk chunk = new FetchedChunk(tp.topic(), tp.partition(), records, p.position, next,
                            aborted, bytes, () -> {
                                budget.release(bytes);
                                self.tell(new Delivered(tp));
                            });
                    p.position = next;
                    p.lastProgressMs = now;
                    p.warned = false;
                    p.waitingChunks++;
                    kept = bytes;
                    listener.deliver(chunk);
                }
            }
            p.highWatermark = d.highWatermark();
            checkStall(p, now);
            return kept;
        }
        partitions.remove(p.tp);
        ConsumeRouterActor.ReleaseReason reason = switch (code) {
            case 1 -> ConsumeRouterActor.ReleaseReason.OUT_OF_RANGE;
            case 3, 5, 6, 9, 56, 74, 75, 78, 100, 103 -> ConsumeRouterActor.ReleaseReason.LEADERSHIP;
            default -> ConsumeRouterActor.ReleaseReason.FATAL;
        };
        router.tell(new ConsumeRouterActor.FetcherReleased(p.tp, p.position, node, reason,
                "broker " + node + " answered " + describe(code) + " for " + p.tp.topic() + "-" + p.tp.partition()
                        + " at offset " + p.position));
        return 0;
    }

    /** F12: a partition with lag that does not advance is a stall, and says so. */
    private void checkStall(PartitionFetch p, long now) {
        if (!p.paused && !p.warned && p.highWatermark > p.position
                && now - p.lastProgressMs >= settings.stallWarning().toMillis()) {
            p.warned = true;
            context.getLog().warn("{}-{} has not advanced for {} ms although it lags (position {}, high watermark {})",
                    p.tp.topic(), p.tp.partition(), now - p.lastProgressMs, p.position, p.highWatermark);
        }
    }

    private static String describe(short code) {
        KafkaError e = KafkaError.forCode(code);
        return e == null ? "error code " + code : e.name() + " (" + code + ")";
    }

    /** One partition's fetch state. */
    private static final class PartitionFetch {
        final TopicPartitionRef tp;
        long position;
        long highWatermark = -1;
        long lastProgressMs;
        int waitingChunks;
        boolean paused;
        boolean warned;

        PartitionFetch(TopicPartitionRef tp) {
            this.tp = tp;
        }
    }

    /** A Fetch in flight: its reservation and partitions. */
    private record InFlight(long reserved, List<PartitionFetch> partitions) {
    }
}
