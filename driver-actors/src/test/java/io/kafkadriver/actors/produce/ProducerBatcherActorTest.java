package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.message.ApiKey;
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
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The producer batcher with manual time, a probe standing in for the cluster actor (so each Produce request is
 * inspected and answered by hand): linger, batch size, one batch in flight per partition, retries after a leader
 * change, TTL expiry, and acknowledgements handled before queued records.
 */
class ProducerBatcherActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOPIC = "t";

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final ProducerAccounting accounting = new ProducerAccounting(-1);
    private TestProbe<ClusterActor.Command> cluster;
    private TestProbe<ProduceRouterActor.Command> router;
    private ChunkInbox<List<OutgoingRecord>, ProducerBatcherActor.Command> inbox;
    private ActorRef<ProducerBatcherActor.Command> batcher;
    private long sequence;
    private volatile Boolean inboxEmptyAtFirstAck;

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

    private void start(ProduceSettings settings, int leader) {
        start(settings, leader, false);
    }

    private void start(ProduceSettings settings, int leader, boolean restartOnFailure) {
        cluster = KIT.createTestProbe();
        router = KIT.createTestProbe();
        inbox = new ChunkInbox<>(ProducerBatcherActor.Drain.INSTANCE);
        ProduceListener listener = new ProduceListener() {
            @Override
            public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
                if (inboxEmptyAtFirstAck == null) {
                    inboxEmptyAtFirstAck = inbox.isEmpty();
                }
                events.add("ack " + topic + "-" + partition + "@" + baseOffset + " x" + records.size());
            }

            @Override
            public void dropped(List<OutgoingRecord> records, Drop drop) {
                events.add(drop.kind() + " x" + records.size() + ": " + drop.cause().getMessage());
            }
        };
        Behavior<ProducerBatcherActor.Command> behavior = ProducerBatcherActor.create(settings, cluster.ref(), inbox,
                accounting, listener, router.ref(), clock::get);
        batcher = KIT.spawn(restartOnFailure ? Behaviors.supervise(behavior).onFailure(SupervisorStrategy.restart())
                : behavior);
        inbox.bind(batcher);
        ClusterActor.Subscribe subscribe = cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT);
        subscribe.listener().tell(metadata(leader));
    }

    private static ClusterMetadata metadata(int leader) {
        List<PartitionState> partitions = List.of(
                new PartitionState(0, leader, 0, new int[] {1, 2}, new int[] {1, 2}, (short) 0),
                new PartitionState(1, leader, 0, new int[] {1, 2}, new int[] {1, 2}, (short) 0));
        return new ClusterMetadata("c", 1, Map.of(1, new BrokerAddress(1, "h1", 9092, null),
                2, new BrokerAddress(2, "h2", 9092, null)), Map.of(TOPIC, new TopicState(TOPIC, (short) 0, partitions)),
                0L);
    }

    private void offer(int partition, int count) {
        List<OutgoingRecord> chunk = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OutgoingRecord r = new OutgoingRecord(TOPIC, partition, null, new byte[] {(byte) i}, null, clock.get(),
                    clock.get(), accounting.admit(), null);
            r.partition = partition;
            chunk.add(r);
            sequence++;
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

    private static int records(ClusterActor.SendToNode s, int partition) {
        ProduceRequest r = (ProduceRequest) s.request().request();
        int n = 0;
        for (ProduceRequest.TopicProduceData t : r.topicData()) {
            for (ProduceRequest.PartitionProduceData p : t.partitionData()) {
                if (p.index() == partition) {
                    for (RecordBatch b : RecordBatches.of(p.records().duplicate())) {
                        n += b.records(1 << 20).size();
                    }
                }
            }
        }
        return n;
    }

    private static ProduceSettings settings(long lingerMs, int batchRecords) {
        return ProduceSettings.defaults(Duration.ofMillis(lingerMs), batchRecords);
    }

    @Test
    void aBatchGoesOutWhenItsLingerHasRunOutSinceItsFirstRecordNotItsLast() {
        start(settings(50, 100), 1);
        offer(0, 3);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(30);
        offer(0, 2); // a later append does not reset the linger
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(19);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(1);
        ClusterActor.SendToNode s = expectProduce();
        assertEquals(1, s.nodeId());
        assertEquals(5, records(s, 0));
        ProduceAnswers.answer(s, (short) 0, 40);
        awaitEvents(1);
        assertEquals(List.of("ack t-0@40 x5"), events);
        assertEquals(0, accounting.buffered());
    }

    @Test
    void aDueBatchTakesTheOpenBatchesOfTheOtherPartitionsOfItsBrokerInTheSameRequest() {
        // Issue 19: one request per partition and linger kept a broker's in-flight slots nearly full at 50k/s.
        start(settings(50, 100), 1);
        offer(0, 3);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(30);
        offer(1, 2); // its own linger would run out at 80
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(20);
        ClusterActor.SendToNode s = expectProduce();
        assertEquals(3, records(s, 0));
        assertEquals(2, records(s, 1), "the other partition's open batch rides along");
        advance(30);
        cluster.expectNoMessage(Duration.ofMillis(50)); // nothing was left to go at 80
        ProduceAnswers.answer(s, (short) 0, 40);
        awaitEvents(2);
        assertEquals(0, accounting.buffered());
    }

    @Test
    void aFullBatchGoesOutAtOnceAndWithOneInFlightAPartitionWaitsForItsAnswer() {
        start(settings(60_000, 10).withMaxInFlight(1), 1);
        offer(0, 10);
        ClusterActor.SendToNode first = expectProduce();
        assertEquals(10, records(first, 0));
        offer(0, 10);
        offer(1, 10);
        cluster.expectNoMessage(Duration.ofMillis(50)); // one request in flight to the broker
        ProduceAnswers.answer(first, (short) 0, 0);
        ClusterActor.SendToNode second = expectProduce(); // one request: a batch of each partition
        assertEquals(10, records(second, 0));
        assertEquals(10, records(second, 1));
        ProduceAnswers.answer(second, (short) 0, 10);
        awaitEvents(3);
        assertEquals(List.of("ack t-0@0 x10", "ack t-0@10 x10", "ack t-1@10 x10"), events.stream().sorted().toList());
    }

    @Test
    void aBatchRefusedByAnOldLeaderIsSentAgainToTheNewOneBeforeLaterRecords() {
        start(settings(60_000, 5).withMaxInFlight(1), 1);
        offer(0, 5);
        ClusterActor.SendToNode first = expectProduce();
        offer(0, 5); // a later batch, sealed while the first is in flight
        ProduceAnswers.answer(first, (short) 6, -1); // NOT_LEADER_OR_FOLLOWER
        // The error asks for fresh metadata (F4) and tells the router to skip the partition for a while.
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        router.expectMessageClass(ProduceRouterActor.PartitionTrouble.class, WAIT);
        // The new metadata names broker 2; after the backoff the same batch goes there, first.
        batcherMetadata(2);
        advance(100);
        ClusterActor.SendToNode retry = expectProduce();
        assertEquals(2, retry.nodeId());
        assertEquals(5, records(retry, 0));
        assertEquals(((ProduceRequest) first.request().request()).topicData().get(0).partitionData().get(0)
                .records(), ((ProduceRequest) retry.request().request()).topicData().get(0).partitionData().get(0)
                .records(), "the very batch that was refused");
        ProduceAnswers.answer(retry, (short) 0, 0);
        ClusterActor.SendToNode later = expectProduce();
        assertEquals(2, later.nodeId());
        ProduceAnswers.answer(later, (short) 0, 5);
        awaitEvents(2);
        assertEquals(List.of("ack t-0@0 x5", "ack t-0@5 x5"), events);
    }

    @Test
    void aDueBatchWhosePartitionCannotSendKeepsFillingUntilASlotFrees() {
        start(settings(0, 1000).withMaxInFlight(1), 1); // linger 0, one request in flight
        offer(0, 1);
        ClusterActor.SendToNode first = expectProduce();
        assertEquals(1, records(first, 0));
        for (int i = 0; i < 10; i++) {
            offer(0, 1); // due at once, but the slot is taken: no one-record batches pile up
        }
        cluster.expectNoMessage(Duration.ofMillis(100));
        ProduceAnswers.answer(first, (short) 0, 0);
        ClusterActor.SendToNode second = expectProduce();
        assertEquals(10, records(second, 0), "the ten records went out together");
        ProduceAnswers.answer(second, (short) 0, 1);
        awaitEvents(2);
        assertEquals(List.of("ack t-0@0 x1", "ack t-0@1 x10"), events);
    }

    @Test
    void batchesPipelinedToAnOldLeaderAreAllSentAgainInTheirOrder() {
        start(settings(60_000, 2), 1); // up to 5 batches of a partition in flight
        offer(0, 2);
        ClusterActor.SendToNode first = expectProduce();
        offer(0, 2);
        ClusterActor.SendToNode second = expectProduce();
        offer(0, 2);
        ClusterActor.SendToNode third = expectProduce();
        assertEquals(List.of(1, 1, 1), List.of(first.nodeId(), second.nodeId(), third.nodeId()));
        ProduceAnswers.answer(first, (short) 6, -1); // NOT_LEADER_OR_FOLLOWER: the others are refused too, later
        // The refusal is handled (it asks for a refresh) before the fourth batch comes: offered earlier, the fourth
        // would rightly be pipelined behind the three.
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        offer(0, 2); // a fourth batch must not overtake the three
        batcherMetadata(2);
        cluster.expectNoMessage(Duration.ofMillis(50)); // the metadata is handled before time moves
        advance(100);
        cluster.expectNoMessage(Duration.ofMillis(50)); // two batches are still out: nothing is sent meanwhile
        ProduceAnswers.answer(second, (short) 6, -1);
        ProduceAnswers.answer(third, (short) 6, -1);
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        // The refresh is told before the reply's handler sets the retry timer: let it finish before time moves.
        cluster.expectNoMessage(Duration.ofMillis(100));
        advance(100);
        List<ByteBuffer> resent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClusterActor.SendToNode s = expectProduce();
            assertEquals(2, s.nodeId());
            resent.add(((ProduceRequest) s.request().request()).topicData().get(0).partitionData().get(0).records());
            ProduceAnswers.answer(s, (short) 0, 2L * i);
        }
        assertEquals(List.of(batch(first), batch(second), batch(third)), resent.subList(0, 3), "original order");
        awaitEvents(4);
        assertEquals(List.of("ack t-0@0 x2", "ack t-0@2 x2", "ack t-0@4 x2", "ack t-0@6 x2"), events);
    }

    private static ByteBuffer batch(ClusterActor.SendToNode s) {
        return ((ProduceRequest) s.request().request()).topicData().get(0).partitionData().get(0).records();
    }

    private void batcherMetadata(int leader) {
        batcher.tell(new ProducerBatcherActor.MetadataUpdate(metadata(leader)));
    }

    @Test
    void aBatchThatCannotBeDeliveredExpiresAfterTheTtlWithAnEvent() {
        start(settings(10, 100).withMessageTtl(Duration.ofSeconds(2)), -1); // no leader
        offer(0, 4);
        advance(10);
        // Nothing is sent; the batcher asks for newer metadata naming a leader (issue 17).
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(2000);
        awaitEvents(1);
        assertTrue(events.get(0).startsWith("EXPIRED x4: 4 record(s) for t-0 expired after 2000 ms (messageTtl):"
                + " the partition has no known leader"), events.get(0));
        assertEquals(0, accounting.buffered());
    }

    @Test
    void aConnectionLossRetriesWithRetryAndDiscardsWhatMayHaveBeenWrittenWithDiscard() {
        ProduceSettings d = settings(60_000, 3);
        ProduceSettings discard = new ProduceSettings(d.acks(), d.brokerTimeout(), d.linger(), d.batchRecords(),
                d.batchBytes(), d.codec(), d.messageTtl(), false, d.maxRetry(), d.retryBackoff(),
                d.retryNotEnoughReplicasAfterAppend(), d.minInSyncReplicas(), d.recordsBeforeRoundRobin(),
                d.hashKeys(), d.maxPostponed(), d.ignorePartitionTime(), d.byNode(), d.maxInFlightPerNode(),
                d.routerDrainChunk(), false);
        start(discard, 1);
        offer(0, 3);
        ClusterActor.SendToNode first = expectProduce();
        first.request().replyTo().tell(new ConnectionActor.Failed(first.request().tag(),
                new IllegalStateException("connection reset"), false));
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT); // the broker may be gone
        advance(100);
        ClusterActor.SendToNode again = expectProduce(); // never written: always sent again
        again.request().replyTo().tell(new ConnectionActor.Failed(again.request().tag(),
                new IllegalStateException("connection reset"), true));
        awaitEvents(1);
        assertTrue(events.get(0).startsWith("DISCARDED x3: 3 record(s) for t-0 discarded: their Produce request to"
                + " broker 1 got no answer"), events.get(0));
    }

    /** retryIfNotEnoughReplicasAfterAppend: the data was written, so by default the answer acknowledges it. */
    @Test
    void notEnoughReplicasAfterAppendAcknowledgesUnlessTheSettingResendsIt() {
        start(settings(60_000, 2), 1);
        offer(0, 2);
        ProduceAnswers.answer(expectProduce(), (short) 20, 7); // NOT_ENOUGH_REPLICAS_AFTER_APPEND
        awaitEvents(1);
        assertEquals("ack t-0@7 x2", events.get(0), "kafka-sharp's default: a success");
        KIT.stop(batcher);
        events.clear();

        ProduceSettings d = settings(60_000, 2);
        ProduceSettings resend = new ProduceSettings(d.acks(), d.brokerTimeout(), d.linger(), d.batchRecords(),
                d.batchBytes(), d.codec(), d.messageTtl(), d.retryUnknownOutcome(), d.maxRetry(), d.retryBackoff(),
                true, d.minInSyncReplicas(), d.recordsBeforeRoundRobin(), d.hashKeys(), d.maxPostponed(),
                d.ignorePartitionTime(), d.byNode(), d.maxInFlightPerNode(), d.routerDrainChunk(), false);
        start(resend, 1);
        offer(0, 2);
        ProduceAnswers.answer(expectProduce(), (short) 20, 7);
        // The answer raises no event to wait on: move the clock a backoff at a time until the batch goes again.
        ClusterActor.SendToNode again = null;
        for (int step = 0; step < 50 && again == null; step++) {
            advance(100);
            try {
                again = cluster.expectMessageClass(ClusterActor.SendToNode.class, Duration.ofMillis(100));
            } catch (AssertionError notYet) {
                // the answer was not handled yet when the clock moved
            }
        }
        assertTrue(again != null, "the batch was sent again");
        assertEquals(2, records(again, 0), "the batch is sent again");
        assertEquals(List.of(), events, "and not acknowledged before its second answer");
        ProduceAnswers.answer(again, (short) 0, 9);
        awaitEvents(1);
        assertEquals("ack t-0@9 x2", events.get(0));
    }

    @Test
    void aBatchThatRodeAFailedConnectionNeverLendsItsBufferToALaterBatch() {
        start(settings(60_000, 3), 1);
        offer(0, 3);
        ClusterActor.SendToNode a = expectProduce();
        byte[] aBytes = batch(a).array();
        ProduceAnswers.answer(a, (short) 0, 0);
        awaitEvents(1);
        offer(0, 3);
        ClusterActor.SendToNode b = expectProduce();
        assertSame(aBytes, batch(b).array(), "an acknowledged batch's buffer is reused");
        // b's connection dies after writing it: the dying stream may still read its bytes, so even once b is
        // acknowledged on the next connection its buffer must not carry another batch.
        b.request().replyTo().tell(new ConnectionActor.Failed(b.request().tag(),
                new IllegalStateException("connection reset"), true));
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        advance(100);
        ClusterActor.SendToNode bAgain = expectProduce();
        assertSame(aBytes, batch(bAgain).array(), "the retry sends the same bytes");
        ProduceAnswers.answer(bAgain, (short) 0, 3);
        awaitEvents(2);
        offer(0, 3);
        ClusterActor.SendToNode c = expectProduce();
        assertNotSame(aBytes, batch(c).array(), "the buffer of a batch that rode a failed connection is not pooled");
        assertEquals(List.of("ack t-0@0 x3", "ack t-0@3 x3"), events);
    }

    @Test
    void aBatcherThatFailsReportsWhatItHeldAndGoesOnAfterItsRestart() {
        start(settings(60_000, 100), 1, true);
        offer(0, 3); // an open batch, lingering
        cluster.expectNoMessage(Duration.ofMillis(50));
        batcher.tell(new ProducerBatcherActor.MetadataUpdate(null)); // a bad message: the batcher fails
        awaitEvents(1);
        assertTrue(events.get(0).startsWith("DISCARDED x3: 3 record(s) for t-0 not acknowledged"), events.get(0));
        // The restarted batcher subscribes again, drains its inbox, and sends what comes next.
        ClusterActor.Subscribe again = cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT);
        again.listener().tell(metadata(1));
        offer(0, 100); // a full batch goes out at once
        ProduceAnswers.answer(expectProduce(), (short) 0, 0);
        awaitEvents(2);
        assertEquals("ack t-0@0 x100", events.get(1));
        assertEquals(0, accounting.buffered(), "every record acknowledged or reported");
    }

    @Test
    void acknowledgementsAreHandledBeforeQueuedRecords() {
        start(settings(60_000, 1), 1);
        offer(0, 1);
        ClusterActor.SendToNode first = expectProduce();
        for (int i = 0; i < 5000; i++) {
            offer(1, 1); // one wake-up for all of these; drained 64 chunks per turn
        }
        ProduceAnswers.answer(first, (short) 0, 0); // queued in the mailbox behind the first wake-up
        awaitEvents(1);
        assertFalse(inboxEmptyAtFirstAck, "the acknowledgement was handled while records still waited");
    }

    @Test
    void aBatchRefusedForItsSizeIsSentAgainInHalvesAndOnlyARecordTooLargeAloneIsDiscarded() {
        // Issue 17: MESSAGE_TOO_LARGE (10) on a batch of 4: its halves go again in order, each acknowledged; a
        // batch of one refused so is discarded with the broker's reason.
        start(settings(0, 4), 1);
        offer(0, 4);
        ClusterActor.SendToNode whole = expectProduce();
        assertEquals(4, records(whole, 0));
        ProduceAnswers.answer(whole, (short) 10, -1);
        ClusterActor.SendToNode first = expectProduce();
        ClusterActor.SendToNode second = expectProduce();
        assertEquals(2, records(first, 0));
        assertEquals(0, RecordBatches.of(batch(first).duplicate()).iterator().next().records(1 << 20).get(0)
                .value().get(0), "the first half starts with record 0");
        assertEquals(2, records(second, 0));
        ProduceAnswers.answer(first, (short) 0, 100);
        ProduceAnswers.answer(second, (short) 0, 102);
        awaitEvents(2);
        assertEquals(List.of("ack t-0@100 x2", "ack t-0@102 x2"), events);
        offer(0, 1);
        advance(1);
        ProduceAnswers.answer(expectProduce(), (short) 10, -1);
        awaitEvents(3);
        assertTrue(events.get(2).startsWith("DISCARDED x1") && events.get(2).contains("MESSAGE_TOO_LARGE"),
                events.get(2));
    }

    @Test
    void batchesWaitingForALeaderlessPartitionAskForNewerMetadata() {
        // Issue 17: a whole cluster back from an outage answers metadata before its elections are done; the
        // records must not wait for the periodic refresh (minutes) while they expire.
        start(settings(0, 10), -1);
        offer(0, 3);
        advance(1_000); // the expiry tick
        assertTrue(cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT) != null);
        batcherMetadata(1); // the leader is known: the batch goes
        assertEquals(3, records(expectProduce(), 0));
    }

    @Test
    void aPartitionWhoseRetriedBatchExpiredSendsItsNextBatchesAgain() {
        // Issue 17 (the cluster down longer than the TTL): a batch refused and queued again, then expired while the
        // partition had no leader, must not leave the partition marked as retrying: its next batch goes out when its
        // linger ends, instead of lingering until it expires in turn (or a flush).
        start(settings(10, 100).withMessageTtl(Duration.ofSeconds(2)), 1);
        offer(0, 3);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(10);
        ClusterActor.SendToNode first = expectProduce();
        first.request().replyTo().tell(new ConnectionActor.Failed(first.request().tag(),
                new IllegalStateException("connection refused"), false));
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        batcherMetadata(-1); // the whole cluster is down: no leader
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(2_000);
        awaitEvents(1);
        assertTrue(events.get(0).startsWith("EXPIRED x3"), events.get(0));
        batcherMetadata(1); // back
        offer(0, 2);
        cluster.expectNoMessage(Duration.ofMillis(50));
        advance(10);
        assertEquals(2, records(expectProduceSkippingRefreshes(), 0));
    }

    private ClusterActor.SendToNode expectProduceSkippingRefreshes() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ClusterActor.Command c = cluster.receiveMessage(WAIT);
            if (c instanceof ClusterActor.SendToNode s) {
                assertEquals(ApiKey.PRODUCE, s.request().api());
                return s;
            }
            assertTrue(c instanceof ClusterActor.RefreshUrgently, "unexpected " + c);
        }
        throw new AssertionError("no Produce request within " + WAIT);
    }

    private void awaitEvents(int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(events.size() >= n, "expected " + n + " events, got " + events);
    }
}
