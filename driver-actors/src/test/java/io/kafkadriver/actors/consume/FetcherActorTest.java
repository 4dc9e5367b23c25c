package io.kafkadriver.actors.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.FetchRequest;
import io.kafkadriver.protocol.message.FetchResponse;
import io.kafkadriver.protocol.compress.CompressionCodec;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fetcher against a probe standing in for the cluster actor: it opens a fetch session (KIP-227), fetches
 * incrementally, forgets paused partitions, starts over in full after a session error, and gives a partition back
 * to the router on OFFSET_OUT_OF_RANGE.
 */
class FetcherActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final TopicPartitionRef P0 = new TopicPartitionRef("t", 0);
    private static final TopicPartitionRef P1 = new TopicPartitionRef("t", 1);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private final List<FetchedChunk> delivered = new CopyOnWriteArrayList<>();
    private final ConsumeListener listener = new ConsumeListener() {
        @Override
        public void deliver(FetchedChunk chunk) {
            delivered.add(chunk);
            chunk.done().run();
        }

        @Override
        public void offsetReset(String topic, int partition, long from, long to, long logStart) {
        }

        @Override
        public void partitionFailed(String topic, int partition, Exception error) {
        }
    };

    private ActorRef<FetcherActor.Command> fetcher(TestProbe<ClusterActor.Command> cluster,
                                                  TestProbe<ConsumeRouterActor.Command> router, FetchBudget budget) {
        return KIT.spawn(FetcherActor.create(1, ConsumeSettings.defaults(), cluster.ref(), router.ref(), listener,
                budget, System::currentTimeMillis));
    }

    private static ClusterActor.SendToNode expectFetch(TestProbe<ClusterActor.Command> cluster) {
        ClusterActor.SendToNode s = cluster.expectMessageClass(ClusterActor.SendToNode.class, WAIT);
        assertEquals(ApiKey.FETCH, s.request().api());
        return s;
    }

    private static FetchRequest request(ClusterActor.SendToNode s) {
        return (FetchRequest) s.request().request();
    }

    private static List<Integer> partitions(FetchRequest r) {
        List<Integer> out = new ArrayList<>();
        r.topics().forEach(t -> t.partitions().forEach(p -> out.add(p.partition())));
        out.sort(Integer::compare);
        return out;
    }

    private static void answer(ClusterActor.SendToNode s, short topError, int sessionId, short partitionError) {
        List<FetchResponse.PartitionData> parts = new ArrayList<>();
        for (FetchRequest.FetchTopic t : request(s).topics()) {
            for (FetchRequest.FetchPartition p : t.partitions()) {
                parts.add(new FetchResponse.PartitionData().setPartitionIndex(p.partition())
                        .setErrorCode(partitionError).setHighWatermark(0));
            }
        }
        FetchResponse response = new FetchResponse().setErrorCode(topError).setSessionId(sessionId)
                .setResponses(new ArrayList<>(List.of(new FetchResponse.FetchableTopicResponse().setTopic("t")
                        .setPartitions(parts))));
        s.request().replyTo().tell(new ConnectionActor.Response(s.request().tag(), ApiKey.FETCH, (short) 12,
                response));
    }

    @Test
    void aSessionIsOpenedThenFetchesAreIncrementalAndPausedPartitionsForgotten() {
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        TestProbe<ConsumeRouterActor.Command> router = KIT.createTestProbe();
        FetchBudget budget = new FetchBudget(10 << 20);
        ActorRef<FetcherActor.Command> fetcher = fetcher(cluster, router, budget);
        fetcher.tell(new FetcherActor.Assign(P0, 5));
        ClusterActor.SendToNode full = expectFetch(cluster);
        assertEquals(0, request(full).sessionId());
        assertEquals(0, request(full).sessionEpoch(), "a full fetch that asks for a session");
        fetcher.tell(new FetcherActor.Assign(P1, 9)); // joins the next request
        answer(full, (short) 0, 77, (short) 0);
        ClusterActor.SendToNode incremental = expectFetch(cluster);
        assertEquals(77, request(incremental).sessionId());
        assertEquals(1, request(incremental).sessionEpoch());
        assertEquals(List.of(0, 1), partitions(request(incremental)));
        fetcher.tell(new FetcherActor.SetPaused(P0, true));
        answer(incremental, (short) 0, 77, (short) 0);
        ClusterActor.SendToNode afterPause = expectFetch(cluster);
        assertEquals(2, request(afterPause).sessionEpoch());
        assertEquals(List.of(1), partitions(request(afterPause)));
        assertEquals(List.of(0), request(afterPause).forgottenTopicsData().get(0).partitions(),
                "the paused partition leaves the session, or the broker would go on fetching it");
        answer(afterPause, (short) 71, 0, (short) 0); // INVALID_FETCH_SESSION_EPOCH
        ClusterActor.SendToNode abandoned = expectFetch(cluster);
        assertEquals(77, request(abandoned).sessionId(), "the session left behind is closed on the broker");
        assertEquals(-1, request(abandoned).sessionEpoch());
        assertTrue(request(abandoned).topics().isEmpty());
        ClusterActor.SendToNode restarted = expectFetch(cluster);
        assertEquals(0, request(restarted).sessionId(), "a session error starts over with a full fetch");
        assertEquals(0, request(restarted).sessionEpoch());
        answer(restarted, (short) 0, 78, (short) 1); // OFFSET_OUT_OF_RANGE for partition 1
        ConsumeRouterActor.FetcherReleased released = router.expectMessageClass(
                ConsumeRouterActor.FetcherReleased.class, WAIT);
        assertEquals(P1, released.tp());
        assertEquals(9, released.position());
        assertEquals(ConsumeRouterActor.ReleaseReason.OUT_OF_RANGE, released.reason());
        assertTrue(released.detail().contains("OFFSET_OUT_OF_RANGE"), released.detail());
        // The fetcher gives the unused reservation back after telling the router: wait for it, bounded.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (budget.used() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, budget.used(), "every reserved byte came back");
        KIT.stop(fetcher);
    }

    /**
     * Flow: a close asked while a Fetch is in flight waits for its answer (which opens session 77), then a last Fetch
     * closes the session (epoch -1, no partitions); its answer is the close's reply, and nothing more is fetched. A
     * fetcher without a session answers a close at once.
     */
    @Test
    void aCloseEndsTheFetchSessionWithTheFinalEpochOnceTheFetchInFlightIsAnswered() {
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        TestProbe<ConsumeRouterActor.Command> router = KIT.createTestProbe();
        TestProbe<FetcherActor.SessionClosed> closed = KIT.createTestProbe();
        ActorRef<FetcherActor.Command> fetcher = fetcher(cluster, router, new FetchBudget(10 << 20));
        fetcher.tell(new FetcherActor.Assign(P0, 5));
        ClusterActor.SendToNode full = expectFetch(cluster);
        fetcher.tell(new FetcherActor.CloseSession(closed.ref()));
        closed.expectNoMessage(java.time.Duration.ofMillis(50)); // the Fetch in flight may open the session
        answer(full, (short) 0, 77, (short) 0);
        ClusterActor.SendToNode last = expectFetch(cluster);
        assertEquals(77, request(last).sessionId());
        assertEquals(-1, request(last).sessionEpoch(), "the final epoch closes the session");
        assertTrue(request(last).topics().isEmpty(), "a closing Fetch names no partition");
        closed.expectNoMessage(java.time.Duration.ofMillis(50));
        last.request().replyTo().tell(new ConnectionActor.Response(last.request().tag(), ApiKey.FETCH, (short) 12,
                new FetchResponse()));
        assertEquals(1, closed.expectMessageClass(FetcherActor.SessionClosed.class, WAIT).node());
        fetcher.tell(new FetcherActor.Delivered(P0));
        cluster.expectNoMessage(java.time.Duration.ofMillis(100)); // closing: nothing is fetched any more
        fetcher.tell(new FetcherActor.CloseSession(closed.ref())); // no session now: answered at once
        closed.expectMessageClass(FetcherActor.SessionClosed.class, WAIT);
        KIT.stop(fetcher);
    }

    @Test
    void anAnswerThatFailsItsChecksumIsNotDeliveredAndThePartitionIsFetchedAgainFromTheSameOffset() {
        // Issue 17: a byte flipped on the way from the broker. The official client checks CRCs too (check.crcs).
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        TestProbe<ConsumeRouterActor.Command> router = KIT.createTestProbe();
        FetchBudget budget = new FetchBudget(10 << 20);
        ActorRef<FetcherActor.Command> fetcher = fetcher(cluster, router, budget);
        fetcher.tell(new FetcherActor.Assign(P0, 5));
        ClusterActor.SendToNode fetch = expectFetch(cluster);
        ByteBuffer records = batch(5, 3);
        int last = records.limit() - 1;
        records.put(last, (byte) ~records.get(last)); // inside the last record's value
        answerWith(fetch, records);
        ConsumeRouterActor.FetcherReleased released = router.expectMessageClass(
                ConsumeRouterActor.FetcherReleased.class, WAIT);
        assertEquals(ConsumeRouterActor.ReleaseReason.CORRUPT, released.reason());
        assertEquals(5, released.position(), "fetched again from where it was");
        assertTrue(released.detail().contains("CRC mismatch"), released.detail());
        assertEquals(List.of(), delivered, "nothing of the damaged answer is delivered");

        // An offset the checksum does not cover (the base offset) damaged: beyond the high watermark, refused too.
        fetcher.tell(new FetcherActor.Assign(P0, 5));
        ByteBuffer moved = batch(5, 3);
        moved.putLong(0, 5L + (1L << 40));
        answerWith(expectFetch(cluster), moved);
        ConsumeRouterActor.FetcherReleased again = router.expectMessageClass(
                ConsumeRouterActor.FetcherReleased.class, WAIT);
        assertEquals(ConsumeRouterActor.ReleaseReason.CORRUPT, again.reason());
        assertTrue(again.detail().contains("high watermark 8"), again.detail());
        assertEquals(List.of(), delivered);

        // Fetched again, the same batch undamaged is delivered.
        fetcher.tell(new FetcherActor.Assign(P0, 5));
        answerWith(expectFetch(cluster), batch(5, 3));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (delivered.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, delivered.size());
        assertEquals(8, delivered.get(0).nextOffset());
        KIT.stop(fetcher);
    }

    private static ByteBuffer batch(long baseOffset, int records) {
        RecordBatchBuilder b = new RecordBatchBuilder().reset(CompressionCodec.NONE);
        for (int i = 0; i < records; i++) {
            b.append(1_000L + i, null, new byte[] {(byte) i, 42}, List.of());
        }
        ByteBuffer out = b.buildDetached();
        out.putLong(0, baseOffset); // the base offset is outside the CRC
        return out;
    }

    private static void answerWith(ClusterActor.SendToNode s, ByteBuffer records) {
        FetchResponse response = new FetchResponse().setErrorCode((short) 0).setSessionId(0)
                .setResponses(new ArrayList<>(List.of(new FetchResponse.FetchableTopicResponse().setTopic("t")
                        .setPartitions(new ArrayList<>(List.of(new FetchResponse.PartitionData().setPartitionIndex(0)
                                .setHighWatermark(8).setRecords(records)))))));
        s.request().replyTo().tell(new ConnectionActor.Response(s.request().tag(), ApiKey.FETCH, (short) 12,
                response));
    }
}
