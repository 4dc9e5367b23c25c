package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.InitProducerIdRequest;
import io.kafkadriver.protocol.message.InitProducerIdResponse;
import io.kafkadriver.protocol.message.ProduceRequest;
import io.kafkadriver.protocol.record.RecordBatch;
import io.kafkadriver.protocol.record.RecordBatches;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the producer batcher with idempotence, manual time and a probe standing in for the cluster actor. Each
 * InitProducerId and Produce request is answered by hand; the batches' producer id, epoch and base sequence are read
 * from their bytes.
 */
class IdempotentBatcherActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOPIC = "t";
    private static final short NOT_LEADER = 6;
    private static final short OUT_OF_ORDER = 45;
    private static final short FENCED = 90;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ProducerAccounting accounting = new ProducerAccounting(-1);
    private TestProbe<ClusterActor.Command> cluster;
    private ChunkInbox<List<OutgoingRecord>, ProducerBatcherActor.Command> inbox;
    private ActorRef<ProducerBatcherActor.Command> batcher;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @AfterEach
    void stop() {
        if (batcher != null) {
            KIT.stop(batcher);
        }
    }

    private static ProduceSettings settings(int batchRecords) {
        return ProduceSettings.defaults(Duration.ZERO, batchRecords).withIdempotence(true);
    }

    /** ErrorStrategy DISCARD and maxRetry 0: what the idempotent path must not apply to an unknown outcome. */
    private static ProduceSettings discardAndNoRetry(int batchRecords) {
        ProduceSettings d = settings(batchRecords);
        return new ProduceSettings(d.acks(), d.brokerTimeout(), d.linger(), d.batchRecords(), d.batchBytes(),
                d.codec(), d.messageTtl(), false, 0, d.retryBackoff(), d.retryNotEnoughReplicasAfterAppend(),
                d.minInSyncReplicas(), d.recordsBeforeRoundRobin(), d.hashKeys(), d.maxPostponed(),
                d.ignorePartitionTime(), d.byNode(), d.maxInFlightPerNode(), d.routerDrainChunk(), true);
    }

    private void start(ProduceSettings settings) {
        cluster = KIT.createTestProbe();
        TestProbe<ProduceRouterActor.Command> router = KIT.createTestProbe();
        inbox = new ChunkInbox<>(ProducerBatcherActor.Drain.INSTANCE);
        ProduceListener listener = new ProduceListener() {
            @Override
            public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
                events.add("ack " + topic + "-" + partition + "@" + baseOffset + " x" + records.size());
            }

            @Override
            public void dropped(List<OutgoingRecord> records, Drop drop) {
                events.add(drop.kind() + " x" + records.size() + ": " + drop.cause().getMessage());
            }
        };
        batcher = KIT.spawn(ProducerBatcherActor.create(settings, cluster.ref(), inbox, accounting, listener,
                router.ref(), clock::get));
        inbox.bind(batcher);
        ClusterActor.Subscribe subscribe = cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT);
        subscribe.listener().tell(metadata());
    }

    private static ClusterMetadata metadata() {
        List<PartitionState> partitions = List.of(
                new PartitionState(0, 1, 0, new int[] {1, 2}, new int[] {1, 2}, (short) 0),
                new PartitionState(1, 1, 0, new int[] {1, 2}, new int[] {1, 2}, (short) 0));
        return new ClusterMetadata("c", 1, Map.of(1, new BrokerAddress(1, "h1", 9092, null),
                2, new BrokerAddress(2, "h2", 9092, null)), Map.of(TOPIC, new TopicState(TOPIC, (short) 0, partitions)),
                0L);
    }

    private ClusterActor.SendToAny expectInitProducerId() {
        ClusterActor.SendToAny s = cluster.expectMessageClass(ClusterActor.SendToAny.class, WAIT);
        assertEquals(ApiKey.INIT_PRODUCER_ID, s.request().api());
        InitProducerIdRequest r = (InitProducerIdRequest) s.request().request();
        assertEquals(null, r.transactionalId());
        return s;
    }

    private static void grant(ClusterActor.SendToAny s, long id, short epoch) {
        s.request().replyTo().tell(new ConnectionActor.Response(s.request().tag(), ApiKey.INIT_PRODUCER_ID, (short) 4,
                new InitProducerIdResponse().setProducerId(id).setProducerEpoch(epoch)));
    }

    private void offer(int partition, int count) {
        List<OutgoingRecord> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OutgoingRecord r = new OutgoingRecord(TOPIC, partition, null, new byte[] {(byte) i}, null, clock.get(),
                    clock.get(), accounting.admit(), null);
            r.partition = partition;
            chunk.add(r);
        }
        inbox.offer(chunk);
    }

    private void advance(long ms) {
        clock.addAndGet(ms);
        TIME.timePasses(Duration.ofMillis(ms));
    }

    private ClusterActor.SendToNode expectProduce() {
        ClusterActor.SendToNode s = cluster.expectMessageClass(ClusterActor.SendToNode.class, WAIT);
        assertEquals(ApiKey.PRODUCE, s.request().api());
        return s;
    }

    /** The producer id, epoch and base sequence of the request's one batch, after checking its CRC. */
    private static String stamp(ClusterActor.SendToNode s) {
        ByteBuffer b = ((ProduceRequest) s.request().request()).topicData().get(0).partitionData().get(0).records();
        for (RecordBatch batch : RecordBatches.of(b.duplicate())) {
            batch.verify();
        }
        return b.getLong(b.position() + 43) + "/" + b.getShort(b.position() + 51) + "/" + b.getInt(b.position() + 53);
    }

    private static void lose(ClusterActor.SendToNode s) {
        s.request().replyTo().tell(new ConnectionActor.Failed(s.request().tag(),
                new IllegalStateException("connection reset after the request was written"), true));
    }

    /**
     * Lets manual time pass in steps of the retry backoff until the batcher sends a message of the class (answers
     * reach the actor asynchronously, so one step could pass before it set its timer), skipping metadata refreshes.
     */
    private <T extends ClusterActor.Command> T afterBackoff(Class<T> type) {
        for (int step = 0; step < 50; step++) {
            advance(100);
            ClusterActor.Command m;
            try {
                m = cluster.receiveMessage(Duration.ofMillis(100));
            } catch (AssertionError nothingYet) {
                continue;
            }
            if (type.isInstance(m)) {
                return type.cast(m);
            }
            assertTrue(m instanceof ClusterActor.RefreshUrgently, "unexpected " + m);
        }
        throw new AssertionError("no " + type.getSimpleName() + " after 5 s of backoff");
    }

    private void awaitEvents(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(events.size() >= n, "expected " + n + " events, got " + events);
    }

    @Test
    void nothingIsProducedBeforeInitProducerIdThenEveryBatchCarriesTheIdEpochAndItsSequence() {
        start(settings(3));
        ClusterActor.SendToAny init = expectInitProducerId();
        offer(0, 3);
        offer(0, 3);
        cluster.expectNoMessage(Duration.ofMillis(50)); // held for want of a producer id
        grant(init, 42L, (short) 5);
        ClusterActor.SendToNode first = expectProduce();
        ClusterActor.SendToNode second = expectProduce();
        assertEquals("42/5/0", stamp(first));
        assertEquals("42/5/3", stamp(second));
        ProduceAnswers.answer(first, (short) 0, 0);
        ProduceAnswers.answer(second, (short) 0, 3);
        offer(0, 3); // numbered as it is sealed now that the id is known
        ClusterActor.SendToNode third = expectProduce();
        assertEquals("42/5/6", stamp(third));
        ProduceAnswers.answer(third, (short) 0, 6);
        awaitEvents(3);
        assertEquals(List.of("ack t-0@0 x3", "ack t-0@3 x3", "ack t-0@6 x3"), events);
    }

    @Test
    void aFailedInitProducerIdIsAskedAgainAfterTheBackoff() {
        start(settings(3));
        ClusterActor.SendToAny init = expectInitProducerId();
        init.request().replyTo().tell(new ConnectionActor.Response(init.request().tag(), ApiKey.INIT_PRODUCER_ID,
                (short) 4, new InitProducerIdResponse().setErrorCode((short) 15))); // COORDINATOR_NOT_AVAILABLE
        ClusterActor.SendToAny again = afterBackoff(ClusterActor.SendToAny.class); // at a wake-up after the backoff
        assertEquals(ApiKey.INIT_PRODUCER_ID, again.request().api());
        grant(again, 1L, (short) 0);
        offer(0, 3);
        assertEquals("1/0/0", stamp(expectProduce()));
    }

    @Test
    void aFailedInitProducerIdIsAskedAgainWhenNothingElseWakesTheBatcher() {
        // Issue 17 (F10 with idempotence): a one-hour linger and a full buffer that holds the callers back; the
        // retry of a failed InitProducerId must not wait for the linger.
        start(ProduceSettings.defaults(Duration.ofHours(1), 1_000).withIdempotence(true));
        ClusterActor.SendToAny init = expectInitProducerId();
        offer(0, 3);
        init.request().replyTo().tell(new ConnectionActor.Response(init.request().tag(), ApiKey.INIT_PRODUCER_ID,
                (short) 4, new InitProducerIdResponse().setErrorCode((short) 14))); // COORDINATOR_LOAD_IN_PROGRESS
        cluster.expectNoMessage(Duration.ofMillis(100));
        advance(ProduceSettings.defaults(Duration.ZERO, 1).retryBackoff().toMillis());
        ClusterActor.SendToAny again = expectInitProducerId();
        grant(again, 1L, (short) 0);
        batcher.tell(ProducerBatcherActor.FlushNow.INSTANCE);
        assertEquals("1/0/0", stamp(expectProduce()));
    }

    @Test
    void anUnansweredInitProducerIdIsAskedAgainAndTheLateAnswerIsDropped() {
        // Flow: the ask went to a broker node that stopped before answering; after three request timeouts the
        // batcher asks again, and only the answer to the new ask counts.
        start(settings(3));
        ClusterActor.SendToAny lost = expectInitProducerId();
        advance(29_000);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(2_000);
        ClusterActor.SendToAny again = expectInitProducerId();
        grant(lost, 1L, (short) 0); // late: dropped
        grant(again, 2L, (short) 0);
        offer(0, 3);
        assertEquals("2/0/0", stamp(expectProduce()));
    }

    @Test
    void fiveInFlightBehindALeaderChangeAreResentInOrderUnchanged() {
        // Flow: five batches in flight; the first meets NOT_LEADER_OR_FOLLOWER, the four behind it
        // OUT_OF_ORDER_SEQUENCE_NUMBER (the broker misses the first). All come back, then go again in sequence
        // order with the same stamps, and are acknowledged once each.
        start(settings(1));
        grant(expectInitProducerId(), 9L, (short) 0);
        offer(0, 5);
        List<ClusterActor.SendToNode> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(expectProduce());
            assertEquals("9/0/" + i, stamp(sent.get(i)));
        }
        ProduceAnswers.answer(sent.get(0), NOT_LEADER, -1);
        for (int i = 1; i < 5; i++) {
            ProduceAnswers.answer(sent.get(i), OUT_OF_ORDER, -1);
        }
        for (int i = 0; i < 5; i++) {
            ClusterActor.SendToNode again = i == 0 ? afterBackoff(ClusterActor.SendToNode.class) : expectProduce();
            assertEquals("9/0/" + i, stamp(again));
            ProduceAnswers.answer(again, (short) 0, i);
        }
        awaitEvents(5);
        assertEquals(List.of("ack t-0@0 x1", "ack t-0@1 x1", "ack t-0@2 x1", "ack t-0@3 x1", "ack t-0@4 x1"), events);
    }

    @Test
    void aLostAnswerIsResentUnchangedEvenWithDiscardAndNoRetries() {
        start(discardAndNoRetry(2));
        grant(expectInitProducerId(), 9L, (short) 0);
        offer(0, 2);
        ClusterActor.SendToNode first = expectProduce();
        lose(first);
        ClusterActor.SendToNode again = afterBackoff(ClusterActor.SendToNode.class);
        assertEquals(stamp(first), stamp(again));
        lose(again); // still no answer: still no discard
        ClusterActor.SendToNode third = afterBackoff(ClusterActor.SendToNode.class);
        assertEquals("9/0/0", stamp(third));
        ProduceAnswers.answer(third, (short) 46, -1); // DUPLICATE_SEQUENCE_NUMBER: the first attempt was written
        awaitEvents(1);
        assertEquals(List.of("ack t-0@-1 x2"), events);
    }

    @Test
    void outOfOrderOnTheOldestBatchBumpsTheEpochLocallyAndRenumbersFromZero() {
        // Flow: F11. After a bounce the broker no longer has what the partition wrote: the oldest batch is out of
        // order. No InitProducerId: the epoch goes up by one locally and the batches still waiting restart at 0.
        start(settings(1));
        grant(expectInitProducerId(), 9L, (short) 0);
        offer(0, 3);
        ClusterActor.SendToNode a = expectProduce();
        ClusterActor.SendToNode b = expectProduce();
        ClusterActor.SendToNode c = expectProduce();
        ProduceAnswers.answer(a, (short) 0, 0);
        ProduceAnswers.answer(b, OUT_OF_ORDER, -1);
        ProduceAnswers.answer(c, OUT_OF_ORDER, -1);
        ClusterActor.SendToNode b2 = afterBackoff(ClusterActor.SendToNode.class);
        ClusterActor.SendToNode c2 = expectProduce();
        assertEquals("9/1/0", stamp(b2));
        assertEquals("9/1/1", stamp(c2));
        ProduceAnswers.answer(b2, (short) 0, 1);
        ProduceAnswers.answer(c2, (short) 0, 2);
        awaitEvents(3);
        assertEquals(List.of("ack t-0@0 x1", "ack t-0@1 x1", "ack t-0@2 x1"), events);
        cluster.expectNoMessage(Duration.ofMillis(50)); // no second InitProducerId
    }

    @Test
    void producerFencedGetsANewProducerIdAndTheBatchGoesAgainUnderIt() {
        start(settings(1));
        grant(expectInitProducerId(), 9L, (short) 0);
        offer(0, 1);
        ProduceAnswers.answer(expectProduce(), FENCED, -1);
        ClusterActor.SendToAny init = afterBackoff(ClusterActor.SendToAny.class);
        assertEquals(ApiKey.INIT_PRODUCER_ID, init.request().api());
        grant(init, 10L, (short) 0);
        ClusterActor.SendToNode again = expectProduce();
        assertEquals("10/0/0", stamp(again));
        ProduceAnswers.answer(again, (short) 0, 7);
        awaitEvents(1);
        assertEquals(List.of("ack t-0@7 x1"), events);
    }

    @Test
    void anExpiredBatchIsReportedAndTheNextOneFindsTheGapAndRestartsTheSequence() {
        // Flow: a never gets an answer that says it was written; it expires (reported) once nothing is in flight.
        // b keeps its number: OUT_OF_ORDER proves a was not written, and b goes again as 0 under the next epoch.
        start(settings(1).withMessageTtl(Duration.ofSeconds(2)));
        grant(expectInitProducerId(), 9L, (short) 0);
        offer(0, 1);
        ClusterActor.SendToNode a = expectProduce();
        advance(2500);
        cluster.expectNoMessage(Duration.ofMillis(50)); // in flight: not expired under it
        ProduceAnswers.answer(a, (short) 7, -1); // REQUEST_TIMED_OUT: unknown outcome, past the TTL
        awaitEvents(1);
        assertTrue(events.get(0).startsWith("EXPIRED x1: 1 record(s) for t-0 expired after 2000 ms"), events.get(0));
        offer(0, 1);
        ClusterActor.SendToNode b = expectProduce();
        assertEquals("9/0/1", stamp(b));
        ProduceAnswers.answer(b, OUT_OF_ORDER, -1);
        ClusterActor.SendToNode b2 = afterBackoff(ClusterActor.SendToNode.class);
        assertEquals("9/1/0", stamp(b2));
        ProduceAnswers.answer(b2, (short) 0, 0);
        awaitEvents(2);
        assertEquals("ack t-0@0 x1", events.get(1));
    }
}
