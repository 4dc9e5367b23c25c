/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.consume.ConsumeRouterActor;
import io.kafkadriver.actors.consume.ConsumeSettings;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.consume.FetchBudget;
import io.kafkadriver.actors.testing.FakeBroker;
import io.kafkadriver.actors.testing.FakeBroker.Ignore;
import io.kafkadriver.actors.testing.FakeBroker.Received;
import io.kafkadriver.actors.testing.FakeBroker.Respond;
import io.kafkadriver.protocol.errors.KafkaError;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ConsumerGroupHeartbeatRequest;
import io.kafkadriver.protocol.message.ConsumerGroupHeartbeatResponse;
import io.kafkadriver.protocol.message.FindCoordinatorRequest;
import io.kafkadriver.protocol.message.FindCoordinatorResponse;
import io.kafkadriver.protocol.message.HeartbeatRequest;
import io.kafkadriver.protocol.message.HeartbeatResponse;
import io.kafkadriver.protocol.message.JoinGroupRequest;
import io.kafkadriver.protocol.message.JoinGroupResponse;
import io.kafkadriver.protocol.message.LeaveGroupRequest;
import io.kafkadriver.protocol.message.LeaveGroupResponse;
import io.kafkadriver.protocol.message.ListOffsetsRequest;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.message.OffsetCommitRequest;
import io.kafkadriver.protocol.message.OffsetCommitResponse;
import io.kafkadriver.protocol.message.OffsetFetchRequest;
import io.kafkadriver.protocol.message.OffsetFetchResponse;
import io.kafkadriver.protocol.message.SyncGroupRequest;
import io.kafkadriver.protocol.message.SyncGroupResponse;
import io.kafkadriver.protocol.types.Uuid;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state machine of {@link GroupMemberActor} on the classic group protocol (kafka-protocol-notes §4) and on the
 * KIP-848 consumer group protocol (§5, the {@code kip848...} scenarios), against a loopback {@link FakeBroker} as the
 * coordinator and a small fake cluster actor, under {@link ManualTime}.
 *
 * <p>The harness:
 * <ul>
 *   <li><b>Fake cluster</b>: sends a {@link ClusterMetadata} (topic {@code orders} with its topic id, 4 partitions
 *       led by broker 0, the fake broker) to every subscriber, and a new snapshot when a test pushes one; answers
 *       FindCoordinator with the fake broker (or with the error codes a test queued) and counts them, answers
 *       {@code GetMetadata} (used as a barrier), records ListOffsets and ignores everything else the member's consume
 *       router and fetchers send.</li>
 *   <li><b>Fake broker</b>: every request the member sends is seen with {@link FakeBroker#nextRequest()} (bounded);
 *       its connection's thread holds it until the test answers, ignores it, or (when a test turns it on) heartbeats
 *       are answered at once. Since one connection's requests reach the broker in the order they were sent,
 *       "nothing was sent" is checked deterministically with a <i>flush</i>: a commit whose OffsetCommit must be the
 *       next request.</li>
 *   <li><b>Time</b>: the member's clock is an {@link AtomicLong} moved together with {@link ManualTime}, one tick of
 *       the member's timer (300 ms for a 900 ms heartbeat interval) at a time, each followed by a barrier (a commit
 *       of a partition the member never owns, which fails at once) so the member has handled the tick before time
 *       moves on.</li>
 * </ul>
 */
class GroupMemberActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    /** The member's clock: moves only with {@link #TIME}. */
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String GROUP = "group-a";
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 4;
    private static final String MEMBER = "member-1";
    private static final String INSTANCE = "instance-1";
    private static final long HEARTBEAT_MS = 900;
    /** The member's timer period: {@code heartbeatInterval / 3}. */
    private static final long TICK_MS = HEARTBEAT_MS / 3;
    private static final long SESSION_MS = 6_000;
    private static final long REBALANCE_MS = 3_000;
    private static final Set<TopicPartitionRef> ALL = Set.of(tp(0), tp(1), tp(2), tp(3));
    /** A partition of a topic the member does not subscribe to: a commit of it fails at once. */
    private static final TopicPartitionRef NEVER_OWNED = new TopicPartitionRef("payments", 0);
    /** KIP-848: the topic ids the broker's assignments name. */
    private static final Uuid ORDERS_ID = new Uuid(0x0123456789abcdefL, 0x1111111111111111L);
    private static final String INVOICES = "invoices";
    private static final Uuid INVOICES_ID = new Uuid(0x0fedcba987654321L, 0x2222222222222222L);
    /** KIP-848: the server-side assignor the member asks for. */
    private static final String ASSIGNOR = "uniform";
    /** The clock step of {@link #advanceMs}: divides every tick period used (300 ms, and 500 ms for 1500 ms). */
    private static final long STEP_MS = 100;

    private final Map<Received, Exchange> exchanges = Collections.synchronizedMap(new IdentityHashMap<>());
    private final RecordingListener listener = new RecordingListener();
    private GroupSettings settings;
    private volatile boolean autoHeartbeats;
    private volatile boolean closing;
    private FakeBroker broker;
    private FakeCluster fakeCluster;
    private ActorRef<ClusterActor.Command> cluster;
    private ActorRef<GroupMemberActor.Command> member;
    private boolean memberStopped;
    /** KIP-848: the member id the member generated, seen on its joining heartbeat. */
    private String clientMemberId;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** Releases a blocked listener, stops the member and the fake cluster, frees the broker's threads, closes it. */
    @AfterEach
    void cleanUp() throws IOException {
        listener.release();
        try {
            if (member != null && !memberStopped) {
                KIT.stop(member, WAIT);
            }
            if (cluster != null) {
                KIT.stop(cluster, WAIT);
            }
        } finally {
            closing = true;
            synchronized (exchanges) {
                exchanges.values().forEach(e -> e.answer.complete(Ignore.INSTANCE));
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- scenarios

    /**
     * Flow: FindCoordinator answered COORDINATOR_NOT_AVAILABLE, asked again after the retry backoff; JoinGroup with
     * memberId "" → MEMBER_ID_REQUIRED; JoinGroup with the given id → leader of generation 1, the only member;
     * SyncGroup carries every partition for itself; OffsetFetch for them; {@code assigned} with all of them.
     */
    @Test
    void aNewMemberGetsItsIdJoinsAsLeaderAssignsEverythingAndFetchesItsOffsets() throws Exception {
        start(settings(List.of(new RangeAssignor()), null), KafkaError.COORDINATOR_NOT_AVAILABLE.code());
        assertEquals(GROUP, expectFindCoordinator().key());
        advanceTicks(1); // the retry backoff (100 ms)
        assertEquals(GROUP, expectFindCoordinator().key());
        assertEquals(2, fakeCluster.findCount.get());
        joinAsOnlyMember(RangeAssignor.NAME);
        // The partition without a committed offset starts from the reset policy (EARLIEST: ListOffsets at -2); the
        // others start at their committed offsets and need no lookup.
        ListOffsetsRequest lookup = fakeCluster.listOffsets.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(lookup, "no ListOffsets for the partition without a committed offset");
        assertEquals(1, lookup.topics().size());
        assertEquals(TOPIC, lookup.topics().get(0).name());
        assertEquals(1, lookup.topics().get(0).partitions().size());
        assertEquals(0, lookup.topics().get(0).partitions().get(0).partitionIndex());
        assertEquals(-2L, lookup.topics().get(0).partitions().get(0).timestamp());
    }

    /**
     * Flow: synced at T. No heartbeat at T+600; one at T+900; held unanswered past T+1800 and T+2700: nothing more
     * is sent; answered at T+2700, the next goes at the next tick (T+3000, more than an interval after the last);
     * answered at once, none at T+3600 and the next at T+3900, an interval after it was sent.
     */
    /** Flow: a broker offering OffsetFetch up to v7 gets the old shape (topics at the top level) and its answer works. */
    @Test
    void aBrokerBeforeOffsetFetchV8GetsTheTopLevelShape() throws Exception {
        startWith(settings(List.of(new RangeAssignor()), null), b -> b.advertise(ApiKey.OFFSET_FETCH, 6, 7));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
    }

    @Test
    void heartbeatsGoEveryIntervalOneAtATime() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        advanceTicks(2);
        flush(); // T+600: no heartbeat before the interval
        advanceTicks(1);
        Received first = expect(ApiKey.HEARTBEAT); // T+900
        HeartbeatRequest hb = (HeartbeatRequest) first.body();
        assertEquals(GROUP, hb.groupId());
        assertEquals(1, hb.generationId());
        assertEquals(MEMBER, hb.memberId());
        advanceTicks(6); // T+2700, two due times passed while the heartbeat is in flight
        answer(first, new HeartbeatResponse());
        flush(); // a heartbeat sent while the first was unanswered would reach the broker before this commit
        advanceTicks(1);
        answer(expect(ApiKey.HEARTBEAT), new HeartbeatResponse()); // T+3000: overdue, so at the first tick
        advanceTicks(2);
        flush(); // T+3600: not before an interval after the last one was sent
        advanceTicks(1);
        answer(expect(ApiKey.HEARTBEAT), new HeartbeatResponse()); // T+3900
        flush();
    }

    /** Flow: stable with range; a heartbeat answered REBALANCE_IN_PROGRESS → revoke everything → JoinGroup, same id. */
    @Test
    void anEagerMemberRevokesEverythingBeforeItRejoinsOnRebalanceInProgress() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.REBALANCE_IN_PROGRESS.code()));
        JoinGroupRequest rejoin = (JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body();
        assertHeardAlready(Kind.REVOKED, ALL);
        assertEquals(MEMBER, rejoin.memberId(), "a rebalance keeps the member id");
        assertEquals(List.of(), subscription(rejoin).ownedPartitions(), "eager: nothing is owned any more");
        assertNull(listener.heard.poll(), "no lost: the partitions were revoked, not lost");
    }

    /** Flow: stable; a heartbeat answered UNKNOWN_MEMBER_ID → partitions lost, JoinGroup with memberId "". */
    @Test
    void anUnknownMemberLosesItsPartitionsAndRejoinsWithoutAnId() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.UNKNOWN_MEMBER_ID.code()));
        JoinGroupRequest rejoin = (JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body();
        assertEquals("", rejoin.memberId(), "the coordinator forgot the member: its id is dropped");
        assertEquals(-1, subscription(rejoin).generationId());
        assertEquals(ALL, expectHeard(Kind.LOST));
        assertNull(listener.heard.poll(), "lost, not revoked");
    }

    /** Flow: stable; a heartbeat answered ILLEGAL_GENERATION → partitions lost, JoinGroup keeping the member id. */
    @Test
    void anIllegalGenerationLosesThePartitionsAndRejoinsKeepingTheId() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.ILLEGAL_GENERATION.code()));
        JoinGroupRequest rejoin = (JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body();
        assertEquals(MEMBER, rejoin.memberId(), "ILLEGAL_GENERATION resets the generation only");
        assertEquals(-1, subscription(rejoin).generationId());
        assertEquals(ALL, expectHeard(Kind.LOST));
        assertNull(listener.heard.poll(), "lost, not revoked");
    }

    /**
     * Flow: stable; a heartbeat answered NOT_COORDINATOR → a new FindCoordinator after the backoff; the member stays
     * in its generation and heartbeats on the new connection, without rejoining.
     */
    @Test
    void notCoordinatorOnAHeartbeatLooksForTheCoordinatorAgain() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.NOT_COORDINATOR.code()));
        advanceTicks(1); // the retry backoff
        assertEquals(GROUP, expectFindCoordinator().key());
        assertEquals(2, fakeCluster.findCount.get());
        settleCluster(); // its answer is in the member's mailbox before the next barrier
        settleMember();
        advanceTicks(1); // the failed heartbeat is retried after the backoff, on the new connection
        HeartbeatRequest retried = (HeartbeatRequest) expect(ApiKey.HEARTBEAT).body();
        assertEquals(1, retried.generationId());
        assertEquals(MEMBER, retried.memberId());
        assertNull(listener.heard.poll(), "a coordinator move neither revokes nor loses anything");
    }

    /**
     * Flow: a static member, stable; a heartbeat answered FENCED_INSTANCE_ID → {@code failed}, the partitions given
     * up, and a later commit fails with a {@link CommitException}.
     */
    @Test
    void aFencedInstanceIsFatalAndLaterCommitsFail() throws Exception {
        start(settings(List.of(new RangeAssignor()), INSTANCE));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        Received heartbeat = firstHeartbeat();
        assertEquals(INSTANCE, ((HeartbeatRequest) heartbeat.body()).groupInstanceId());
        answer(heartbeat, new HeartbeatResponse().setErrorCode(KafkaError.FENCED_INSTANCE_ID.code()));
        Map<Kind, Set<TopicPartitionRef>> heard = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) { // failed runs on the member, lost on the delivery: either comes first
            Heard h = listener.heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(h, "heard only " + heard);
            heard.put(h.kind(), h.partitions());
        }
        assertEquals(Map.of(Kind.FAILED, Set.of(), Kind.LOST, ALL), heard);
        assertTrue(listener.failure.get().getMessage().contains("FENCED_INSTANCE_ID"),
                listener.failure.get().getMessage());
        CompletableFuture<Void> commit = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 42L), commit));
        assertCommitFails(commit);
    }

    /**
     * Flow: cooperative-sticky only, stable with 4 partitions; REBALANCE_IN_PROGRESS on a heartbeat → JoinGroup at
     * once, nothing revoked, the subscription owning all 4; as a follower its sync answer keeps 0 and 1 → revoked
     * exactly 2 and 3, then another JoinGroup at once owning 0 and 1.
     */
    @Test
    void aCooperativeMemberKeepsItsPartitionsAndRevokesOnlyWhatMoved() throws Exception {
        start(settings(List.of(new CooperativeStickyAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(CooperativeStickyAssignor.NAME);
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.REBALANCE_IN_PROGRESS.code()));
        Received rejoin = expect(ApiKey.JOIN_GROUP);
        assertNull(listener.heard.poll(), "cooperative: nothing is revoked before the rejoin");
        JoinGroupRequest join = (JoinGroupRequest) rejoin.body();
        assertEquals(MEMBER, join.memberId());
        assertEquals(List.of(CooperativeStickyAssignor.NAME), join.protocols().stream().map(p -> p.name()).toList());
        ConsumerProtocol.Subscription owning = subscription(join);
        assertEquals(List.of(tp(0), tp(1), tp(2), tp(3)), owning.ownedPartitions());
        assertEquals(1, owning.generationId());
        answer(rejoin, new JoinGroupResponse().setGenerationId(2).setProtocolType("consumer")
                .setProtocolName(CooperativeStickyAssignor.NAME).setLeader("member-0").setMemberId(MEMBER));
        Received sync = expect(ApiKey.SYNC_GROUP);
        assertEquals(List.of(), ((SyncGroupRequest) sync.body()).assignments(), "a follower assigns nothing");
        answer(sync, new SyncGroupResponse().setProtocolType("consumer").setProtocolName(CooperativeStickyAssignor.NAME)
                .setAssignment(new ConsumerProtocol.Assignment(List.of(tp(0), tp(1)), null).encode()));
        JoinGroupRequest again = (JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body();
        assertHeardAlready(Kind.REVOKED, Set.of(tp(2), tp(3)));
        assertEquals(List.of(tp(0), tp(1)), subscription(again).ownedPartitions());
        assertEquals(2, subscription(again).generationId());
        assertNull(listener.heard.poll(), "nothing else revoked or lost");
    }

    /**
     * Flow: stable; the first heartbeat is never answered; at T+5700 the member still trusts its session; at T+6000
     * (the session timeout after the last success) it gives the coordinator up and, after the backoff, looks for it
     * again.
     */
    @Test
    void aSessionWithoutAnsweredHeartbeatsLooksForTheCoordinatorAgain() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        ignore(firstHeartbeat()); // T+900
        advanceTicks(16); // T+5700
        settleCluster();
        assertEquals(1, fakeCluster.findCount.get(), "the session has not expired yet");
        assertTrue(fakeCluster.finds.isEmpty());
        advanceTicks(2); // T+6000: expired; T+6300: the backoff passed
        assertEquals(GROUP, expectFindCoordinator().key());
        assertEquals(2, fakeCluster.findCount.get());
    }

    /**
     * Flow: stable with range; REBALANCE_IN_PROGRESS on a heartbeat at T+900; the revoke listener blocks past the
     * rebalance timeout (3000 ms); heartbeats go on meanwhile; at T+3600 no JoinGroup yet; at T+3900 the member goes
     * on without the listener and sends its JoinGroup.
     */
    @Test
    void aBlockedRevokeListenerHoldsTheRejoinOnlyForTheRebalanceTimeout() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        listener.blockRevoke();
        answer(firstHeartbeat(), new HeartbeatResponse().setErrorCode(KafkaError.REBALANCE_IN_PROGRESS.code()));
        assertEquals(ALL, expectHeard(Kind.REVOKED)); // the listener is now blocked
        settleMember(); // the revoke (and its timer) is set up
        autoHeartbeats = true; // no heartbeat is in flight now
        advanceTicks(9); // T+3600
        flush(); // no JoinGroup before the rebalance timeout
        // The blocked listener holds the delivery, not the membership (F1): heartbeats went on every interval.
        assertEquals(4, broker.count(ApiKey.HEARTBEAT), "heartbeats at T+900, 1800, 2700 and 3600");
        advanceTicks(1); // T+3900
        JoinGroupRequest rejoin = (JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body();
        assertEquals(MEMBER, rejoin.memberId());
        assertEquals(3, broker.count(ApiKey.JOIN_GROUP), "two to join, then this one rejoin");
    }

    /**
     * Flow: stable; a commit of a partition not owned fails at once; Commit(p1 → 42) sends OffsetCommit with the
     * generation and member id, answered → completed; Commit(p2 → 43) answered REBALANCE_IN_PROGRESS → fails, and the
     * eager member revokes and rejoins.
     */
    @Test
    void commitsCarryTheGenerationAndFailOnRebalanceOrForeignPartitions() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        CompletableFuture<Void> foreign = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(new TopicPartitionRef("payments", 3), 7L), foreign));
        assertCommitFails(foreign);

        CompletableFuture<Void> ok = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 42L), ok));
        Received commit = expect(ApiKey.OFFSET_COMMIT); // the first request: nothing was sent for the foreign one
        OffsetCommitRequest request = (OffsetCommitRequest) commit.body();
        assertEquals(GROUP, request.groupId());
        assertEquals(1, request.generationIdOrMemberEpoch());
        assertEquals(MEMBER, request.memberId());
        assertEquals(Map.of(tp(1), 42L), offsetsOf(request));
        assertFalse(ok.isDone());
        answer(commit, commitAnswer(request, (short) 0));
        ok.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        CompletableFuture<Void> rebalancing = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(2), 43L), rebalancing));
        Received second = expect(ApiKey.OFFSET_COMMIT);
        assertEquals(Map.of(tp(2), 43L), offsetsOf((OffsetCommitRequest) second.body()));
        answer(second, commitAnswer((OffsetCommitRequest) second.body(), KafkaError.REBALANCE_IN_PROGRESS.code()));
        assertCommitFails(rebalancing);
        assertEquals(MEMBER, ((JoinGroupRequest) expect(ApiKey.JOIN_GROUP).body()).memberId());
        assertHeardAlready(Kind.REVOKED, ALL);
    }

    /**
     * Flow: stable; Commit(p1 → 10, p2 → 10) answered COORDINATOR_LOAD_IN_PROGRESS, to be retried after the backoff;
     * meanwhile Commit(p1 → 20) is sent and answered. The retry goes without p1: the broker keeps the last offset
     * written, so the older one would send the partition's next owner back over what was delivered (issue 17: the
     * duplicates of a group under churn, where KIP-848 answers STALE_MEMBER_EPOCH to commits around each epoch bump).
     */
    @Test
    void aRetriedCommitNeverOverwritesANewerOneOfTheSamePartition() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        CompletableFuture<Void> older = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 10L, tp(2), 10L), older));
        Received first = expect(ApiKey.OFFSET_COMMIT);
        answer(first, commitAnswer((OffsetCommitRequest) first.body(),
                KafkaError.COORDINATOR_LOAD_IN_PROGRESS.code()));
        settleMember();
        CompletableFuture<Void> newer = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 20L), newer));
        Received second = expect(ApiKey.OFFSET_COMMIT);
        assertEquals(Map.of(tp(1), 20L), offsetsOf((OffsetCommitRequest) second.body()));
        answer(second, commitAnswer((OffsetCommitRequest) second.body(), (short) 0));
        newer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        advanceMs(100); // the retry backoff
        Received retry = expect(ApiKey.OFFSET_COMMIT);
        assertEquals(Map.of(tp(2), 10L), offsetsOf((OffsetCommitRequest) retry.body()), "p1 has a newer commit");
        assertFalse(older.isDone());
        answer(retry, commitAnswer((OffsetCommitRequest) retry.body(), (short) 0));
        older.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Flow: a dynamic member, stable; Leave → revoked, LeaveGroup with its id, answered → done, the actor stops. */
    @Test
    void aDynamicMemberRevokesLeavesTheGroupAndStops() throws Exception {
        start(settings(List.of(new RangeAssignor()), null));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        CompletableFuture<Void> done = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Leave(done));
        Received leave = expect(ApiKey.LEAVE_GROUP);
        assertHeardAlready(Kind.REVOKED, ALL);
        LeaveGroupRequest request = (LeaveGroupRequest) leave.body();
        assertEquals(GROUP, request.groupId());
        assertEquals(1, request.members().size());
        assertEquals(MEMBER, request.members().get(0).memberId());
        assertFalse(done.isDone(), "done once the coordinator answered");
        answer(leave, new LeaveGroupResponse());
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        expectStopped();
    }

    /** Flow: a static member, stable; Leave → revoked, done, the actor stops, and no LeaveGroup is sent. */
    @Test
    void aStaticMemberRevokesAndStopsWithoutLeavingTheGroup() throws Exception {
        start(settings(List.of(new RangeAssignor()), INSTANCE));
        expectFindCoordinator();
        joinAsOnlyMember(RangeAssignor.NAME);
        CompletableFuture<Void> done = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Leave(done));
        assertEquals(ALL, expectHeard(Kind.REVOKED));
        // A LeaveGroup would hold done until its answer, which the fake broker gives only when the test says so
        // (or until the close timeout, which ManualTime never reaches here).
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        expectStopped();
        assertEquals(0, broker.count(ApiKey.LEAVE_GROUP), "a static member keeps its place until the session ends");
    }

    // ------------------------------------------------------------------------------------- KIP-848 scenarios

    /**
     * Flow (KIP-848, §5): the joining ConsumerGroupHeartbeat has member epoch 0, a client-generated member id and
     * every field (rebalance timeout, subscribed topics, server assignor "uniform", TopicPartitions = [] not null);
     * answered with epoch 1, an interval and 3 partitions by topic id → an OffsetFetch for them → {@code assigned}
     * with the 3; then, before the interval (within two 300 ms ticks of a 900 ms interval), the acknowledging
     * heartbeat: epoch 1, TopicPartitions the 3, the unchanged subscription left out (null).
     */
    @Test
    void kip848JoinSendsEpochZeroWithEveryFieldTakesTheAssignmentByTopicIdAndAcknowledgesAtOnce() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        // Every check of the flow is in joinConsumer.
        Received ack = joinConsumer(List.of(0, 1, 2), () -> consumerAnswer(1, HEARTBEAT_MS, null));
        assertEquals(clientMemberId, java.util.UUID.fromString(clientMemberId).toString(),
                "the member id is a random UUID (KIP-1082)");
        assertNull(((ConsumerGroupHeartbeatRequest) ack.body()).instanceId(), "a dynamic member");
        assertEquals(0, broker.count(ApiKey.JOIN_GROUP) + broker.count(ApiKey.SYNC_GROUP)
                + broker.count(ApiKey.HEARTBEAT), "no classic request under KIP-848");
        assertNull(listener.heard.poll(), "nothing revoked or lost");
    }

    /**
     * Flow (KIP-848): acknowledgement answered at T+300 → nothing at T+900, the next heartbeat at T+1200 (one 900 ms
     * interval after the last was sent) with every unchanged field null; its answer sets a 1500 ms interval → nothing
     * at T+2600, the next at T+2700; held unanswered until T+4500 (past its due time): nothing more is sent; answered
     * at T+4500 → the overdue one at the next tick (T+4700), then none at T+6100 and one at T+6200.
     */
    @Test
    void kip848HeartbeatsFollowTheIntervalTheBrokerReturnsOneAtATime() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        joinConsumer(List.of(0, 1, 2), () -> consumerAnswer(1, HEARTBEAT_MS, null)); // acknowledged at T+300
        advanceTicks(2); // T+900
        flush(tp(0)); // not before an interval after the acknowledgement was sent
        advanceTicks(1); // T+1200
        Received regular = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        ConsumerGroupHeartbeatRequest hb = (ConsumerGroupHeartbeatRequest) regular.body();
        assertEquals(GROUP, hb.groupId());
        assertEquals(clientMemberId, hb.memberId());
        assertEquals(1, hb.memberEpoch());
        assertUnchangedFieldsLeftOut(hb);
        assertNull(hb.topicPartitions(), "the owned partitions did not change: null");
        assertNull(hb.instanceId());
        assertNull(hb.rackId());

        answer(regular, consumerAnswer(1, 1_500, null)); // the broker changes the interval
        flush(tp(0));
        advanceMs(1_400); // T+2600: the old interval (T+2100) is not used
        flush(tp(0));
        advanceMs(100); // T+2700: 1500 ms after the last one was sent
        Received next = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        ConsumerGroupHeartbeatRequest nextHb = (ConsumerGroupHeartbeatRequest) next.body();
        assertEquals(1, nextHb.memberEpoch());
        assertUnchangedFieldsLeftOut(nextHb);
        assertNull(nextHb.topicPartitions());

        advanceMs(1_800); // T+4500: due at T+4200, but one is in flight
        answer(next, consumerAnswer(1, 1_500, null));
        flush(tp(0)); // a second heartbeat sent while the first was in flight would reach the broker before this
        advanceMs(200); // T+4700: the next tick of the 500 ms timer (1500 / 3)
        Received overdue = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        assertNull(((ConsumerGroupHeartbeatRequest) overdue.body()).topicPartitions());
        answer(overdue, consumerAnswer(1, 1_500, null));
        flush(tp(0));
        advanceMs(1_400); // T+6100
        flush(tp(0));
        advanceMs(100); // T+6200
        answer(expect(ApiKey.CONSUMER_GROUP_HEARTBEAT), consumerAnswer(1, 1_500, null));
        flush(tp(0));
        assertNull(listener.heard.poll(), "nothing revoked or lost");
    }

    /**
     * Flow (KIP-848): owning 0, 1, 2; an answer whose target keeps only 0 (epoch 2) → {@code revoked} with exactly 1
     * and 2, then at once (before the interval) a heartbeat with epoch 2 whose TopicPartitions lists 0 only.
     */
    @Test
    void kip848ATargetWithoutSomeOwnedPartitionsRevokesThemThenAcknowledgesAtOnce() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        // The acknowledgement of the join (T+300) is answered with a target that keeps only partition 0.
        joinConsumer(List.of(0, 1, 2),
                () -> consumerAnswer(2, HEARTBEAT_MS, assignment(Map.of(ORDERS_ID, List.of(0)))));
        assertEquals(Set.of(tp(1), tp(2)), expectHeard(Kind.REVOKED));
        // The acknowledgement comes after the revoke finished; the next regular heartbeat would be at T+1200.
        ConsumerGroupHeartbeatRequest acked = (ConsumerGroupHeartbeatRequest) heartbeatWithin(2, tp(0),
                () -> consumerAnswer(2, HEARTBEAT_MS, null)).body();
        assertEquals(2, acked.memberEpoch());
        assertEquals(Map.of(ORDERS_ID, Set.of(0)), ownedIn(acked), "the acknowledgement lists what is left");
        assertUnchangedFieldsLeftOut(acked);
        assertNull(listener.heard.poll(), "nothing else revoked, nothing lost");
        CompletableFuture<Void> revoked = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 5L), revoked));
        assertCommitFails(revoked); // no longer owned
    }

    /**
     * Flow (KIP-848, beyond the brief's list): owning 0, 1, 2; the target keeps only 0 and the revoke listener
     * blocks; the regular heartbeat at T+1200 goes while the revoke is in progress: it must not acknowledge the
     * revocation yet (TopicPartitions null, or still 0, 1, 2), else the broker hands 1 and 2 on while the listener
     * (and the commit that follows it under auto-commit) still runs. Once released: the acknowledgement lists 0.
     */
    @Test
    void kip848AHeartbeatDuringARevokeDoesNotAcknowledgeItEarly() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        listener.blockRevoke(); // blocks in the revoke that the answer to the acknowledgement (T+300) starts
        joinConsumer(List.of(0, 1, 2),
                () -> consumerAnswer(2, HEARTBEAT_MS, assignment(Map.of(ORDERS_ID, List.of(0)))));
        assertEquals(Set.of(tp(1), tp(2)), expectHeard(Kind.REVOKED)); // the listener now blocks
        settleMember();
        advanceTicks(3); // T+1200: an interval after the acknowledgement of the join
        Received during = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        Map<Uuid, Set<Integer>> reported = ownedIn((ConsumerGroupHeartbeatRequest) during.body());
        assertTrue(reported == null || reported.equals(Map.of(ORDERS_ID, Set.of(0, 1, 2))),
                "the revoke listener has not returned: the heartbeat must not report 1 and 2 as given up yet, but"
                        + " sent TopicPartitions " + reported);
        answer(during, consumerAnswer(2, HEARTBEAT_MS, null));
        flush(tp(0));
        listener.release();
        ConsumerGroupHeartbeatRequest acked = (ConsumerGroupHeartbeatRequest) heartbeatWithin(2, tp(0),
                () -> consumerAnswer(2, HEARTBEAT_MS, null)).body();
        assertEquals(Map.of(ORDERS_ID, Set.of(0)), ownedIn(acked), "acknowledged once the revoke finished");
    }

    /**
     * Flow (KIP-848): owning 0, 1, 2; the acknowledgement answered FENCED_MEMBER_EPOCH (110) → {@code lost} with all
     * 3, and at once a heartbeat with epoch 0, the same member id, every field and TopicPartitions = []; its answer
     * (epoch 2, the 3 again) → OffsetFetch → {@code assigned}.
     */
    @Test
    void kip848AFencedMemberEpochLosesEverythingAndRejoinsWithEpochZeroAndTheSameId() throws Exception {
        aLostMemberRejoinsWithEpochZeroAndTheSameId(KafkaError.FENCED_MEMBER_EPOCH.code());
    }

    /** Flow (KIP-848): as for FENCED_MEMBER_EPOCH, with UNKNOWN_MEMBER_ID (25): the client's id is kept. */
    @Test
    void kip848AnUnknownMemberIdLosesEverythingAndRejoinsWithEpochZeroAndTheSameId() throws Exception {
        aLostMemberRejoinsWithEpochZeroAndTheSameId(KafkaError.UNKNOWN_MEMBER_ID.code());
    }

    private void aLostMemberRejoinsWithEpochZeroAndTheSameId(short error) throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        joinConsumer(List.of(0, 1, 2), () -> consumerError(error)); // the acknowledgement is answered with the error
        String firstId = clientMemberId;
        Received rejoining = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT); // no time passed: no backoff
        ConsumerGroupHeartbeatRequest rejoin = (ConsumerGroupHeartbeatRequest) rejoining.body();
        assertEquals(0, rejoin.memberEpoch(), "rejoin with epoch 0");
        assertEquals(firstId, rejoin.memberId(), "KIP-848 keeps the client's member id");
        assertJoinFields(rejoin); // all fields again, TopicPartitions = []
        assertEquals(Set.of(tp(0), tp(1), tp(2)), expectHeard(Kind.LOST));
        assertNull(listener.heard.poll(), "lost, not revoked");
        answer(rejoining, consumerAnswer(2, HEARTBEAT_MS, assignment(Map.of(ORDERS_ID, List.of(0, 1, 2)))));
        answerOffsetFetch(Set.of(tp(0), tp(1), tp(2)));
        assertEquals(Set.of(tp(0), tp(1), tp(2)), expectHeard(Kind.ASSIGNED));
        ConsumerGroupHeartbeatRequest acked = (ConsumerGroupHeartbeatRequest) heartbeatWithin(2, tp(0),
                () -> consumerAnswer(2, HEARTBEAT_MS, null)).body();
        assertEquals(2, acked.memberEpoch());
        assertEquals(Map.of(ORDERS_ID, Set.of(0, 1, 2)), ownedIn(acked));
    }

    /**
     * Flow (KIP-848): subscribed to orders and invoices, owning orders 0, 1, 2; a target adding invoices 0 and 1 by a
     * topic id the metadata does not know → nothing assigned, no OffsetFetch, no acknowledgement; a metadata snapshot
     * naming the id is pushed → OffsetFetch for invoices 0, 1 → {@code assigned} with them → an acknowledgement at
     * once listing all 5 by topic id.
     */
    @Test
    void kip848AnAssignmentOfAnUnknownTopicIdWaitsForTheMetadata() throws Exception {
        start(consumerSettings(null, TOPIC, INVOICES));
        expectFindCoordinator();
        // The acknowledgement of the join (T+300) is answered with a target adding invoices 0 and 1.
        joinConsumer(List.of(0, 1, 2), () -> consumerAnswer(2, HEARTBEAT_MS,
                assignment(Map.of(ORDERS_ID, List.of(0, 1, 2), INVOICES_ID, List.of(0, 1)))));
        flush(tp(0)); // no OffsetFetch and no heartbeat were sent after the answer
        settleMember();
        assertNull(listener.heard.poll(), "nothing is assigned (or revoked) before the topic id is known");
        CompletableFuture<Void> notYet = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(new TopicPartitionRef(INVOICES, 0), 1L), notYet));
        assertCommitFails(notYet); // not owned yet

        fakeCluster.push(FakeCluster.topic(TOPIC, ORDERS_ID, PARTITIONS), FakeCluster.topic(INVOICES, INVOICES_ID, 2));
        Set<TopicPartitionRef> invoices = Set.of(new TopicPartitionRef(INVOICES, 0),
                new TopicPartitionRef(INVOICES, 1));
        answerOffsetFetch(invoices);
        assertEquals(invoices, expectHeard(Kind.ASSIGNED));
        ConsumerGroupHeartbeatRequest acked = (ConsumerGroupHeartbeatRequest) heartbeatWithin(2, tp(0),
                () -> consumerAnswer(2, HEARTBEAT_MS, null)).body();
        assertEquals(2, acked.memberEpoch());
        assertEquals(Map.of(ORDERS_ID, Set.of(0, 1, 2), INVOICES_ID, Set.of(0, 1)), ownedIn(acked));
        assertNull(listener.heard.poll(), "nothing revoked or lost");
    }

    /**
     * Flow (KIP-848): the joining heartbeat answered UNSUPPORTED_VERSION (35) → {@code failed} with a message naming
     * the CLASSIC protocol; no rejoin; a commit fails.
     */
    @Test
    void kip848UnsupportedVersionOnTheFirstHeartbeatFailsNamingClassic() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        Received joining = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        answer(joining, consumerError(KafkaError.UNSUPPORTED_VERSION.code()));
        assertEquals(Set.of(), expectHeard(Kind.FAILED));
        String message = listener.failure.get().getMessage();
        assertTrue(message.contains("CLASSIC"), message);
        assertTrue(message.contains("UNSUPPORTED_VERSION"), message);
        assertNull(listener.heard.poll(), "nothing was owned: nothing lost");
        CompletableFuture<Void> commit = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(0), 1L), commit));
        assertCommitFails(commit);
        advanceTicks(4); // retry backoffs and ticks pass: it does not try again
        settleCluster();
        assertEquals(1, fakeCluster.findCount.get(), "no rediscovery");
        assertEquals(1, broker.count(ApiKey.CONSUMER_GROUP_HEARTBEAT), "no second joining heartbeat");
    }

    /**
     * Flow (KIP-848): a coordinator whose ApiVersions does not offer ConsumerGroupHeartbeat (an empty range, which the
     * client drops as not advertised) → {@code failed} naming CLASSIC, and no ConsumerGroupHeartbeat on the wire.
     */
    @Test
    void kip848ACoordinatorWithoutConsumerGroupHeartbeatFailsNamingClassic() throws Exception {
        startWith(consumerSettings(null), b -> b.advertise(ApiKey.CONSUMER_GROUP_HEARTBEAT, -1, -1));
        expectFindCoordinator();
        assertEquals(Set.of(), expectHeard(Kind.FAILED));
        String message = listener.failure.get().getMessage();
        assertTrue(message.contains("CLASSIC"), message);
        assertTrue(message.contains("ConsumerGroupHeartbeat"), message);
        assertTrue(message.contains("the coordinator (broker "), "names the coordinator: " + message);
        assertEquals(0, broker.count(ApiKey.CONSUMER_GROUP_HEARTBEAT), "nothing was sent for the unsupported API");
        assertEquals(0, broker.count(ApiKey.JOIN_GROUP), "no silent fallback to the classic protocol");
    }

    /**
     * Flow (KIP-848): owning 0, 1, 2 at epoch 1; the acknowledgement's answer raises the member epoch to 2;
     * Commit(1 → 42) → OffsetCommit (v9+) with generationIdOrMemberEpoch 2, the client's member id, no instance id;
     * answered → completed.
     */
    @Test
    void kip848ACommitCarriesTheMemberEpochAndTheClientMemberId() throws Exception {
        start(consumerSettings(null));
        expectFindCoordinator();
        joinConsumer(List.of(0, 1, 2), () -> consumerAnswer(2, HEARTBEAT_MS, null)); // the epoch becomes 2
        CompletableFuture<Void> ok = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(tp(1), 42L), ok));
        Received commit = expect(ApiKey.OFFSET_COMMIT);
        OffsetCommitRequest request = (OffsetCommitRequest) commit.body();
        assertTrue(commit.version() >= 9, "KIP-848 commits need OffsetCommit v9+, sent v" + commit.version());
        assertEquals(GROUP, request.groupId());
        assertEquals(2, request.generationIdOrMemberEpoch(), "the member epoch");
        assertEquals(clientMemberId, request.memberId());
        assertNull(request.groupInstanceId());
        assertEquals(Map.of(tp(1), 42L), offsetsOf(request));
        assertFalse(ok.isDone());
        answer(commit, commitAnswer(request, (short) 0));
        ok.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Flow (KIP-848): a dynamic member owning 0, 1, 2; Leave → {@code revoked} with the 3, then a heartbeat with
     * epoch -1 and its id; answered → done, the actor stops.
     */
    @Test
    void kip848ADynamicMemberRevokesThenLeavesWithEpochMinusOneAndStops() throws Exception {
        aMemberRevokesThenLeavesWithEpoch(null, -1);
    }

    /**
     * Flow (KIP-848): a static member owning 0, 1, 2; Leave → {@code revoked} with the 3, then a heartbeat with epoch
     * -2 and its instance id (it only restarts: it keeps its partitions for the session); answered → done, stopped.
     */
    @Test
    void kip848AStaticMemberRevokesThenLeavesWithEpochMinusTwoAndStops() throws Exception {
        aMemberRevokesThenLeavesWithEpoch(INSTANCE, -2);
    }

    private void aMemberRevokesThenLeavesWithEpoch(String instanceId, int leaveEpoch) throws Exception {
        start(consumerSettings(instanceId));
        expectFindCoordinator();
        Received ack = joinConsumer(List.of(0, 1, 2), () -> consumerAnswer(1, HEARTBEAT_MS, null));
        assertEquals(instanceId, ((ConsumerGroupHeartbeatRequest) ack.body()).instanceId());
        CompletableFuture<Void> done = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Leave(done));
        Received leaving = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        assertHeardAlready(Kind.REVOKED, Set.of(tp(0), tp(1), tp(2)));
        ConsumerGroupHeartbeatRequest leave = (ConsumerGroupHeartbeatRequest) leaving.body();
        assertEquals(GROUP, leave.groupId());
        assertEquals(clientMemberId, leave.memberId());
        assertEquals(leaveEpoch, leave.memberEpoch());
        assertEquals(instanceId, leave.instanceId());
        assertFalse(done.isDone(), "done once the coordinator answered");
        answer(leaving, new ConsumerGroupHeartbeatResponse().setMemberId(clientMemberId).setMemberEpoch(leaveEpoch));
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        expectStopped();
        assertNull(listener.heard.poll(), "nothing lost");
    }

    // ---------------------------------------------------------------------------------------------- the flows

    /**
     * Joins as the only member and leader of generation 1 (after MEMBER_ID_REQUIRED for a dynamic member), checking
     * every request on the way, and returns once {@code assigned} was heard with every partition. Time does not move.
     */
    private void joinAsOnlyMember(String assignor) throws Exception {
        Received joining = expect(ApiKey.JOIN_GROUP);
        JoinGroupRequest join = (JoinGroupRequest) joining.body();
        assertEquals("", join.memberId(), "a new member joins without an id");
        if (settings.groupInstanceId() == null) {
            answer(joining, new JoinGroupResponse().setErrorCode(KafkaError.MEMBER_ID_REQUIRED.code())
                    .setMemberId(MEMBER));
            joining = expect(ApiKey.JOIN_GROUP);
            join = (JoinGroupRequest) joining.body();
            assertEquals(MEMBER, join.memberId(), "KIP-394: it rejoins with the id the coordinator gave");
        }
        assertEquals(GROUP, join.groupId());
        assertEquals(settings.groupInstanceId(), join.groupInstanceId());
        assertEquals("consumer", join.protocolType());
        assertEquals((int) SESSION_MS, join.sessionTimeoutMs());
        assertEquals((int) REBALANCE_MS, join.rebalanceTimeoutMs());
        assertEquals(List.of(assignor), join.protocols().stream().map(p -> p.name()).toList());
        assertEquals(List.of(TOPIC), subscription(join).topics());
        byte[] metadata = join.protocols().get(0).metadata();
        answer(joining, new JoinGroupResponse().setGenerationId(1).setProtocolType("consumer")
                .setProtocolName(assignor).setLeader(MEMBER).setMemberId(MEMBER)
                .setMembers(new ArrayList<>(List.of(new JoinGroupResponse.JoinGroupResponseMember()
                        .setMemberId(MEMBER).setGroupInstanceId(settings.groupInstanceId()).setMetadata(metadata)))));

        Received syncing = expect(ApiKey.SYNC_GROUP);
        SyncGroupRequest sync = (SyncGroupRequest) syncing.body();
        assertEquals(1, sync.generationId());
        assertEquals(MEMBER, sync.memberId());
        assertEquals(assignor, sync.protocolName());
        assertEquals(1, sync.assignments().size(), "the leader assigns to every member");
        assertEquals(MEMBER, sync.assignments().get(0).memberId());
        byte[] assignment = sync.assignments().get(0).assignment();
        assertEquals(List.of(tp(0), tp(1), tp(2), tp(3)), ConsumerProtocol.Assignment.decode(assignment).partitions());
        answer(syncing, new SyncGroupResponse().setProtocolType("consumer").setProtocolName(assignor)
                .setAssignment(assignment));
        answerOffsetFetch();
        assertEquals(ALL, expectHeard(Kind.ASSIGNED));
    }

    /** Expects the OffsetFetch for every partition and answers it: partition 0 has no committed offset. */
    private void answerOffsetFetch() throws Exception {
        Received fetching = expect(ApiKey.OFFSET_FETCH);
        Set<TopicPartitionRef> asked = asked(fetching);
        Set<TopicPartitionRef> all = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartitionRef(TOPIC, p));
        }
        assertEquals(all, asked);
        long[] committed = {-1, 5, 17, 0}; // partition 0 has no committed offset
        Map<TopicPartitionRef, Long> offsets = new java.util.LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartitionRef(TOPIC, p), committed[p]);
        }
        answer(fetching, offsetFetchAnswer(fetching.version(), offsets));
    }

    /**
     * The partitions an OffsetFetch asks for, in either shape (v1-7 top-level topics; v8+ under its one group),
     * checking the group id.
     */
    private static Set<TopicPartitionRef> asked(Received fetching) {
        OffsetFetchRequest fetch = (OffsetFetchRequest) fetching.body();
        Set<TopicPartitionRef> asked = new HashSet<>();
        if (fetching.version() >= 8) {
            assertEquals(1, fetch.groups().size());
            assertEquals(GROUP, fetch.groups().get(0).groupId());
            for (OffsetFetchRequest.OffsetFetchRequestTopics t : fetch.groups().get(0).topics()) {
                t.partitionIndexes().forEach(p -> asked.add(new TopicPartitionRef(t.name(), p)));
            }
        } else {
            assertEquals(GROUP, fetch.groupId());
            for (OffsetFetchRequest.OffsetFetchRequestTopic t : fetch.topics()) {
                t.partitionIndexes().forEach(p -> asked.add(new TopicPartitionRef(t.name(), p)));
            }
        }
        return asked;
    }

    /** An OffsetFetch answer of a version's shape. */
    private static OffsetFetchResponse offsetFetchAnswer(short version, Map<TopicPartitionRef, Long> offsets) {
        Map<String, List<Map.Entry<TopicPartitionRef, Long>>> byTopic = new java.util.LinkedHashMap<>();
        offsets.entrySet().forEach(e -> byTopic.computeIfAbsent(e.getKey().topic(), t -> new ArrayList<>()).add(e));
        if (version >= 8) {
            List<OffsetFetchResponse.OffsetFetchResponseTopics> topics = new ArrayList<>();
            byTopic.forEach((t, es) -> {
                List<OffsetFetchResponse.OffsetFetchResponsePartitions> ps = new ArrayList<>();
                es.forEach(e -> ps.add(new OffsetFetchResponse.OffsetFetchResponsePartitions()
                        .setPartitionIndex(e.getKey().partition()).setCommittedOffset(e.getValue())));
                topics.add(new OffsetFetchResponse.OffsetFetchResponseTopics().setName(t).setPartitions(ps));
            });
            return new OffsetFetchResponse().setGroups(new ArrayList<>(List.of(
                    new OffsetFetchResponse.OffsetFetchResponseGroup().setGroupId(GROUP).setTopics(topics))));
        }
        List<OffsetFetchResponse.OffsetFetchResponseTopic> topics = new ArrayList<>();
        byTopic.forEach((t, es) -> {
            List<OffsetFetchResponse.OffsetFetchResponsePartition> ps = new ArrayList<>();
            es.forEach(e -> ps.add(new OffsetFetchResponse.OffsetFetchResponsePartition()
                    .setPartitionIndex(e.getKey().partition()).setCommittedOffset(e.getValue())));
            topics.add(new OffsetFetchResponse.OffsetFetchResponseTopic().setName(t).setPartitions(ps));
        });
        return new OffsetFetchResponse().setTopics(topics);
    }

    /** From the sync at T, moves to T+900 and returns the heartbeat sent then (unanswered). */
    private Received firstHeartbeat() throws Exception {
        advanceTicks(3);
        return expect(ApiKey.HEARTBEAT);
    }

    // ------------------------------------------------------------------------------------------ KIP-848 flows

    /**
     * KIP-848: expects the joining heartbeat (checking every field), answers it with epoch 1, the 900 ms interval and
     * these partitions of orders by topic id, answers the OffsetFetch for them, hears {@code assigned}, and expects the
     * acknowledging heartbeat before the interval: within two ticks (T+600 at most; here T+300). Checks it (epoch 1,
     * TopicPartitions these partitions, unchanged fields null), answers it with {@code ackAnswer} and returns it; the
     * member has handled the answer then.
     */
    private Received joinConsumer(List<Integer> partitions, Supplier<Message> ackAnswer) throws Exception {
        Received joining = expect(ApiKey.CONSUMER_GROUP_HEARTBEAT);
        ConsumerGroupHeartbeatRequest join = (ConsumerGroupHeartbeatRequest) joining.body();
        assertEquals(GROUP, join.groupId());
        assertEquals(0, join.memberEpoch(), "a joining member sends epoch 0");
        assertNotNull(join.memberId());
        assertFalse(join.memberId().isEmpty(), "KIP-1082: the client generates its member id");
        clientMemberId = join.memberId();
        assertJoinFields(join);
        answer(joining, consumerAnswer(1, HEARTBEAT_MS, assignment(Map.of(ORDERS_ID, partitions))));
        Set<TopicPartitionRef> assigned = new HashSet<>();
        partitions.forEach(p -> assigned.add(tp(p)));
        answerOffsetFetch(assigned);
        assertEquals(assigned, expectHeard(Kind.ASSIGNED));
        Received acking = heartbeatWithin(2, tp(partitions.get(0)), ackAnswer);
        ConsumerGroupHeartbeatRequest ack = (ConsumerGroupHeartbeatRequest) acking.body();
        assertEquals(GROUP, ack.groupId());
        assertEquals(clientMemberId, ack.memberId());
        assertEquals(1, ack.memberEpoch());
        assertEquals(Map.of(ORDERS_ID, Set.copyOf(partitions)), ownedIn(ack),
                "the acknowledgement lists the owned partitions by topic id");
        assertUnchangedFieldsLeftOut(ack);
        assertEquals(settings.groupInstanceId(), ack.instanceId());
        return acking;
    }

    /** A joining heartbeat's fields: all of them, TopicPartitions = [] (not null). */
    private void assertJoinFields(ConsumerGroupHeartbeatRequest join) {
        assertEquals(GROUP, join.groupId());
        assertEquals((int) REBALANCE_MS, join.rebalanceTimeoutMs());
        assertEquals(new ArrayList<>(new TreeSet<>(settings.topics())), join.subscribedTopicNames());
        assertNull(join.subscribedTopicRegex());
        assertEquals(ASSIGNOR, join.serverAssignor());
        assertNotNull(join.topicPartitions(), "a joining heartbeat sends TopicPartitions = [], not null");
        assertEquals(List.of(), join.topicPartitions());
        assertEquals(settings.groupInstanceId(), join.instanceId());
    }

    /** The fields of a later heartbeat that never change here: null (or -1), "unchanged since the last one". */
    private static void assertUnchangedFieldsLeftOut(ConsumerGroupHeartbeatRequest hb) {
        assertNull(hb.subscribedTopicNames(), "the subscription did not change: null");
        assertNull(hb.subscribedTopicRegex());
        assertNull(hb.serverAssignor(), "the server assignor did not change: null");
        assertEquals(-1, hb.rebalanceTimeoutMs(), "the rebalance timeout did not change: -1");
    }

    /** Expects the OffsetFetch for exactly these partitions and answers it: committed offset 10 for each. */
    private void answerOffsetFetch(Set<TopicPartitionRef> expected) throws Exception {
        Received fetching = expect(ApiKey.OFFSET_FETCH);
        Set<TopicPartitionRef> asked = asked(fetching);
        assertEquals(expected, asked);
        if (fetching.version() >= 9) {
            // KIP-848 groups check the member on OffsetFetch v9+.
            OffsetFetchRequest.OffsetFetchRequestGroup g = ((OffsetFetchRequest) fetching.body()).groups().get(0);
            assertTrue(g.memberId() != null && !g.memberId().isEmpty(), "the member id");
            assertTrue(g.memberEpoch() > 0, "the member epoch: " + g.memberEpoch());
        }
        Map<TopicPartitionRef, Long> offsets = new java.util.LinkedHashMap<>();
        asked.forEach(tp -> offsets.put(tp, 10L));
        answer(fetching, offsetFetchAnswer(fetching.version(), offsets));
    }

    /**
     * Moves time tick by tick, at most {@code ticks} ticks, until the member sends a ConsumerGroupHeartbeat; answers it
     * with {@code answer} and returns it. After each tick a commit of {@code owned} follows the member's requests: if
     * it comes first, no heartbeat was sent at that tick (the flush trick; the fake broker reads a connection's next
     * request only once the previous one is answered, so the heartbeat is answered before the commit is seen). On
     * return the member has handled the answer. Bounded: fails when no heartbeat came.
     */
    private Received heartbeatWithin(int ticks, TopicPartitionRef owned, Supplier<Message> answer) throws Exception {
        for (int i = 0; i < ticks; i++) {
            advanceTicks(1);
            CompletableFuture<Void> done = new CompletableFuture<>();
            member.tell(new GroupMemberActor.Commit(Map.of(owned, 1L), done));
            Received r = next();
            Received heartbeat = null;
            if (r.api() == ApiKey.CONSUMER_GROUP_HEARTBEAT) {
                heartbeat = r;
                answer(heartbeat, answer.get());
                r = next();
            }
            Received commit = r;
            assertEquals(ApiKey.OFFSET_COMMIT, commit.api(), () -> "expected the flush commit, got " + commit.body());
            answer(commit, commitAnswer((OffsetCommitRequest) commit.body(), (short) 0));
            done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (heartbeat != null) {
                return heartbeat;
            }
        }
        return fail("no ConsumerGroupHeartbeat within " + ticks + " ticks (" + ticks * TICK_MS + " ms)");
    }

    /** A successful ConsumerGroupHeartbeat answer; a null assignment means unchanged. */
    private ConsumerGroupHeartbeatResponse consumerAnswer(int epoch, long intervalMs,
                                                          ConsumerGroupHeartbeatResponse.Assignment assignment) {
        return new ConsumerGroupHeartbeatResponse().setMemberId(clientMemberId).setMemberEpoch(epoch)
                .setHeartbeatIntervalMs((int) intervalMs).setAssignment(assignment);
    }

    private static ConsumerGroupHeartbeatResponse consumerError(short code) {
        return new ConsumerGroupHeartbeatResponse().setErrorCode(code)
                .setErrorMessage("scripted " + KafkaError.forCode(code));
    }

    /** A target assignment by topic id. */
    private static ConsumerGroupHeartbeatResponse.Assignment assignment(Map<Uuid, List<Integer>> target) {
        List<ConsumerGroupHeartbeatResponse.TopicPartitions> topics = new ArrayList<>();
        target.forEach((id, partitions) -> topics.add(new ConsumerGroupHeartbeatResponse.TopicPartitions()
                .setTopicId(id).setPartitions(new ArrayList<>(partitions))));
        return new ConsumerGroupHeartbeatResponse.Assignment().setTopicPartitions(topics);
    }

    /** A heartbeat's TopicPartitions by topic id, or null when it left them out. */
    private static Map<Uuid, Set<Integer>> ownedIn(ConsumerGroupHeartbeatRequest hb) {
        if (hb.topicPartitions() == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> out = new HashMap<>();
        for (ConsumerGroupHeartbeatRequest.TopicPartitions t : hb.topicPartitions()) {
            assertNull(out.put(t.topicId(), Set.copyOf(t.partitions())), "topic id listed twice: " + t.topicId());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ harness

    private static GroupSettings settings(List<Assignor> assignors, String instanceId) {
        return new GroupSettings(GROUP, List.of(TOPIC), null, Duration.ofMillis(SESSION_MS),
                Duration.ofMillis(HEARTBEAT_MS), Duration.ofMillis(REBALANCE_MS), instanceId, assignors, null,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), false, null);
    }

    /** KIP-848 settings: no client assignor, the server-side {@value #ASSIGNOR}; orders unless topics are named. */
    private static GroupSettings consumerSettings(String instanceId, String... topics) {
        return new GroupSettings(GROUP, topics.length == 0 ? List.of(TOPIC) : List.of(topics), null,
                Duration.ofMillis(SESSION_MS), Duration.ofMillis(HEARTBEAT_MS), Duration.ofMillis(REBALANCE_MS),
                instanceId, List.of(), null, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5),
                true, ASSIGNOR);
    }

    /** Starts the broker, the fake cluster (answering the first FindCoordinators with these errors) and the member. */
    private void start(GroupSettings groupSettings, short... coordinatorErrors) throws Exception {
        startWith(groupSettings, b -> { }, coordinatorErrors);
    }

    /** {@link #start}, configuring the broker (e.g. the versions it advertises) before the member connects. */
    private void startWith(GroupSettings groupSettings, Consumer<FakeBroker> configure, short... coordinatorErrors)
            throws Exception {
        settings = groupSettings;
        broker = FakeBroker.start(this::script);
        configure.accept(broker);
        fakeCluster = new FakeCluster(broker.address());
        for (short e : coordinatorErrors) {
            fakeCluster.coordinatorErrors.add(e);
        }
        cluster = KIT.spawn(fakeCluster.behavior());
        ConsumeRouterActor.Control control = new ConsumeRouterActor.Control();
        Delivery<Long> delivery = new Delivery<>(1 << 20, false, control,
                (topic, partition, offset, timestamp, key, value, headers) -> offset, new Delivery.Events() {
                    @Override
                    public void offsetReset(String topic, int partition, long from, long to) {
                    }

                    @Override
                    public void failed(String topic, int partition, Exception error) {
                    }
                }, new java.util.concurrent.CopyOnWriteArrayList<>(), true);
        member = KIT.spawn(GroupMemberActor.create(settings, cluster,
                ConnectionSettings.defaults(broker.address(), "test-client"), ConsumeSettings.defaults(),
                new FetchBudget(1 << 20), delivery, control, null, listener, CLOCK::get));
        settleMember(); // its timers start now, at the current time
    }

    /** What the fake broker does with a request: answer heartbeats at once when asked, else wait for the test. */
    private FakeBroker.Action script(Received r) {
        Exchange e = exchange(r);
        boolean automatic = closing || autoHeartbeats && r.api() == ApiKey.HEARTBEAT;
        e.automatic.complete(automatic);
        if (automatic) {
            return closing ? Ignore.INSTANCE : new Respond(new HeartbeatResponse());
        }
        try {
            return e.answer.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException x) {
            return FakeBroker.Hangup.INSTANCE;
        }
    }

    private Exchange exchange(Received r) {
        synchronized (exchanges) {
            return exchanges.computeIfAbsent(r, k -> new Exchange());
        }
    }

    /** The next request the test answers (ApiVersions and automatic answers skipped). */
    private Received next() throws Exception {
        while (true) {
            Received r = broker.nextRequest();
            if (r.api() != ApiKey.API_VERSIONS
                    && !exchange(r).automatic.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return r;
            }
        }
    }

    private Received expect(ApiKey api) throws Exception {
        Received r = next();
        assertEquals(api, r.api(), () -> "expected " + api + " but the member sent " + r.body());
        return r;
    }

    private void answer(Received r, Message body) {
        exchange(r).answer.complete(new Respond(body));
    }

    private void ignore(Received r) {
        exchange(r).answer.complete(Ignore.INSTANCE);
    }

    /**
     * Proves nothing was sent on the coordinator connection since the last request seen: a commit's OffsetCommit
     * must be the next request. Also waits until every answer given before it was handled (same connection, in order).
     */
    private void flush() throws Exception {
        flush(tp(3));
    }

    /** {@link #flush()} with a commit of this partition, which the member must own. */
    private void flush(TopicPartitionRef owned) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(owned, 1L), done));
        Received commit = expect(ApiKey.OFFSET_COMMIT);
        answer(commit, commitAnswer((OffsetCommitRequest) commit.body(), (short) 0));
        done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns once the member handled everything in its mailbox before this call. */
    private void settleMember() throws Exception {
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        member.tell(new GroupMemberActor.Commit(Map.of(NEVER_OWNED, 0L), barrier));
        assertCommitFails(barrier);
    }

    /** Returns once the fake cluster handled everything in its mailbox before this call. */
    private void settleCluster() {
        TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
        cluster.tell(new ClusterActor.GetMetadata(probe.ref()));
        probe.expectMessageClass(ClusterMetadata.class, WAIT);
    }

    /** Moves the clock and ManualTime by whole ticks of the member's timer, letting the member handle each. */
    private void advanceTicks(int ticks) throws Exception {
        for (int i = 0; i < ticks; i++) {
            CLOCK.addAndGet(TICK_MS);
            TIME.timePasses(Duration.ofMillis(TICK_MS));
            settleMember();
        }
    }

    /** Moves the clock and ManualTime by {@code ms} (a multiple of {@link #STEP_MS}), letting the member handle each. */
    private void advanceMs(long ms) throws Exception {
        for (long t = 0; t < ms; t += STEP_MS) {
            CLOCK.addAndGet(STEP_MS);
            TIME.timePasses(Duration.ofMillis(STEP_MS));
            settleMember();
        }
    }

    private FindCoordinatorRequest expectFindCoordinator() throws InterruptedException {
        FindCoordinatorRequest r = fakeCluster.finds.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "no FindCoordinator reached the cluster");
        return r;
    }

    private Set<TopicPartitionRef> expectHeard(Kind kind) throws InterruptedException {
        Heard h = listener.heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(h, "the listener heard nothing; expected " + kind);
        assertEquals(kind, h.kind(), () -> "heard " + h);
        return h.partitions();
    }

    /**
     * Checks the listener call was made already, without waiting: used when a request just seen can only have been
     * sent after the call returned.
     */
    private void assertHeardAlready(Kind kind, Set<TopicPartitionRef> partitions) {
        assertEquals(new Heard(kind, partitions), listener.heard.poll(), "the listener call came first");
    }

    private void expectStopped() {
        TestProbe<Void> probe = KIT.createTestProbe();
        probe.expectTerminated(member, WAIT);
        memberStopped = true;
    }

    private static void assertCommitFails(CompletableFuture<Void> commit) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> commit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(CommitException.class, e.getCause());
    }

    private static ConsumerProtocol.Subscription subscription(JoinGroupRequest join) {
        return ConsumerProtocol.Subscription.decode(join.protocols().get(0).metadata());
    }

    private static Map<TopicPartitionRef, Long> offsetsOf(OffsetCommitRequest r) {
        Map<TopicPartitionRef, Long> out = new LinkedHashMap<>();
        r.topics().forEach(t -> t.partitions().forEach(p ->
                out.put(new TopicPartitionRef(t.name(), p.partitionIndex()), p.committedOffset())));
        return out;
    }

    private static OffsetCommitResponse commitAnswer(OffsetCommitRequest r, short error) {
        List<OffsetCommitResponse.OffsetCommitResponseTopic> topics = new ArrayList<>();
        for (OffsetCommitRequest.OffsetCommitRequestTopic t : r.topics()) {
            List<OffsetCommitResponse.OffsetCommitResponsePartition> partitions = new ArrayList<>();
            t.partitions().forEach(p -> partitions.add(new OffsetCommitResponse.OffsetCommitResponsePartition()
                    .setPartitionIndex(p.partitionIndex()).setErrorCode(error)));
            topics.add(new OffsetCommitResponse.OffsetCommitResponseTopic().setName(t.name())
                    .setPartitions(partitions));
        }
        return new OffsetCommitResponse().setTopics(topics);
    }

    private static TopicPartitionRef tp(int partition) {
        return new TopicPartitionRef(TOPIC, partition);
    }

    /** A request held by the fake broker: whether it was answered automatically, and the test's answer. */
    private static final class Exchange {
        final CompletableFuture<Boolean> automatic = new CompletableFuture<>();
        final CompletableFuture<FakeBroker.Action> answer = new CompletableFuture<>();
    }

    /** What a listener call was. */
    private enum Kind { ASSIGNED, REVOKED, LOST, FAILED }

    private record Heard(Kind kind, Set<TopicPartitionRef> partitions) {
    }

    /** Records the listener's calls (on the delivery's actor, or the member's); can hold {@code revoked}. */
    private static final class RecordingListener implements GroupListener {
        final LinkedBlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile CountDownLatch block;

        void blockRevoke() {
            block = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch b = block;
            if (b != null) {
                b.countDown();
            }
        }

        @Override
        public void assigned(Set<TopicPartitionRef> partitions) {
            heard.add(new Heard(Kind.ASSIGNED, Set.copyOf(partitions)));
        }

        @Override
        public void revoked(Set<TopicPartitionRef> partitions) {
            heard.add(new Heard(Kind.REVOKED, Set.copyOf(partitions)));
            CountDownLatch b = block;
            if (b != null) {
                try {
                    b.await(30, TimeUnit.SECONDS); // released at the end of the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void lost(Set<TopicPartitionRef> partitions) {
            heard.add(new Heard(Kind.LOST, Set.copyOf(partitions)));
        }

        @Override
        public void failed(Exception error) {
            failure.set(error);
            heard.add(new Heard(Kind.FAILED, Set.of()));
        }
    }

    /**
     * The cluster actor as the member and its consume router see it: a fixed snapshot for every subscriber,
     * FindCoordinator answered with the fake broker (after the queued error codes), ListOffsets recorded, everything
     * else ignored.
     */
    private static final class FakeCluster {
        volatile ClusterMetadata metadata;
        final InetSocketAddress coordinator;
        final Map<Integer, BrokerAddress> brokers;
        final List<ActorRef<ClusterMetadata>> subscribers = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedDeque<Short> coordinatorErrors = new ConcurrentLinkedDeque<>();
        final LinkedBlockingQueue<FindCoordinatorRequest> finds = new LinkedBlockingQueue<>();
        final AtomicInteger findCount = new AtomicInteger();
        final LinkedBlockingQueue<ListOffsetsRequest> listOffsets = new LinkedBlockingQueue<>();

        FakeCluster(InetSocketAddress broker) {
            this.coordinator = broker;
            String host = broker.getAddress().getHostAddress();
            this.brokers = Map.of(0, new BrokerAddress(0, host, broker.getPort(), null));
            this.metadata = snapshot(topic(TOPIC, ORDERS_ID, PARTITIONS));
        }

        /** A topic whose partitions are all led by broker 0 (the fake broker). */
        static TopicState topic(String name, Uuid id, int partitionCount) {
            List<PartitionState> partitions = new ArrayList<>();
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new PartitionState(p, 0, 0, new int[] {0}, new int[] {0}, (short) 0));
            }
            return new TopicState(name, (short) 0, partitions, id);
        }

        private ClusterMetadata snapshot(TopicState... topics) {
            Map<String, TopicState> byName = new HashMap<>();
            for (TopicState t : topics) {
                byName.put(t.name(), t);
            }
            return new ClusterMetadata("fake", 0, brokers, byName, 0L);
        }

        /** Replaces the snapshot and sends it to every subscriber, as the cluster actor does after a refresh. */
        void push(TopicState... topics) {
            metadata = snapshot(topics);
            subscribers.forEach(s -> s.tell(metadata));
        }

        Behavior<ClusterActor.Command> behavior() {
            return Behaviors.receive(ClusterActor.Command.class)
                    .onMessage(ClusterActor.Subscribe.class, this::onSubscribe)
                    .onMessage(ClusterActor.GetMetadata.class, this::onGetMetadata)
                    .onMessage(ClusterActor.SendToAny.class, this::onSendToAny)
                    .onMessage(ClusterActor.SendToNode.class, this::onSendToNode)
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        }

        private Behavior<ClusterActor.Command> onSubscribe(ClusterActor.Subscribe m) {
            subscribers.add(m.listener());
            m.listener().tell(metadata);
            return Behaviors.same();
        }

        private Behavior<ClusterActor.Command> onGetMetadata(ClusterActor.GetMetadata m) {
            m.replyTo().tell(metadata);
            return Behaviors.same();
        }

        private Behavior<ClusterActor.Command> onSendToAny(ClusterActor.SendToAny m) {
            ConnectionActor.Send send = m.request();
            if (send.api() != ApiKey.FIND_COORDINATOR) {
                return Behaviors.same();
            }
            findCount.incrementAndGet();
            Short error = coordinatorErrors.poll();
            FindCoordinatorResponse response = error != null
                    ? new FindCoordinatorResponse().setErrorCode(error).setNodeId(-1)
                    : new FindCoordinatorResponse().setNodeId(0).setHost(coordinator.getAddress().getHostAddress())
                            .setPort(coordinator.getPort());
            send.replyTo().tell(new ConnectionActor.Response(send.tag(), ApiKey.FIND_COORDINATOR, (short) 3,
                    response));
            // The fake cluster answers as a v3 broker: the request of that version's shape (one key).
            finds.add((FindCoordinatorRequest) ((io.kafkadriver.protocol.message.ByVersion) send.request())
                    .at((short) 3));
            return Behaviors.same();
        }

        private Behavior<ClusterActor.Command> onSendToNode(ClusterActor.SendToNode m) {
            if (m.request().api() == ApiKey.LIST_OFFSETS) {
                listOffsets.add((ListOffsetsRequest) m.request().request());
            }
            return Behaviors.same();
        }
    }
}
