/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionClosedException;
import io.kafkadriver.actors.node.NodeActor;
import io.kafkadriver.actors.node.Purpose;
import io.kafkadriver.actors.support.RefreshCoalescer;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.MetadataRequest;
import io.kafkadriver.protocol.message.MetadataResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The cluster as the driver knows it: bootstraps from the seeds, keeps the metadata (brokers, topics, partitions,
 * leaders, leader epochs), refreshes it every {@code refreshInterval} and on demand (many demands coalesced into one
 * request, see {@link RefreshCoalescer}), runs one {@link NodeActor} per broker, and sends each new
 * {@link ClusterMetadata} snapshot to its subscribers (the routers).
 *
 * <p>A Metadata request goes to the next known broker in turn; when it fails, the next one is tried at once, until
 * every known broker (and, while none is known, every seed) has been tried; then the round waits one backoff. A
 * node actor that fails is restarted by supervision and never takes the cluster down.
 *
 * <p>A request can reach a node or connection actor that has just stopped (a connection that closed, a node whose
 * broker left the metadata) before it took the request: Pekko then puts it in the dead letters, and its sender would
 * wait for an answer forever (a producer batch in flight for good holds its partition, issue 16). The cluster actor
 * watches the dead letters for requests sent below it and answers each with a {@link ConnectionActor.Failed}, as
 * never written.
 */
public final class ClusterActor {

    /** What the cluster accepts. */
    public sealed interface Command permits GetMetadata, RefreshMetadata, RefreshUrgently, Subscribe, SendToNode, SendToAny, Stop,
            MetadataReply, NodeEvent, RefreshTick, RefreshDue, RetryRound, Undelivered, MetadataLost {
    }

    /**
     * Reply with the current snapshot, or with the first one when no metadata has arrived yet.
     *
     * @param replyTo who gets it
     */
    public record GetMetadata(ActorRef<ClusterMetadata> replyTo) implements Command {
    }

    /**
     * Ask for fresh metadata (coalesced with other demands) and reply with it.
     *
     * @param replyTo who gets the snapshot, or null
     */
    public record RefreshMetadata(ActorRef<ClusterMetadata> replyTo) implements Command {
    }

    /**
     * Ask for fresh metadata soon because the routing is known to be wrong (an unknown topic, a leader that moved, a
     * broker that died): coalesced like {@link RefreshMetadata}, but held at most {@link #URGENT_INTERVAL} after the
     * previous request instead of the whole minimum refresh interval (field failure F4).
     *
     * @param replyTo who gets the snapshot (even an unchanged one), or null
     */
    public record RefreshUrgently(ActorRef<ClusterMetadata> replyTo) implements Command {
    }

    /** The least time between a metadata request and an urgent one. */
    public static final Duration URGENT_INTERVAL = Duration.ofMillis(100);
    /** Whole metadata rounds failed in a row on the known brokers before the seeds are asked again. */
    static final int REBOOTSTRAP_AFTER_ROUNDS = 3;

    /**
     * Hear every new snapshot (and the current one at once, when there is one).
     *
     * @param listener who hears them
     */
    public record Subscribe(ActorRef<ClusterMetadata> listener) implements Command {
    }

    /**
     * Send a request to one broker.
     *
     * @param nodeId  the broker
     * @param purpose which connection
     * @param request the request; fails as not written when the broker is unknown
     */
    public record SendToNode(int nodeId, Purpose purpose, ConnectionActor.Send request) implements Command {
    }

    /**
     * Send a request to any broker (admin requests: any broker forwards them to the controller). Held until the first
     * metadata is known.
     *
     * @param request the request
     */
    public record SendToAny(ConnectionActor.Send request) implements Command {
    }

    /** Stop every node and the cluster actor. */
    public enum Stop implements Command { INSTANCE }

    record MetadataReply(ConnectionActor.Reply reply) implements Command {
    }

    record NodeEvent(NodeActor.Event event) implements Command {
    }

    enum RefreshTick implements Command { INSTANCE }

    /**
     * A message that went to the dead letters (any in the actor system; only requests sent below this actor count).
     *
     * @param letter the dead letter
     */
    record Undelivered(DeadLetter letter) implements Command {
    }

    private static final Object MAX_AGE_TIMER = "metadata-max-age";

    enum RefreshDue implements Command { INSTANCE }

    enum RetryRound implements Command { INSTANCE }

    /**
     * The metadata request in flight got no reply at all within its connection's connect and request timeouts: a
     * reply lost on the way would otherwise hold every later refresh, which waits for it (issue 17).
     *
     * @param nodeId where it went
     */
    record MetadataLost(int nodeId) implements Command {
    }

    private static final Object METADATA_WATCHDOG = "metadata-watchdog";
    private static final Object REFRESH_DUE_TIMER = "refresh-due";
    private static final Object RETRY_TIMER = "retry-round";

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ClusterSettings settings;
    private final LongSupplier clock;
    private final Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    private final RefreshCoalescer<ActorRef<ClusterMetadata>> coalescer;
    private final Map<Integer, ActorRef<NodeActor.Command>> nodes = new HashMap<>();
    private final Set<ActorRef<ClusterMetadata>> subscribers = new HashSet<>();
    /** Brokers declared dead (maxSuccessiveNodeErrors) since the last metadata. */
    private final Set<Integer> dead = new HashSet<>();
    private final List<ActorRef<ClusterMetadata>> waitingForFirst = new ArrayList<>();
    private final List<SendToAny> waitingToSend = new ArrayList<>();
    private final ActorRef<ConnectionActor.Reply> metadataReplies;
    private final ActorRef<NodeActor.Event> nodeEvents;
    private ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private int nextCandidate;
    private int failedInRound;
    private int failedRounds;
    private long requestSeq;

    private ClusterActor(ActorContext<Command> context, TimerScheduler<Command> timers, ClusterSettings settings,
                         LongSupplier clock) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.clock = clock;
        long min = settings.minRefreshInterval().toMillis();
        this.coalescer = new RefreshCoalescer<>(min, Math.min(min, URGENT_INTERVAL.toMillis()));
        this.metadataReplies = context.messageAdapter(ConnectionActor.Reply.class, MetadataReply::new);
        this.nodeEvents = context.messageAdapter(NodeActor.Event.class, NodeEvent::new);
        context.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class,
                context.messageAdapter(DeadLetter.class, Undelivered::new)));
        spawnSeeds();
        timers.startTimerWithFixedDelay(RefreshTick.INSTANCE, settings.refreshInterval());
        demand(null);
    }

    /**
     * The behavior of the cluster actor, which starts bootstrapping at once.
     *
     * @param settings the seeds and settings
     * @return the behavior
     */
    public static Behavior<Command> create(ClusterSettings settings) {
        return create(settings, System::currentTimeMillis);
    }

    /**
     * The behavior of the cluster actor with an injected clock (tests pair it with Pekko's {@code ManualTime}).
     *
     * @param settings the seeds and settings
     * @param clock    the current time in milliseconds
     * @return the behavior
     */
    public static Behavior<Command> create(ClusterSettings settings, LongSupplier clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new ClusterActor(context, timers, settings, clock).running()));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(GetMetadata.class, this::onGetMetadata)
                .onMessage(RefreshMetadata.class, m -> demand(m.replyTo()))
                .onMessage(RefreshUrgently.class, m -> act(coalescer.demandUrgent(m.replyTo(), now())))
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(SendToNode.class, this::onSendToNode)
                .onMessage(SendToAny.class, this::onSendToAny)
                .onMessage(MetadataReply.class, this::onMetadataReply)
                .onMessage(MetadataLost.class, this::onMetadataLost)
                .onMessage(NodeEvent.class, this::onNodeEvent)
                .onMessageEquals(RefreshTick.INSTANCE, () -> demand(null))
                .onMessageEquals(RefreshDue.INSTANCE, () -> act(coalescer.due(now())))
                .onMessageEquals(RetryRound.INSTANCE, () -> act(RefreshCoalescer.Action.SEND_NOW))
                .onMessage(Undelivered.class, this::onUndelivered)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    /** Answers a request lost in the dead letters below this actor as never written (see the class comment). */
    private Behavior<Command> onUndelivered(Undelivered m) {
        Object message = m.letter().message();
        ConnectionActor.Send send = message instanceof ConnectionActor.Send s ? s
                : message instanceof NodeActor.Send n ? n.request() : null;
        if (send != null && below(m.letter().recipient().path())) {
            context.getLog().debug("{} request lost on its way to {}: answered as not written", send.api(),
                    m.letter().recipient().path());
            send.replyTo().tell(new ConnectionActor.Failed(send.tag(), new ConnectionClosedException("the "
                    + "connection closed before it took the request"), false));
        }
        return Behaviors.same();
    }

    private boolean below(ActorPath path) {
        ActorPath self = context.getSelf().path();
        for (ActorPath p = path; !p.equals(p.root()); p = p.parent()) {
            if (p.equals(self)) {
                return true;
            }
        }
        return false;
    }

    private long now() {
        return clock.getAsLong();
    }

    /** Seed nodes, ids -1, -2, ... in the order the configuration lists them. */
    private void spawnSeeds() {
        int seedId = -1;
        for (InetSocketAddress seed : settings.seeds()) {
            spawnNode(seedId--, seed);
        }
    }

    private void spawnNode(int nodeId, InetSocketAddress address) {
        String name = nodeId < 0 ? "seed-" + (-nodeId) : "node-" + nodeId;
        Behavior<NodeActor.Command> node = Behaviors.supervise(NodeActor.create(nodeId,
                settings.connection().withAddress(address), settings.backoff(), nodeEvents))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2));
        nodes.put(nodeId, context.spawn(node, name + "-" + (++requestSeq), DispatcherSelector.sameAsParent()));
        addresses.put(nodeId, address);
    }

    private Behavior<Command> onGetMetadata(GetMetadata m) {
        if (metadata.brokers().isEmpty()) {
            waitingForFirst.add(m.replyTo());
        } else {
            m.replyTo().tell(metadata.withoutLeaders(dead));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSubscribe(Subscribe m) {
        subscribers.add(m.listener());
        if (!metadata.brokers().isEmpty()) {
            m.listener().tell(metadata.withoutLeaders(dead));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSendToNode(SendToNode m) {
        ActorRef<NodeActor.Command> node = nodes.get(m.nodeId());
        if (node == null) {
            ConnectionActor.Send r = m.request();
            r.replyTo().tell(new ConnectionActor.Failed(r.tag(), new ConnectionClosedException("broker "
                    + m.nodeId() + " is not in the cluster metadata"), false));
            act(coalescer.demandUrgent(null, now()));
        } else {
            node.tell(new NodeActor.Send(m.purpose(), m.request()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSendToAny(SendToAny m) {
        if (metadata.brokers().isEmpty()) {
            // Seed nodes stop once the brokers are known, so a request sent through one now could be cut off.
            waitingToSend.add(m);
            return Behaviors.same();
        }
        // Brokers only, never a seed spawned again to re-bootstrap: it stops at the next metadata, cutting off what
        // it carries (an InitProducerId lost so held the idempotent producer until its patience ran out).
        List<Integer> ids = candidates().stream().filter(id -> id >= 0).toList();
        if (ids.isEmpty()) {
            waitingToSend.add(m);
            return Behaviors.same();
        }
        int id = ids.get(Math.floorMod(nextCandidate++, ids.size()));
        nodes.get(id).tell(new NodeActor.Send(Purpose.CONTROL, m.request()));
        return Behaviors.same();
    }

    /**
     * Known brokers, then the seeds: seed nodes exist only until the first metadata, and again while re-bootstrapping
     * (see {@link #onMetadataReply}).
     */
    private List<Integer> candidates() {
        List<Integer> ids = new ArrayList<>(nodes.keySet());
        // Brokers by id; seeds (ids -1, -2, ...) after them, in the order the configuration lists them.
        ids.sort(java.util.Comparator.<Integer>comparingInt(id -> id < 0 ? 1 : 0).thenComparingInt(Math::abs));
        return ids;
    }

    private Behavior<Command> demand(ActorRef<ClusterMetadata> replyTo) {
        return act(coalescer.demand(replyTo, now()));
    }

    private Behavior<Command> act(RefreshCoalescer.Action action) {
        switch (action) {
            case SEND_NOW -> sendMetadataRequest();
            case SCHEDULE -> timers.startSingleTimer(REFRESH_DUE_TIMER, RefreshDue.INSTANCE,
                    Duration.ofMillis(Math.max(1, coalescer.nextSendAtMs() - now())));
            case NONE -> { }
            default -> throw new IllegalStateException("unknown action " + action);
        }
        return Behaviors.same();
    }

    private void sendMetadataRequest() {
        if (!coalescer.inFlight()) {
            coalescer.started(now());
        }
        List<Integer> ids = candidates();
        int id = ids.get(Math.floorMod(nextCandidate++, ids.size()));
        MetadataRequest request = new MetadataRequest().setTopics(null).setAllowAutoTopicCreation(false);
        nodes.get(id).tell(new NodeActor.Send(Purpose.CONTROL, new ConnectionActor.Send(ApiKey.METADATA, request,
                true, null, id, metadataReplies)));
        timers.startSingleTimer(METADATA_WATCHDOG, new MetadataLost(id), metadataPatience());
    }

    private Duration metadataPatience() {
        return settings.connection().connectTimeout().plus(settings.connection().requestTimeout())
                .plusSeconds(1);
    }

    private Behavior<Command> onMetadataLost(MetadataLost m) {
        context.getLog().warn("the metadata request to broker {} got no reply within {} ms: taken as failed",
                m.nodeId(), metadataPatience().toMillis());
        return onMetadataReply(new MetadataReply(new ConnectionActor.Failed(m.nodeId(),
                new ConnectionClosedException("no reply to the metadata request within "
                        + metadataPatience().toMillis() + " ms"), false)));
    }

    private Behavior<Command> onMetadataReply(MetadataReply m) {
        timers.cancel(METADATA_WATCHDOG);
        if (m.reply() instanceof ConnectionActor.Response r && r.response() instanceof MetadataResponse response
                && !response.brokers().isEmpty()) {
            failedInRound = 0;
            failedRounds = 0;
            apply(response);
            return Behaviors.same();
        }
        String why = m.reply() instanceof ConnectionActor.Failed f ? f.error().getMessage() : "no brokers listed";
        context.getLog().info("metadata request to broker {} failed: {}", m.reply().tag(), why);
        if (++failedInRound < candidates().size()) {
            sendMetadataRequest();
        } else {
            failedInRound = 0;
            int tried = candidates().size();
            if (++failedRounds >= REBOOTSTRAP_AFTER_ROUNDS && nodes.keySet().stream().noneMatch(id -> id < 0)) {
                // F5 (KIP-899's rebootstrap): every broker the metadata named failed, round after round; they may
                // all have been replaced. The seeds (a load balancer, a DNS name) are asked again beside them.
                context.getLog().warn("no known broker answered {} metadata rounds in a row: bootstrapping again"
                        + " from the seeds {}", failedRounds, settings.seeds());
                spawnSeeds();
            }
            long delay = settings.backoff().delayMs(failedRounds);
            // The first failed round and every tenth after it warn: an outage is said, not repeated every second.
            context.getLog().atLevel(failedRounds % 10 == 1 ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
                    .log("no broker answered a metadata request ({} tried, {} round(s) in a row; last: {}); next"
                            + " round in {} ms", tried, failedRounds, why, delay);
            timers.startSingleTimer(RETRY_TIMER, RetryRound.INSTANCE, Duration.ofMillis(delay));
        }
        return Behaviors.same();
    }

    private void apply(MetadataResponse response) {
        Map<Integer, BrokerAddress> brokers = MetadataConverter.brokers(response);
        Map<String, TopicState> topics = new HashMap<>();
        for (TopicState t : MetadataConverter.topics(response)) {
            if (!(t.partitionCount() == 0 && t.errorCode() != 0)) {
                topics.put(t.name(), t);
            }
        }
        ClusterMetadata next = new ClusterMetadata(response.clusterId(), response.controllerId(), brokers, topics,
                now());
        reconcileNodes(brokers);
        boolean changed = !next.brokers().equals(metadata.brokers()) || !next.topics().equals(metadata.topics())
                || !dead.isEmpty();
        metadata = next;
        // Newer metadata says who leads now: a broker declared dead is routed to again if it still leads (and is
        // declared dead again after as many failures).
        dead.clear();
        // metadataMaxAge: once this snapshot is that old, refresh it even between the periodic refreshes (a
        // newer snapshot restarts the clock).
        timers.startSingleTimer(MAX_AGE_TIMER, RefreshTick.INSTANCE, settings.maxAge());
        RefreshCoalescer.Completion<ActorRef<ClusterMetadata>> done = coalescer.completed(now());
        done.served().forEach(w -> w.tell(next));
        waitingForFirst.forEach(w -> w.tell(next));
        waitingForFirst.clear();
        List<SendToAny> held = List.copyOf(waitingToSend);
        waitingToSend.clear();
        held.forEach(this::onSendToAny);
        if (changed) {
            subscribers.forEach(s -> s.tell(next));
        }
        act(done.next());
    }

    /** Spawns a node for each new broker, stops the nodes of brokers gone, and the seeds once brokers are known. */
    private void reconcileNodes(Map<Integer, BrokerAddress> brokers) {
        for (Map.Entry<Integer, ActorRef<NodeActor.Command>> e : new ArrayList<>(nodes.entrySet())) {
            BrokerAddress b = brokers.get(e.getKey());
            InetSocketAddress known = addresses.get(e.getKey());
            boolean moved = b != null && (!known.getHostString().equals(b.host()) || known.getPort() != b.port());
            if (e.getKey() < 0 || b == null || moved) {
                // Gone, or re-advertised at another address (a rescheduled pod): a new node actor connects afresh.
                e.getValue().tell(NodeActor.Stop.INSTANCE);
                nodes.remove(e.getKey());
                addresses.remove(e.getKey());
            }
        }
        for (BrokerAddress b : brokers.values()) {
            if (!nodes.containsKey(b.nodeId())) {
                spawnNode(b.nodeId(), InetSocketAddress.createUnresolved(b.host(), b.port()));
            }
        }
    }

    private Behavior<Command> onNodeEvent(NodeEvent m) {
        if (m.event() instanceof NodeActor.Unhealthy u && u.nodeId() >= 0) {
            context.getLog().info("broker {} ({} connection) is down ({} failure(s)): {}", u.nodeId(),
                    u.purpose().label(), u.consecutiveFailures(), u.reason().getMessage());
            if (u.consecutiveFailures() > settings.maxSuccessiveNodeErrors() && dead.add(u.nodeId())) {
                context.getLog().warn("broker {} declared dead after {} connection failures in a row"
                        + " (maxSuccessiveNodeErrors {}): its partitions are routed around until a connection to it"
                        + " works again or the metadata names their leaders again", u.nodeId(),
                        u.consecutiveFailures(), settings.maxSuccessiveNodeErrors());
                publish();
            }
            act(coalescer.demandUrgent(null, now()));
        } else if (m.event() instanceof NodeActor.Healthy h && dead.remove(h.nodeId())) {
            context.getLog().info("broker {} answers again: routed to again", h.nodeId());
            publish();
        }
        return Behaviors.same();
    }

    /** Tells the subscribers the snapshot as the routers must see it: without the dead brokers' leaderships. */
    private void publish() {
        ClusterMetadata view = metadata.withoutLeaders(dead);
        subscribers.forEach(s -> s.tell(view));
    }
}
