/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.consume.ConsumeRouterActor;
import io.kafkadriver.actors.consume.ConsumeSettings;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.consume.FetchBudget;
import io.kafkadriver.actors.consume.StartPosition;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ByVersion;
import io.kafkadriver.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kafkadriver.protocol.message.ConsumerGroupHeartbeatResponse;
import io.kafkadriver.protocol.message.FindCoordinatorRequest;
import io.kafkadriver.protocol.message.FindCoordinatorResponse;
import io.kafkadriver.protocol.message.HeartbeatRequest;
import io.kafkadriver.protocol.message.HeartbeatResponse;
import io.kafkadriver.protocol.message.JoinGroupRequest;
import io.kafkadriver.protocol.message.JoinGroupResponse;
import io.kafkadriver.protocol.message.LeaveGroupRequest;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.message.OffsetCommitRequest;
import io.kafkadriver.protocol.message.OffsetCommitResponse;
import io.kafkadriver.protocol.message.OffsetFetchRequest;
import io.kafkadriver.protocol.message.OffsetFetchResponse;
import io.kafkadriver.protocol.message.SyncGroupRequest;
import io.kafkadriver.protocol.message.SyncGroupResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * One consumer-group subscription, kafka-sharp's {@code ConsumerGroup} as an actor: on the classic protocol
 * (JoinGroup/SyncGroup/Heartbeat, the leader runs the assignor) or on KIP-848 ({@code ConsumerGroupHeartbeat}: the
 * broker assigns, member epochs, the member revokes what the target assignment no longer has and acknowledges). It owns its coordinator connection (so a JoinGroup the broker holds for a whole
 * rebalance never delays another group's heartbeats, nor fetches or metadata), its consume router with its fetchers,
 * and its delivery's actor; the delivery itself (records, listeners) is handed in.
 *
 * <p>States and transitions are {@link MemberState}'s table; every transition is checked and logged. Heartbeats come
 * from this actor's timer and never wait on user code: a record listener that blocks holds the delivery, not the
 * membership (F1). Revoking runs the revoke listener on the delivery's actor after the partitions stopped, so no
 * record of a revoked partition is delivered after it returns; the member waits for it (and for the commit that
 * follows under auto-commit) up to the rebalance timeout (F18). Automatic commits never go backwards.
 *
 * <p>Assignors: the standard {@code consumer} protocol type and subscription/assignment bytes, so a group can mix
 * these members with Apache Kafka's and librdkafka's. With an eager assignor (range, roundrobin) everything is revoked
 * before a rejoin; with cooperative-sticky only what moves is, and the member rejoins at once after revoking.
 */
public final class GroupMemberActor {
    private static final Object TICK = "tick";
    private static final Object AUTO_COMMIT = "auto-commit";
    private static final Object REVOKE_TIMEOUT = "revoke-timeout";
    private static final Object LEAVE_TIMEOUT = "leave-timeout";
    private static final Object REBALANCE_WAIT = "rebalance-wait";
    private static final String PROTOCOL_TYPE = "consumer";

    /** What the member accepts. */
    public sealed interface Command permits Commit, Leave, Internal {
    }

    /**
     * Commit offsets: the next offset to read of each partition.
     *
     * @param offsets the offsets, or null for every owned partition's delivered position
     * @param result  completed once the coordinator took them, or failed with a {@link CommitException}
     */
    public record Commit(Map<TopicPartitionRef, Long> offsets, CompletableFuture<Void> result) implements Command {
    }

    /**
     * Unsubscribe: revoke (listeners; a commit under auto-commit), leave the group (dynamic members) and stop,
     * within the close timeout.
     *
     * @param done completed when the member stopped
     */
    public record Leave(CompletableFuture<Void> done) implements Command {
    }

    private sealed interface Internal extends Command permits MetadataUpdate, Reply, ConnEvent,
            Tick, AutoCommitTick, RetryDue, Revoked, RevokeTimedOut, LeaveTimedOut, ChildStopped {
    }

    private record MetadataUpdate(ClusterMetadata metadata) implements Internal {
    }

    private record Reply(ConnectionActor.Reply reply) implements Internal {
    }

    private record ConnEvent(ConnectionActor.Event event) implements Internal {
    }

    private enum Tick implements Internal { INSTANCE }

    private enum AutoCommitTick implements Internal { INSTANCE }

    private record RetryDue(Runnable what) implements Internal {
    }

    private record Revoked(int seq, Map<TopicPartitionRef, Long> positions) implements Internal {
    }

    private record RevokeTimedOut(int seq) implements Internal {
    }

    private enum LeaveTimedOut implements Internal { INSTANCE }

    private record ChildStopped(String what) implements Internal {
    }

    /** What a reply answers: the request's kind and the join attempt it belongs to (stale ones are dropped). */
    private record Tag(ApiKey api, int epoch, Object detail) {
    }

    /** A commit in flight or waiting for a generation; compared by identity. */
    private static final class PendingCommit {
        private final Map<TopicPartitionRef, Long> offsets;
        private final List<CompletableFuture<Void>> results;
        private final long deadlineMs;
        /** The commit sequence of its first send, 0 before: a retry leaves out what later commits wrote since. */
        private long firstSent;

        PendingCommit(Map<TopicPartitionRef, Long> offsets, List<CompletableFuture<Void>> results, long deadlineMs) {
            this.offsets = offsets;
            this.results = results;
            this.deadlineMs = deadlineMs;
        }

        Map<TopicPartitionRef, Long> offsets() {
            return offsets;
        }

        List<CompletableFuture<Void>> results() {
            return results;
        }

        long deadlineMs() {
            return deadlineMs;
        }
    }

    /** What follows a revoke: a rejoin (classic), an acknowledging heartbeat (KIP-848), or the leave. */
    private enum AfterRevoke { REJOIN, ACK, LEAVE }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final GroupSettings settings;
    private final ActorRef<ClusterActor.Command> cluster;
    private final ConnectionSettings connectionTemplate;
    private final Delivery<?> delivery;
    private final GroupListener listener;
    private final ConsumeSettings.OffsetReset reset;
    private final LongSupplier clock;
    private final Logger log;
    private final HeartbeatSchedule heartbeat;
    private final ActorRef<ConnectionActor.Reply> replies;
    private final ActorRef<ConnectionActor.Event> connectionEvents;
    private final ActorRef<ConsumeRouterActor.Command> router;

    private MemberState state = MemberState.UNJOINED;
    private ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private List<String> topics = List.of();
    private ActorRef<ConnectionActor.Command> connection;
    /** "broker N at host:port" of the last coordinator found, for error messages. */
    private String coordinatorName = "none found yet";
    private int connectionSeq;
    private boolean findingCoordinator;
    private String memberId = "";
    private int generation = -1;
    private String protocol;
    private boolean leader;
    private Map<String, Integer> assignedFrom = Map.of();
    private int epoch;
    /** Assigned to this member (started, or waiting for their committed offsets). */
    private final Set<TopicPartitionRef> owned = new LinkedHashSet<>();
    private final Set<TopicPartitionRef> awaitingOffsets = new LinkedHashSet<>();
    private final Map<TopicPartitionRef, Long> committed = new HashMap<>();
    private final List<PendingCommit> waitingCommits = new ArrayList<>();
    private int revokeSeq;
    private long commitSeq;
    /** Per partition, the first-send sequence of the newest commit sent with it: sends never go back in time. */
    private final Map<TopicPartitionRef, Long> newestCommitSent = new HashMap<>();
    private Set<TopicPartitionRef> revoking = Set.of();
    private AfterRevoke afterRevoke;
    private PendingCommit revokeCommit;
    private final List<CompletableFuture<Void>> leaving = new ArrayList<>();
    /** Owned partitions a leave found outside the revoke in progress: revoked once it ends. */
    private Set<TopicPartitionRef> revokeNextThenLeave = Set.of();
    private boolean leaveSent;
    /** A cooperative member asked to leave mid-rebalance: it leaves once the sync gives it a generation to commit. */
    private boolean leaveAfterRebalance;
    /** KIP-848: the target assignment the broker sent whose topic ids the metadata does not name yet. */
    private List<ConsumerGroupHeartbeatResponse.TopicPartitions> pendingTarget;
    /** KIP-848: what the last heartbeat sent said the member owns and subscribes to (null: send them). */
    private Set<TopicPartitionRef> sentOwned;
    private List<String> sentTopics;

    private GroupMemberActor(ActorContext<Command> context, TimerScheduler<Command> timers, GroupSettings settings,
                             ActorRef<ClusterActor.Command> cluster, ConnectionSettings connectionTemplate,
                             ConsumeSettings consume, FetchBudget budget, Delivery<?> delivery,
                             ConsumeRouterActor.Control control, DispatcherSelector dispatcher,
                             GroupListener listener, LongSupplier clock) {
        this.context = context;
        this.timers = timers;
        this.settings = settings;
        this.cluster = cluster;
        this.connectionTemplate = connectionTemplate;
        this.delivery = delivery;
        this.listener = listener;
        this.reset = consume.reset();
        this.clock = clock;
        this.log = context.getLog();
        this.heartbeat = new HeartbeatSchedule(settings.heartbeatInterval().toMillis(),
                settings.sessionTimeout().toMillis(), settings.retryBackoff().toMillis());
        this.replies = context.messageAdapter(ConnectionActor.Reply.class, Reply::new);
        this.connectionEvents = context.messageAdapter(ConnectionActor.Event.class, ConnEvent::new);
        if (settings.consumerProtocol()) {
            memberId = java.util.UUID.randomUUID().toString(); // KIP-1082: the client's own, kept across rejoins
        }
        this.router = context.spawn(ConsumeRouterActor.create(consume, cluster, delivery, budget, clock), "router",
                DispatcherSelector.sameAsParent());
        control.bind(router);
        context.watchWith(router, new ChildStopped("consume router"));
        ActorRef<?> deliveryActor = dispatcher == null ? delivery.spawn(context, "delivery")
                : delivery.spawn(context, "delivery", dispatcher, dispatcher);
        context.watchWith(deliveryActor, new ChildStopped("delivery"));
        cluster.tell(new ClusterActor.Subscribe(context.messageAdapter(ClusterMetadata.class, MetadataUpdate::new)));
        startTick(settings.heartbeatInterval().toMillis());
        if (settings.autoCommitInterval() != null) {
            timers.startTimerWithFixedDelay(AUTO_COMMIT, AutoCommitTick.INSTANCE, settings.autoCommitInterval());
        }
    }

    /**
     * The behavior of a member.
     *
     * @param settings           the subscription
     * @param cluster            the cluster actor (metadata, FindCoordinator)
     * @param connectionTemplate the connection settings; the coordinator's address replaces the address
     * @param consume            the consumer settings, the reset policy for partitions without a committed offset
     * @param budget             the client's fetch byte budget
     * @param delivery           the group's delivery (not spawned yet: the member spawns its actor)
     * @param control            the delivery's fetch control, bound here to the member's consume router
     * @param dispatcher         where the delivery's actor and decoding run, or null for the defaults
     * @param listener           hears assignment changes
     * @param clock              the time in milliseconds
     * @return the behavior
     */
    public static Behavior<Command> create(GroupSettings settings, ActorRef<ClusterActor.Command> cluster,
                                           ConnectionSettings connectionTemplate, ConsumeSettings consume,
                                           FetchBudget budget, Delivery<?> delivery,
                                           ConsumeRouterActor.Control control, DispatcherSelector dispatcher,
                                           GroupListener listener, LongSupplier clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            GroupMemberActor member = new GroupMemberActor(context, timers, settings, cluster, connectionTemplate,
                    consume, budget, delivery, control, dispatcher, listener, clock);
            member.findCoordinator();
            return member.running();
        }));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(Commit.class, this::onCommit)
                .onMessage(Leave.class, this::onLeave)
                .onMessage(MetadataUpdate.class, this::onMetadata)
                .onMessage(Reply.class, this::onReply)
                .onMessage(ConnEvent.class, this::onConnectionEvent)
                .onMessage(Tick.class, m -> onTick())
                .onMessage(AutoCommitTick.class, m -> onAutoCommit())
                .onMessage(RetryDue.class, m -> {
                    m.what().run();
                    return Behaviors.same();
                })
                .onMessage(Revoked.class, this::onRevoked)
                .onMessage(RevokeTimedOut.class, this::onRevokeTimedOut)
                .onMessage(LeaveTimedOut.class, m -> onLeaveTimedOut())
                .onMessage(ChildStopped.class, this::onChildStopped)
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    // ------------------------------------------------------------------------------------------------ transitions

    private void moveTo(MemberState to, String why) {
        if (to == state) {
            return;
        }
        if (!state.canMoveTo(to)) {
            throw new IllegalStateException("group " + settings.groupId() + ": no transition " + state + " -> " + to
                    + " (" + why + ")");
        }
        log.debug("group {} member {}: {} -> {} ({})", settings.groupId(), memberId, state, to, why);
        state = to;
    }

    private long now() {
        return clock.getAsLong();
    }

    /** The heartbeat and session checks run three times per heartbeat interval (10 ms to 1 s apart). */
    private void startTick(long heartbeatIntervalMs) {
        long tick = Math.max(10, Math.min(heartbeatIntervalMs / 3, 1000));
        timers.startTimerWithFixedDelay(TICK, Tick.INSTANCE, Duration.ofMillis(tick));
    }

    /** Whether the member heartbeats in its state: a member of the group, not yet gone. */
    private boolean heartbeating() {
        return state == MemberState.STABLE || state == MemberState.REVOKING
                || state == MemberState.LEAVING && !leaveSent;
    }

    /** Runs a step again after the backoff; one pending step per key (a later one with the key replaces it). */
    private void later(String key, Runnable what) {
        timers.startSingleTimer("retry-" + key, new RetryDue(what), settings.retryBackoff());
    }

    // ------------------------------------------------------------------------------------------------ coordinator

    private void findCoordinator() {
        if (findingCoordinator || state == MemberState.FATAL) {
            return;
        }
        findingCoordinator = true;
        // v4 (brokers 3.0+) batches its keys; v1-3 carry one.
        Message request = ByVersion.of(v -> v >= 4
                ? new FindCoordinatorRequest().setKeyType((byte) 0).setCoordinatorKeys(new ArrayList<>(
                        List.of(settings.groupId())))
                : new FindCoordinatorRequest().setKey(settings.groupId()).setKeyType((byte) 0));
        cluster.tell(new ClusterActor.SendToAny(new ConnectionActor.Send(ApiKey.FIND_COORDINATOR, request, true, null,
                new Tag(ApiKey.FIND_COORDINATOR, epoch, null), replies)));
    }

    private Behavior<Command> onCoordinator(ConnectionActor.Reply reply) {
        findingCoordinator = false;
        if (state == MemberState.FATAL) {
            return Behaviors.same();
        }
        if (reply instanceof ConnectionActor.Failed f) {
            log.debug("group {}: FindCoordinator failed: {}", settings.groupId(), f.error().toString());
            later("find", this::findCoordinator);
            return Behaviors.same();
        }
        FindCoordinatorResponse r = (FindCoordinatorResponse) ((ConnectionActor.Response) reply).response();
        // v4+ answers per key; v1-3 at the top level.
        FindCoordinatorResponse.Coordinator c = r.coordinators() != null && !r.coordinators().isEmpty()
                ? r.coordinators().get(0) : new FindCoordinatorResponse.Coordinator().setErrorCode(r.errorCode())
                .setErrorMessage(r.errorMessage()).setNodeId(r.nodeId()).setHost(r.host()).setPort(r.port());
        GroupErrors.Action action = GroupErrors.classify(c.errorCode());
        if (action == GroupErrors.Action.FATAL) {
            return fatal("FindCoordinator for group " + settings.groupId() + " failed with "
                    + GroupErrors.name(c.errorCode()) + (c.errorMessage() != null ? ": " + c.errorMessage() : ""));
        }
        if (action != GroupErrors.Action.NONE) {
            later("find", this::findCoordinator);
            return Behaviors.same();
        }
        InetSocketAddress address = InetSocketAddress.createUnresolved(c.host(), c.port());
        log.info("group {}: coordinator is broker {} ({}:{})", settings.groupId(), c.nodeId(), c.host(), c.port());
        coordinatorName = "broker " + c.nodeId() + " at " + c.host() + ":" + c.port();
        closeConnection();
        connection = context.spawn(ConnectionActor.create(connectionTemplate.withAddress(address), connectionEvents),
                "coordinator-" + c.nodeId() + "-" + (++connectionSeq), DispatcherSelector.sameAsParent());
        context.watchWith(connection, new ConnEvent(new ConnectionActor.Down(connection,
                new IllegalStateException("the coordinator connection stopped"))));
        afterCoordinatorFound();
        return Behaviors.same();
    }

    private void afterCoordinatorFound() {
        switch (state) {
            case UNJOINED, JOINING, SYNCING -> join("coordinator found");
            case LEAVING -> {
                if (revoking.isEmpty()) {
                    sendLeave();
                }
            }
            default -> { } // STABLE and REVOKING go on: heartbeats use the new connection
        }
        if (!awaitingOffsets.isEmpty()) {
            fetchOffsets(new LinkedHashSet<>(awaitingOffsets));
        }
        sendWaitingCommits();
    }

    private Behavior<Command> onConnectionEvent(ConnEvent m) {
        if (m.event() instanceof ConnectionActor.Down down && down.connection().equals(connection)) {
            coordinatorLost("the coordinator connection closed: " + down.reason().getMessage());
        }
        return Behaviors.same();
    }

    private void coordinatorLost(String why) {
        if (connection == null) {
            return;
        }
        log.info("group {}: {}; looking for the coordinator again", settings.groupId(), why);
        closeConnection();
        if (state == MemberState.LEAVING && revoking.isEmpty()) {
            finishLeaving(why);
            return;
        }
        later("find", this::findCoordinator);
    }

    private void closeConnection() {
        if (connection != null) {
            context.unwatch(connection);
            connection.tell(ConnectionActor.Close.INSTANCE);
            connection = null;
        }
    }

    private void send(ApiKey api, Message request, Duration timeout, Object detail) {
        connection.tell(new ConnectionActor.Send(api, request, true, timeout, new Tag(api, epoch, detail), replies));
    }

    // --------------------------------------------------------------------------------------------------- joining

    private void join(String why) {
        if (state == MemberState.FATAL || state == MemberState.LEAVING) {
            return;
        }
        moveTo(MemberState.JOINING, why);
        epoch++;
        if (connection == null) {
            findCoordinator();
            return;
        }
        topics = subscribedTopics();
        if (settings.consumerProtocol()) {
            generation = 0;
            sentOwned = null;
            sentTopics = null;
            sendConsumerHeartbeat(now());
            return;
        }
        List<JoinGroupRequest.JoinGroupRequestProtocol> protocols = new ArrayList<>();
        for (Assignor a : settings.assignors()) {
            ConsumerProtocol.Subscription subscription = new ConsumerProtocol.Subscription(topics,
                    a.userData(owned, generation), a.cooperative() ? List.copyOf(owned) : List.of(), generation,
                    null);
            protocols.add(new JoinGroupRequest.JoinGroupRequestProtocol().setName(a.name())
                    .setMetadata(subscription.encode()));
        }
        JoinGroupRequest request = new JoinGroupRequest().setGroupId(settings.groupId())
                .setSessionTimeoutMs((int) settings.sessionTimeout().toMillis())
                .setRebalanceTimeoutMs((int) settings.rebalanceTimeout().toMillis())
                .setMemberId(memberId).setGroupInstanceId(settings.groupInstanceId())
                .setProtocolType(PROTOCOL_TYPE).setProtocols(protocols).setReason(why);
        // The broker holds the answer until every member has rejoined, up to the rebalance timeout.
        send(ApiKey.JOIN_GROUP, request, settings.rebalanceTimeout().plusSeconds(5), null);
    }

    private List<String> subscribedTopics() {
        if (settings.topics() != null) {
            return new ArrayList<>(new TreeSet<>(settings.topics()));
        }
        List<String> out = new ArrayList<>();
        for (String t : new TreeSet<>(metadata.topics().keySet())) {
            if (settings.subscribes(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** A JoinGroup or SyncGroup answered an error: rejoin, reset, find the coordinator, retry or fail. */
    private Behavior<Command> onRebalanceError(ApiKey api, short code) {
        switch (GroupErrors.classify(code)) {
            case REJOIN -> join("rebalance in progress");
            case RESET_MEMBER, RESET_GENERATION -> resetAndRejoin(code);
            case FIND_COORDINATOR -> coordinatorLost(api + ": " + GroupErrors.name(code));
            case RETRY -> later("join", () -> join("retry after " + GroupErrors.name(code)));
            default -> {
                return fatal(api + " for group " + settings.groupId() + " failed with " + GroupErrors.name(code));
            }
        }
        return Behaviors.same();
    }

    private Behavior<Command> onJoined(JoinGroupResponse r) {
        GroupErrors.Action action = GroupErrors.classify(r.errorCode());
        if (action == GroupErrors.Action.MEMBER_ID_REQUIRED) {
            memberId = r.memberId();
            join("the coordinator gave a member id");
            return Behaviors.same();
        }
        if (action != GroupErrors.Action.NONE) {
            return onRebalanceError(ApiKey.JOIN_GROUP, r.errorCode());
        }
        if (r.protocolType() != null && !PROTOCOL_TYPE.equals(r.protocolType())) {
            return fatal("group " + settings.groupId() + " uses protocol type " + r.protocolType()
                    + ", not " + PROTOCOL_TYPE);
        }
        generation = r.generationId();
        memberId = r.memberId();
        protocol = r.protocolName();
        leader = memberId.equals(r.leader());
        List<SyncGroupRequest.SyncGroupRequestAssignment> assignments = new ArrayList<>();
        if (leader && !r.skipAssignment()) {
            try {
                assignments = assign(r.members());
            } catch (RuntimeException e) {
                return fatal("the " + protocol + " assignor failed for group " + settings.groupId() + ": " + e);
            }
        }
        log.info("group {}: joined generation {} as {}{} with assignor {}", settings.groupId(), generation, memberId,
                leader ? " (leader)" : "", protocol);
        moveTo(MemberState.SYNCING, "joined generation " + generation);
        SyncGroupRequest request = new SyncGroupRequest().setGroupId(settings.groupId()).setGenerationId(generation)
                .setMemberId(memberId).setGroupInstanceId(settings.groupInstanceId()).setProtocolType(PROTOCOL_TYPE)
                .setProtocolName(protocol).setAssignments(assignments);
        send(ApiKey.SYNC_GROUP, request, settings.rebalanceTimeout().plusSeconds(5), null);
        return Behaviors.same();
    }

    private List<SyncGroupRequest.SyncGroupRequestAssignment> assign(
            List<JoinGroupResponse.JoinGroupResponseMember> members) {
        Assignor assignor = assignorNamed(protocol);
        Map<String, Assignor.Member> subscriptions = new LinkedHashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (JoinGroupResponse.JoinGroupResponseMember m : members) {
            ConsumerProtocol.Subscription s = ConsumerProtocol.Subscription.decode(m.metadata());
            subscriptions.put(m.memberId(), new Assignor.Member(m.memberId(), m.groupInstanceId(), s));
            for (String t : s.topics()) {
                TopicState topic = metadata.topic(t);
                if (topic != null) {
                    partitions.put(t, topic.partitionCount());
                }
            }
        }
        assignedFrom = Map.copyOf(partitions);
        Map<String, List<TopicPartitionRef>> result = assignor.assign(partitions, subscriptions);
        List<SyncGroupRequest.SyncGroupRequestAssignment> out = new ArrayList<>();
        result.forEach((member, assigned) -> out.add(new SyncGroupRequest.SyncGroupRequestAssignment()
                .setMemberId(member).setAssignment(new ConsumerProtocol.Assignment(assigned, null)
                        .encode())));
        return out;
    }

    private Assignor assignorNamed(String name) {
        Assignor a = offered(name);
        if (a == null) {
            throw new IllegalStateException("the group chose assignor " + name + ", which this member did not offer");
        }
        return a;
    }

    /** The assignor of this name that the member offers, or null. */
    private Assignor offered(String name) {
        for (Assignor a : settings.assignors()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private Behavior<Command> onSynced(SyncGroupResponse r) {
        if (r.errorCode() != 0) {
            return onRebalanceError(ApiKey.SYNC_GROUP, r.errorCode());
        }
        List<TopicPartitionRef> assigned;
        try {
            assigned = ConsumerProtocol.Assignment.decode(r.assignment()).partitions();
        } catch (RuntimeException e) {
            return fatal("group " + settings.groupId() + ": the leader's assignment cannot be read: " + e);
        }
        moveTo(MemberState.STABLE, "synced generation " + generation);
        heartbeat.reset(now());
        if (leaveAfterRebalance) {
            startLeaving(); // what it kept is revoked and committed with this generation; nothing new is started
            return Behaviors.same();
        }
        // Cooperative: give up only what moved, then rejoin at once so the new owner gets it.
        apply(Reconciliation.of(owned, assigned), "generation", assigned.size(), AfterRevoke.REJOIN);
        sendWaitingCommits();
        return Behaviors.same();
    }

    /**
     * Carries out an assignment's plan: what it adds is owned at once (its committed offsets are fetched, then it is
     * consumed), what it drops is revoked, followed by {@code afterRevoke}.
     *
     * @return true when a revoke started
     */
    private boolean apply(Reconciliation plan, String by, int assigned, AfterRevoke afterRevoke) {
        log.info("group {}: {} {} assigns {} partition(s){}{}", settings.groupId(), by, generation, assigned,
                plan.add().isEmpty() ? "" : ", new: " + plan.add(),
                plan.revoke().isEmpty() ? "" : ", revoked: " + plan.revoke());
        if (!plan.add().isEmpty()) {
            owned.addAll(plan.add());
            awaitingOffsets.addAll(plan.add());
            fetchOffsets(plan.add());
        }
        if (plan.revoke().isEmpty()) {
            return false;
        }
        revoke(plan.revoke(), afterRevoke);
        return true;
    }

    private void resetAndRejoin(short code) {
        if (code == io.kafkadriver.protocol.errors.KafkaError.UNKNOWN_MEMBER_ID.code()
                && !settings.consumerProtocol()) {
            memberId = ""; // KIP-848 keeps its own member id and rejoins with epoch 0
        }
        generation = -1;
        loseAll("the coordinator answered " + GroupErrors.name(code));
        join("rejoin after " + GroupErrors.name(code));
    }

    /** Rejoins from STABLE: eager assignors revoke everything first, cooperative ones keep consuming. */
    private void rejoin(String why) {
        if (state != MemberState.STABLE || settings.consumerProtocol()) {
            return; // KIP-848 has no rejoin: the broker moves partitions through the heartbeats
        }
        if (!owned.isEmpty() && !currentAssignor().cooperative()) {
            revoke(new LinkedHashSet<>(owned), AfterRevoke.REJOIN);
        } else {
            join(why);
        }
    }

    private Assignor currentAssignor() {
        Assignor a = offered(protocol);
        return a != null ? a : settings.assignors().get(0);
    }

    // ------------------------------------------------------------------------------------------ offsets, starting

    private void fetchOffsets(Set<TopicPartitionRef> partitions) {
        if (connection == null) {
            return; // sent again once the coordinator is found
        }
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartitionRef tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        String member = memberId;
        int memberEpoch = generation;
        // v8+ (brokers 3.0+) nests the topics under groups; v9 carries the member, which KIP-848 groups check.
        Message request = ByVersion.of(v -> {
            if (v < 8) {
                List<OffsetFetchRequest.OffsetFetchRequestTopic> topics = new ArrayList<>();
                byTopic.forEach((t, ps) -> topics.add(new OffsetFetchRequest.OffsetFetchRequestTopic().setName(t)
                        .setPartitionIndexes(new ArrayList<>(ps))));
                return new OffsetFetchRequest().setGroupId(settings.groupId()).setTopics(topics)
                        .setRequireStable(true);
            }
            List<OffsetFetchRequest.OffsetFetchRequestTopics> topics = new ArrayList<>();
            byTopic.forEach((t, ps) -> topics.add(new OffsetFetchRequest.OffsetFetchRequestTopics().setName(t)
                    .setPartitionIndexes(new ArrayList<>(ps))));
            OffsetFetchRequest.OffsetFetchRequestGroup group = new OffsetFetchRequest.OffsetFetchRequestGroup()
                    .setGroupId(settings.groupId()).setTopics(topics);
            if (v >= 9 && settings.consumerProtocol()) {
                group.setMemberId(member).setMemberEpoch(memberEpoch);
            }
            return new OffsetFetchRequest().setGroups(new ArrayList<>(List.of(group))).setRequireStable(true);
        });
        send(ApiKey.OFFSET_FETCH, request, null, Set.copyOf(partitions));
    }

    /** One partition's committed offset, whatever the response's shape. */
    private record Committed(TopicPartitionRef tp, long offset, short errorCode) {
    }

    private void onOffsetsFetched(OffsetFetchResponse r, Set<TopicPartitionRef> asked) {
        // v8+ answers per group; v1-7 at the top level.
        short topError = r.groups() != null && !r.groups().isEmpty() ? r.groups().get(0).errorCode() : r.errorCode();
        List<Committed> answers = new ArrayList<>();
        if (r.groups() != null && !r.groups().isEmpty()) {
            for (OffsetFetchResponse.OffsetFetchResponseTopics t : r.groups().get(0).topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartitions p : t.partitions()) {
                    answers.add(new Committed(new TopicPartitionRef(t.name(), p.partitionIndex()),
                            p.committedOffset(), p.errorCode()));
                }
            }
        } else {
            for (OffsetFetchResponse.OffsetFetchResponseTopic t : r.topics()) {
                for (OffsetFetchResponse.OffsetFetchResponsePartition p : t.partitions()) {
                    answers.add(new Committed(new TopicPartitionRef(t.name(), p.partitionIndex()),
                            p.committedOffset(), p.errorCode()));
                }
            }
        }
        GroupErrors.Action top = GroupErrors.classify(topError);
        if (top == GroupErrors.Action.FIND_COORDINATOR) {
            coordinatorLost("OffsetFetch: " + GroupErrors.name(topError));
            return;
        }
        if (top != GroupErrors.Action.NONE) {
            if (top == GroupErrors.Action.FATAL) {
                fatal("OffsetFetch for group " + settings.groupId() + " failed with " + GroupErrors.name(
                        topError));
            } else {
                later("offsets", () -> fetchOffsets(stillAwaiting(asked)));
            }
            return;
        }
        Map<TopicPartitionRef, StartPosition> start = new LinkedHashMap<>();
        Set<TopicPartitionRef> retry = new LinkedHashSet<>();
        List<TopicPartitionRef> noOffset = new ArrayList<>();
        for (Committed a : answers) {
            TopicPartitionRef tp = a.tp();
            if (!awaitingOffsets.contains(tp)) {
                continue; // revoked or lost meanwhile
            }
            if (a.errorCode() != 0) {
                retry.add(tp);
                continue;
            }
            if (a.offset() >= 0) {
                committed.put(tp, a.offset());
                start.put(tp, new StartPosition.AtOffset(a.offset()));
            } else if (reset == ConsumeSettings.OffsetReset.NONE) {
                noOffset.add(tp);
            } else {
                start.put(tp, reset == ConsumeSettings.OffsetReset.LATEST ? StartPosition.LATEST
                        : StartPosition.EARLIEST);
            }
        }
        awaitingOffsets.removeAll(start.keySet());
        awaitingOffsets.removeAll(noOffset);
        if (!start.isEmpty()) {
            Set<TopicPartitionRef> assigned = Reconciliation.ordered(start.keySet());
            delivery.assign(start, () -> listener.assigned(assigned));
        }
        for (TopicPartitionRef tp : noOffset) {
            delivery.partitionFailed(tp.topic(), tp.partition(), new IllegalStateException("group "
                    + settings.groupId() + " has no committed offset for " + tp.topic() + "-" + tp.partition()
                    + " and autoOffsetReset is NONE"));
        }
        retry.addAll(stillAwaiting(asked));
        if (!retry.isEmpty()) {
            later("offsets", () -> fetchOffsets(stillAwaiting(retry)));
        }
    }

    private Set<TopicPartitionRef> stillAwaiting(Set<TopicPartitionRef> asked) {
        Set<TopicPartitionRef> out = new LinkedHashSet<>(asked);
        out.retainAll(awaitingOffsets);
        return out;
    }

    // --------------------------------------------------------------------------------------------------- revoking

    private void revoke(Set<TopicPartitionRef> partitions, AfterRevoke then) {
        if (state != MemberState.LEAVING) {
            moveTo(MemberState.REVOKING, "revoking " + partitions);
        }
        int seq = ++revokeSeq;
        revoking = Reconciliation.ordered(partitions);
        afterRevoke = then;
        awaitingOffsets.removeAll(partitions);
        Set<TopicPartitionRef> set = revoking;
        ActorRef<Command> self = context.getSelf();
        delivery.revoke(set, positions -> {
            try {
                listener.revoked(set);
            } finally {
                self.tell(new Revoked(seq, positions));
            }
        });
        timers.startSingleTimer(REVOKE_TIMEOUT, new RevokeTimedOut(seq), settings.rebalanceTimeout());
    }

    private Behavior<Command> onRevokeTimedOut(RevokeTimedOut m) {
        if (m.seq() != revokeSeq || revoking.isEmpty()) {
            return Behaviors.same();
        }
        log.warn("group {}: the revoke listener did not return within the rebalance timeout ({} ms); the member goes"
                + " on without it (the partitions are stopped already)", settings.groupId(),
                settings.rebalanceTimeout().toMillis());
        return onRevoked(new Revoked(m.seq(), delivery.positions(revoking)));
    }

    private Behavior<Command> onRevoked(Revoked m) {
        if (m.seq() != revokeSeq || revoking.isEmpty()) {
            return Behaviors.same();
        }
        timers.cancel(REVOKE_TIMEOUT);
        Map<TopicPartitionRef, Long> offsets = settings.autoCommitInterval() == null ? Map.of()
                : Reconciliation.toCommit(m.positions(), committed, owned);
        if (!offsets.isEmpty() && connection != null && generation >= 0) {
            revokeCommit = new PendingCommit(offsets, List.of(), now() + settings.rebalanceTimeout().toMillis());
            sendCommit(revokeCommit);
            return Behaviors.same(); // finishRevoke once it is answered
        }
        finishRevoke();
        return Behaviors.same();
    }

    private void finishRevoke() {
        revokeCommit = null;
        owned.removeAll(revoking);
        revoking.forEach(committed::remove);
        revoking = Set.of();
        switch (afterRevoke) {
            case REJOIN -> join("revoked what moved");
            case ACK -> {
                moveTo(MemberState.STABLE, "revoked what the broker moved");
                heartbeat.dueNow(now()); // acknowledge at once: the broker hands the partitions on when it hears
                if (pendingTarget != null) {
                    reconcileTarget(pendingTarget); // a newer target came during the revoke
                }
            }
            case LEAVE -> sendLeave();
            default -> throw new IllegalStateException("after a revoke: " + afterRevoke);
        }
    }

    private void loseAll(String why) {
        Set<TopicPartitionRef> lost = Reconciliation.ordered(owned);
        owned.clear();
        awaitingOffsets.clear();
        committed.clear();
        if (!revoking.isEmpty()) { // a revoke in progress is overtaken: its partitions are lost too
            revoking = Set.of();
            revokeSeq++;
            timers.cancel(REVOKE_TIMEOUT);
        }
        if (lost.isEmpty()) {
            return;
        }
        log.warn("group {}: {}; {} partition(s) are lost (not committed): {}", settings.groupId(), why, lost.size(),
                lost);
        delivery.revoke(lost, positions -> listener.lost(lost));
    }

    // ------------------------------------------------------------------------------------------------- heartbeats

    private Behavior<Command> onTick() {
        long now = now();
        if (settings.consumerProtocol()) {
            consumerTick(now);
        } else if (heartbeating() && generation >= 0) {
            if (heartbeat.sessionExpired(now)) {
                heartbeat.reset(now);
                coordinatorLost("no heartbeat was answered within the session timeout ("
                        + settings.sessionTimeout().toMillis() + " ms)");
            } else if (connection != null && heartbeat.due(now)) {
                heartbeat.sent(now);
                send(ApiKey.HEARTBEAT, new HeartbeatRequest().setGroupId(settings.groupId())
                        .setGenerationId(generation).setMemberId(memberId)
                        .setGroupInstanceId(settings.groupInstanceId()), null, generation);
            }
        }
        expireWaitingCommits(now);
        return Behaviors.same();
    }

    private void onHeartbeat(HeartbeatResponse r, int forGeneration) {
        if (forGeneration != generation) {
            return;
        }
        switch (GroupErrors.classify(r.errorCode())) {
            case NONE -> heartbeat.succeeded(now());
            case REJOIN -> {
                heartbeat.succeeded(now());
                rejoin("the group is rebalancing");
            }
            case RESET_MEMBER, RESET_GENERATION -> {
                if (state == MemberState.STABLE || state == MemberState.REVOKING) {
                    resetAndRejoin(r.errorCode());
                }
            }
            case FIND_COORDINATOR -> {
                heartbeat.failed(now());
                coordinatorLost("Heartbeat: " + GroupErrors.name(r.errorCode()));
            }
            case RETRY -> heartbeat.failed(now());
            default -> fatal("Heartbeat for group " + settings.groupId() + " failed with "
                    + GroupErrors.name(r.errorCode()));
        }
    }

    // ---------------------------------------------------------------------------------------------------- commits

    private Behavior<Command> onCommit(Commit m) {
        if (state == MemberState.FATAL) {
            m.result().completeExceptionally(new CommitException("group " + settings.groupId()
                    + " stopped on an error; nothing is committed"));
            return Behaviors.same();
        }
        Map<TopicPartitionRef, Long> offsets;
        if (m.offsets() == null) {
            offsets = Reconciliation.toCommit(delivery.positions(owned), committed, owned);
        } else {
            for (TopicPartitionRef tp : m.offsets().keySet()) {
                if (!owned.contains(tp)) {
                    m.result().completeExceptionally(new CommitException(tp.topic() + "-" + tp.partition()
                            + " is not assigned to this member of group " + settings.groupId()
                            + " (revoked, or never assigned): not committed"));
                    return Behaviors.same();
                }
            }
            offsets = m.offsets();
        }
        if (offsets.isEmpty()) {
            m.result().complete(null);
            return Behaviors.same();
        }
        PendingCommit c = new PendingCommit(offsets, List.of(m.result()), now() + settings.requestTimeout().toMillis());
        if (state.canCommit() && connection != null && generation >= 0) {
            sendCommit(c);
        } else {
            waitingCommits.add(c); // until the member holds a generation again
        }
        return Behaviors.same();
    }

    private Behavior<Command> onAutoCommit() {
        // Also while revoking: the partitions that stay go on being consumed through a cooperative rebalance.
        if ((state == MemberState.STABLE || state == MemberState.REVOKING) && connection != null && generation > 0) {
            // What is being revoked is the revoke's commit to make: a later one would supersede it (sendCommit).
            Set<TopicPartitionRef> staying = new LinkedHashSet<>(owned);
            staying.removeAll(revoking);
            Map<TopicPartitionRef, Long> offsets = Reconciliation.toCommit(delivery.positions(staying), committed,
                    staying);
            if (!offsets.isEmpty()) {
                sendCommit(new PendingCommit(offsets, List.of(), now() + settings.autoCommitInterval().toMillis()));
            }
        }
        return Behaviors.same();
    }

    private void sendCommit(PendingCommit c) {
        if (c.firstSent == 0) {
            c.firstSent = ++commitSeq;
        }
        long first = c.firstSent;
        Map<TopicPartitionRef, Long> offsets = new LinkedHashMap<>(c.offsets());
        offsets.keySet().removeIf(tp -> newestCommitSent.getOrDefault(tp, 0L) > first);
        if (offsets.isEmpty()) {
            c.results().forEach(f -> f.complete(null)); // superseded: newer offsets of each partition went since
            commitAnswered(c);
            return;
        }
        offsets.keySet().forEach(tp -> newestCommitSent.put(tp, first));
        Map<String, OffsetCommitRequest.OffsetCommitRequestTopic> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t ->
                new OffsetCommitRequest.OffsetCommitRequestTopic().setName(t).setPartitions(new ArrayList<>()))
                .partitions().add(new OffsetCommitRequest.OffsetCommitRequestPartition()
                        .setPartitionIndex(tp.partition()).setCommittedOffset(offset)));
        OffsetCommitRequest request = new OffsetCommitRequest().setGroupId(settings.groupId())
                .setGenerationIdOrMemberEpoch(generation).setMemberId(memberId)
                .setGroupInstanceId(settings.groupInstanceId()).setTopics(new ArrayList<>(byTopic.values()));
        send(ApiKey.OFFSET_COMMIT, request, null, c);
    }

    private void onCommitted(OffsetCommitResponse r, PendingCommit c) {
        short error = 0;
        for (OffsetCommitResponse.OffsetCommitResponseTopic t : r.topics()) {
            for (OffsetCommitResponse.OffsetCommitResponsePartition p : t.partitions()) {
                if (p.errorCode() != 0) {
                    error = p.errorCode();
                } else {
                    committed.merge(new TopicPartitionRef(t.name(), p.partitionIndex()),
                            c.offsets().get(new TopicPartitionRef(t.name(), p.partitionIndex())), Math::max);
                }
            }
        }
        if (error == 0) {
            c.results().forEach(f -> f.complete(null));
            commitAnswered(c);
            return;
        }
        GroupErrors.Action action = GroupErrors.classify(error);
        String why = "OffsetCommit for group " + settings.groupId() + " failed with " + GroupErrors.name(error);
        switch (action) {
            case RETRY, FIND_COORDINATOR -> {
                if (action == GroupErrors.Action.FIND_COORDINATOR) {
                    coordinatorLost(why);
                }
                retryCommit(c, why);
                return;
            }
            case REJOIN -> rejoin("a commit found the group rebalancing");
            case RESET_MEMBER, RESET_GENERATION -> {
                if (state == MemberState.STABLE || state == MemberState.REVOKING) {
                    resetAndRejoin(error);
                }
            }
            default -> log.warn("{}", why);
        }
        fail(c, why);
    }

    private void retryCommit(PendingCommit c, String why) {
        if (now() >= c.deadlineMs()) {
            fail(c, why + ", and the commit timeout passed");
        } else if (c == revokeCommit) {
            later("revoke-commit", () -> {
                if (c == revokeCommit) {
                    if (connection != null) {
                        sendCommit(c);
                    } else {
                        finishRevokeAfterCommit(c, why);
                    }
                }
            });
        } else {
            waitingCommits.add(c);
            later("commits", this::sendWaitingCommits);
        }
    }

    private void finishRevokeAfterCommit(PendingCommit c, String why) {
        log.warn("group {}: the commit on revoke did not land ({}); the partitions are released anyway",
                settings.groupId(), why);
        fail(c, why);
    }

    private void fail(PendingCommit c, String why) {
        c.results().forEach(f -> f.completeExceptionally(new CommitException(why)));
        commitAnswered(c);
    }

    /** Fails every commit waiting for a generation (never the revoke's own, which is not among them). */
    private void failWaitingCommits(String why) {
        List<PendingCommit> all = new ArrayList<>(waitingCommits);
        waitingCommits.clear();
        all.forEach(c -> fail(c, why));
    }

    private void commitAnswered(PendingCommit c) {
        if (c == revokeCommit) {
            finishRevoke();
        }
    }

    private void sendWaitingCommits() {
        if (waitingCommits.isEmpty() || connection == null || generation < 0 || !state.canCommit()) {
            return;
        }
        List<PendingCommit> all = new ArrayList<>(waitingCommits);
        waitingCommits.clear();
        for (PendingCommit c : all) {
            // A partition that moved away meanwhile is not committed: the new owner's progress must not go back.
            if (!owned.containsAll(c.offsets().keySet())) {
                fail(c, "a rebalance took some of these partitions away from this member of group "
                        + settings.groupId() + " before the commit could be sent: not committed");
            } else {
                sendCommit(c);
            }
        }
    }

    private void expireWaitingCommits(long now) {
        waitingCommits.removeIf(c -> {
            if (now >= c.deadlineMs()) {
                fail(c, "group " + settings.groupId() + " had no generation to commit with within the request"
                        + " timeout (" + settings.requestTimeout().toMillis() + " ms; state " + state + ")");
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------------------------------------------- replies

    private Behavior<Command> onReply(Reply m) {
        Tag tag = (Tag) m.reply().tag();
        if (tag.api() == ApiKey.FIND_COORDINATOR) {
            return onCoordinator(m.reply());
        }
        if (m.reply() instanceof ConnectionActor.Failed f) {
            onFailed(tag, f);
            return Behaviors.same();
        }
        Message response = ((ConnectionActor.Response) m.reply()).response();
        switch (tag.api()) {
            case JOIN_GROUP -> {
                if (tag.epoch() == epoch && state == MemberState.JOINING) {
                    return onJoined((JoinGroupResponse) response);
                }
            }
            case SYNC_GROUP -> {
                if (tag.epoch() == epoch && state == MemberState.SYNCING) {
                    return onSynced((SyncGroupResponse) response);
                }
            }
            case HEARTBEAT -> onHeartbeat((HeartbeatResponse) response, (Integer) tag.detail());
            case OFFSET_COMMIT -> onCommitted((OffsetCommitResponse) response, (PendingCommit) tag.detail());
            case OFFSET_FETCH -> {
                @SuppressWarnings("unchecked")
                Set<TopicPartitionRef> asked = (Set<TopicPartitionRef>) tag.detail();
                onOffsetsFetched((OffsetFetchResponse) response, asked);
            }
            case LEAVE_GROUP -> finishLeaving("left the group");
            case CONSUMER_GROUP_HEARTBEAT -> onConsumerHeartbeat((ConsumerGroupHeartbeatResponse) response, tag);
            default -> log.debug("group {}: unexpected answer {}", settings.groupId(), tag.api());
        }
        return Behaviors.same();
    }

    private void onFailed(Tag tag, ConnectionActor.Failed f) {
        String why = tag.api() + " got no answer: " + f.error().getMessage();
        switch (tag.api()) {
            case HEARTBEAT -> heartbeat.failed(now());
            case CONSUMER_GROUP_HEARTBEAT -> {
                if (f.error() instanceof io.kafkadriver.protocol.version.UnsupportedApiVersionException) {
                    // fatal() logs the group id; the broker's software version is not on the wire (ApiVersions
                    // carries only ranges), so the message names the coordinator and what it advertised.
                    fatal("the coordinator (" + coordinatorName + ") does not speak the consumer group protocol"
                            + " (KIP-848, brokers 4.0 and later): " + f.error().getMessage()
                            + "; use protocol CLASSIC");
                    return;
                }
                if (state == MemberState.LEAVING) {
                    finishLeaving(why);
                    return;
                }
                heartbeat.failed(now());
                if (state == MemberState.JOINING) {
                    later("join", () -> join("retry after " + why));
                }
            }
            case OFFSET_COMMIT -> retryCommit((PendingCommit) tag.detail(), why);
            case LEAVE_GROUP -> finishLeaving(why);
            case JOIN_GROUP, SYNC_GROUP -> {
                if (tag.epoch() == epoch && f.error() instanceof
                        io.kafkadriver.protocol.version.UnsupportedApiVersionException) {
                    fatal("group " + settings.groupId() + ": " + f.error().getMessage());
                    return;
                }
            }
            default -> { }
        }
        // Anything else: the connection is gone (its Down follows), and the state's own step is taken again once
        // the coordinator is found (a join, the offsets still awaited, the commits waiting).
        if (f.error() instanceof io.kafkadriver.actors.connection.ConnectionClosedException) {
            coordinatorLost(why);
        }
    }

    // ------------------------------------------------------------------------------------------- KIP-848 heartbeats

    private void consumerTick(long now) {
        if (connection == null) {
            return;
        }
        boolean member = heartbeating();
        if (member && heartbeat.sessionExpired(now)) {
            heartbeat.reset(now);
            coordinatorLost("no heartbeat was answered within " + settings.sessionTimeout().toMillis() + " ms");
        } else if (member && heartbeat.due(now)) {
            sendConsumerHeartbeat(now);
        }
    }

    /**
     * One ConsumerGroupHeartbeat: the joining one (epoch 0) carries every field; later ones carry the subscription
     * and the owned partitions only when they changed since the last one sent (the protocol's rule).
     */
    private void sendConsumerHeartbeat(long now) {
        ConsumerGroupHeartbeatRequest request = new ConsumerGroupHeartbeatRequest().setGroupId(settings.groupId())
                .setMemberId(memberId).setMemberEpoch(generation).setInstanceId(settings.groupInstanceId());
        if (generation == 0) {
            request.setRebalanceTimeoutMs((int) settings.rebalanceTimeout().toMillis())
                    .setServerAssignor(settings.remoteAssignor());
        }
        if (sentTopics == null || !sentTopics.equals(topics)) {
            request.setSubscribedTopicNames(new ArrayList<>(topics));
        }
        // Partitions being revoked are still owned until their listener and commit are done: acknowledging them
        // earlier would let the broker hand them on before their last offsets are committed.
        Set<TopicPartitionRef> ownedNow = Reconciliation.ordered(owned);
        if (sentOwned == null || !sentOwned.equals(ownedNow)) {
            Map<String, ConsumerGroupHeartbeatRequest.TopicPartitions> byTopic = new LinkedHashMap<>();
            for (TopicPartitionRef tp : ownedNow) {
                TopicState t = metadata.topic(tp.topic());
                if (t != null) {
                    byTopic.computeIfAbsent(tp.topic(), n -> new ConsumerGroupHeartbeatRequest.TopicPartitions()
                            .setTopicId(t.topicId()).setPartitions(new ArrayList<>())).partitions()
                            .add(tp.partition());
                }
            }
            request.setTopicPartitions(new ArrayList<>(byTopic.values()));
        }
        heartbeat.sent(now);
        send(ApiKey.CONSUMER_GROUP_HEARTBEAT, request, null, new SentHeartbeat(List.copyOf(topics), ownedNow,
                generation));
    }

    /** What a KIP-848 heartbeat told the broker, so the next one knows what changed. */
    private record SentHeartbeat(List<String> topics, Set<TopicPartitionRef> owned, int epoch) {
    }

    private void onConsumerHeartbeat(ConsumerGroupHeartbeatResponse r, Tag tag) {
        if ("leave".equals(tag.detail())) {
            finishLeaving("left the group");
            return;
        }
        if (tag.epoch() != epoch || state == MemberState.LEAVING || state == MemberState.FATAL) {
            return; // an answer to an attempt before a rejoin
        }
        SentHeartbeat sent = (SentHeartbeat) tag.detail();
        GroupErrors.Action action = GroupErrors.classify(r.errorCode());
        String why = "ConsumerGroupHeartbeat for group " + settings.groupId() + " failed with "
                + GroupErrors.name(r.errorCode()) + (r.errorMessage() != null ? ": " + r.errorMessage() : "");
        switch (action) {
            case NONE -> { }
            case RESET_MEMBER, RESET_GENERATION -> {
                // Fenced or unknown: everything is lost, without a commit; rejoin at once with epoch 0.
                resetAndRejoin(r.errorCode());
                return;
            }
            case FIND_COORDINATOR -> {
                heartbeat.failed(now());
                coordinatorLost(why);
                return;
            }
            case RETRY -> {
                heartbeat.failed(now());
                if (state == MemberState.JOINING) {
                    later("join", () -> join("retry after " + GroupErrors.name(r.errorCode())));
                }
                return;
            }
            default -> {
                if (r.errorCode() == io.kafkadriver.protocol.errors.KafkaError.UNSUPPORTED_VERSION.code()) {
                    why += " (the broker has the consumer group protocol switched off: use protocol CLASSIC, or"
                            + " enable it with group.coordinator.rebalance.protocols)";
                }
                fatal(why);
                return;
            }
        }
        heartbeat.succeeded(now());
        sentTopics = sent.topics();
        sentOwned = sent.owned();
        if (r.memberId() != null) {
            memberId = r.memberId();
        }
        generation = r.memberEpoch();
        if (r.heartbeatIntervalMs() > 0 && r.heartbeatIntervalMs() != heartbeat.intervalMs()) {
            heartbeat.interval(r.heartbeatIntervalMs());
            startTick(r.heartbeatIntervalMs());
        }
        if (state == MemberState.JOINING) {
            moveTo(MemberState.STABLE, "joined with member epoch " + generation);
            heartbeat.reset(now());
            log.info("group {}: joined as {} with member epoch {} (KIP-848)", settings.groupId(), memberId,
                    generation);
        }
        if (r.assignment() != null) {
            reconcileTarget(r.assignment().topicPartitions());
        }
        sendWaitingCommits();
    }

    /**
     * The broker's target assignment: revoke what is owned and not in it (listeners, auto-commit), take what is new
     * (the broker sends only partitions already free), then acknowledge with the owned set at once.
     */
    private void reconcileTarget(List<ConsumerGroupHeartbeatResponse.TopicPartitions> target) {
        Map<io.kafkadriver.protocol.types.Uuid, String> names = new HashMap<>();
        metadata.topics().values().forEach(t -> names.put(t.topicId(), t.name()));
        List<TopicPartitionRef> assigned = new ArrayList<>();
        for (ConsumerGroupHeartbeatResponse.TopicPartitions tps : target) {
            String name = names.get(tps.topicId());
            if (name == null) {
                pendingTarget = target; // reconciled once the metadata names the topic
                cluster.tell(new ClusterActor.RefreshUrgently(null));
                return;
            }
            tps.partitions().forEach(p -> assigned.add(new TopicPartitionRef(name, p)));
        }
        pendingTarget = null;
        if (state == MemberState.REVOKING) {
            pendingTarget = target; // after the revoke in progress
            return;
        }
        Reconciliation plan = Reconciliation.of(owned, assigned);
        if (plan.unchanged()) {
            return;
        }
        if (!apply(plan, "member epoch", assigned.size(), AfterRevoke.ACK)) {
            heartbeat.dueNow(now()); // nothing to revoke: acknowledge the new partitions at once
        }
    }

    // ------------------------------------------------------------------------------------------------- metadata

    private Behavior<Command> onMetadata(MetadataUpdate m) {
        metadata = m.metadata();
        if (settings.consumerProtocol()) {
            if (pendingTarget != null && (state == MemberState.STABLE || state == MemberState.REVOKING)) {
                reconcileTarget(pendingTarget);
            }
            if (settings.pattern() != null && state == MemberState.STABLE && !subscribedTopics().equals(topics)) {
                topics = subscribedTopics();
                heartbeat.dueNow(now()); // the next heartbeat carries the new subscription
            }
            return Behaviors.same();
        }
        if (state != MemberState.STABLE) {
            return Behaviors.same();
        }
        if (settings.pattern() != null && !subscribedTopics().equals(topics)) {
            rejoin("the topics matching " + settings.pattern() + " changed");
        } else if (leader && partitionCountsChanged()) {
            rejoin("the partition count of a subscribed topic changed");
        }
        return Behaviors.same();
    }

    private boolean partitionCountsChanged() {
        for (Map.Entry<String, Integer> e : assignedFrom.entrySet()) {
            TopicState t = metadata.topic(e.getKey());
            if (t != null && t.partitionCount() != e.getValue()) {
                return true;
            }
        }
        for (String t : topics) {
            if (!assignedFrom.containsKey(t) && metadata.topic(t) != null) {
                return true; // a subscribed topic appeared
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------- leaving

    private Behavior<Command> onLeave(Leave m) {
        leaving.add(m.done());
        if (state == MemberState.LEAVING || leaveAfterRebalance) {
            return Behaviors.same();
        }
        timers.startSingleTimer(LEAVE_TIMEOUT, LeaveTimedOut.INSTANCE, settings.closeTimeout());
        if (!settings.consumerProtocol() && (state == MemberState.JOINING || state == MemberState.SYNCING)
                && !owned.isEmpty()) {
            // A cooperative member keeps its partitions through a rebalance, and their commit needs the generation
            // the rebalance is forming: leave once it completes (bounded), or the commit fails and the next owner
            // repeats what this member delivered.
            leaveAfterRebalance = true;
            long waitMs = Math.min(settings.rebalanceTimeout().toMillis(), settings.closeTimeout().toMillis() / 2);
            timers.startSingleTimer(REBALANCE_WAIT, new RetryDue(this::startLeaving), Duration.ofMillis(waitMs));
            log.info("group {}: leaves once the rebalance in progress completes (at most {} ms), so that its last"
                    + " commit lands", settings.groupId(), waitMs);
            return Behaviors.same();
        }
        startLeaving();
        return Behaviors.same();
    }

    private void startLeaving() {
        if (state == MemberState.LEAVING) {
            return;
        }
        leaveAfterRebalance = false;
        timers.cancel(REBALANCE_WAIT);
        boolean wasFatal = state == MemberState.FATAL;
        moveTo(MemberState.LEAVING, "unsubscribe");
        timers.cancel(AUTO_COMMIT); // heartbeats go on until the LeaveGroup: a revoke listener may commit
        Set<TopicPartitionRef> all = new LinkedHashSet<>(owned);
        all.removeAll(revoking);
        if (wasFatal || all.isEmpty() && revoking.isEmpty()) {
            sendLeave();
        } else if (revoking.isEmpty()) {
            revoke(all, AfterRevoke.LEAVE);
        } else {
            afterRevoke = AfterRevoke.LEAVE; // the revoke in progress finishes first; what is left is revoked then
            if (!all.isEmpty()) {
                revokeNextThenLeave = all;
            }
        }
    }

    private void sendLeave() {
        if (!revokeNextThenLeave.isEmpty()) {
            Set<TopicPartitionRef> next = revokeNextThenLeave;
            revokeNextThenLeave = Set.of();
            revoke(next, AfterRevoke.LEAVE);
            return;
        }
        if (leaveSent) {
            return;
        }
        if (settings.consumerProtocol()) {
            if (connection == null || generation <= 0) {
                finishLeaving("not in the group");
                return;
            }
            leaveSent = true;
            // -1 leaves; -2 is a static member that is only restarting: it keeps its partitions for the session.
            send(ApiKey.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatRequest().setGroupId(settings.groupId())
                    .setMemberId(memberId).setMemberEpoch(settings.groupInstanceId() != null ? -2 : -1)
                    .setInstanceId(settings.groupInstanceId()), null, "leave");
            return;
        }
        // Static members do not leave (the official client's rule): they keep their partitions for the session
        // timeout, so a restart within it gets them back with no rebalance.
        if (settings.groupInstanceId() != null || memberId.isEmpty() || connection == null) {
            finishLeaving(settings.groupInstanceId() != null ? "a static member does not send LeaveGroup"
                    : "not in the group");
            return;
        }
        leaveSent = true;
        send(ApiKey.LEAVE_GROUP, new LeaveGroupRequest().setGroupId(settings.groupId()).setMembers(new ArrayList<>(
                List.of(new LeaveGroupRequest.MemberIdentity().setMemberId(memberId)
                        .setReason("the consumer unsubscribed")))), null, null);
    }

    private Behavior<Command> onLeaveTimedOut() {
        if (state != MemberState.LEAVING) {
            moveTo(MemberState.LEAVING, "the close timeout passed");
        }
        log.warn("group {}: leaving did not finish within the close timeout ({} ms); the member stops",
                settings.groupId(), settings.closeTimeout().toMillis());
        return finishLeaving("the close timeout passed");
    }

    private Behavior<Command> finishLeaving(String why) {
        if (state != MemberState.LEAVING) {
            return Behaviors.same();
        }
        log.info("group {}: member {} stopped ({})", settings.groupId(), memberId, why);
        leaving.forEach(f -> f.complete(null));
        leaving.clear();
        context.getSelf().tell(new ChildStopped(null));
        return Behaviors.same();
    }

    private Behavior<Command> onChildStopped(ChildStopped m) {
        if (m.what() == null) {
            return Behaviors.stopped(); // finishLeaving asked
        }
        if (state == MemberState.LEAVING) {
            return Behaviors.same();
        }
        return fatal("group " + settings.groupId() + ": its " + m.what() + " actor stopped unexpectedly");
    }

    // ------------------------------------------------------------------------------------------------------ fatal

    private Behavior<Command> fatal(String why) {
        if (state == MemberState.FATAL || state == MemberState.LEAVING) {
            return Behaviors.same();
        }
        log.error("group {}: {}; the member stops consuming until it is unsubscribed", settings.groupId(), why);
        loseAll(why);
        moveTo(MemberState.FATAL, why);
        closeConnection();
        timers.cancel(TICK);
        timers.cancel(AUTO_COMMIT);
        failWaitingCommits(why);
        listener.failed(new IllegalStateException(why));
        return Behaviors.same();
    }

    private Behavior<Command> onPostStop() {
        failWaitingCommits("group " + settings.groupId() + ": the member stopped");
        leaving.forEach(f -> f.complete(null));
        delivery.close();
        return Behaviors.same();
    }
}
