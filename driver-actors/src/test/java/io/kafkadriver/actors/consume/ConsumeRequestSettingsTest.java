package io.kafkadriver.actors.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ListOffsetsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer's request settings: {@code consumeBatchSize} and {@code consumeBufferingTime} (offset lookups go to
 * each broker in requests of at most the batch size, and fewer wait at most the buffering time for others;
 * {@link LookupBatches}, then the router under {@link ManualTime} with a probe as the cluster), and the fetch
 * settings, which are what each Fetch asks the broker for.
 */
class ConsumeRequestSettingsTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void anIdleBrokersLookupsGoAtOnceLaterOnesWaitForTheAnswerOrTheBufferingTime() {
        LookupBatches<Integer> b = new LookupBatches<>(3, Duration.ofSeconds(1));
        List<List<Integer>> first = b.add(7, List.of(1, 2, 3, 4, 5, 6, 7));
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)), first, "nothing in flight: at once");
        first.forEach(r -> b.sent(7));
        assertEquals(List.of(), b.add(7, List.of(8)), "requests in flight: it waits");
        assertTrue(b.waiting(7));
        assertEquals(List.of(List.of(8, 9, 10)), b.add(7, List.of(9, 10, 11)), "a full request goes at once");
        b.sent(7);
        assertEquals(List.of(List.of(11)), b.answered(7), "the next answer releases what waited");
        b.sent(7);
        assertFalse(b.waiting(7));
        assertEquals(List.of(), b.answered(7), "nothing waits");
        assertEquals(List.of(), b.add(7, List.of(12)), "three requests still in flight");
        assertEquals(List.of(List.of(12)), b.flush(7), "or the buffering time does");
        assertEquals(List.of(), b.flush(7), "nothing twice");
        assertFalse(b.waiting(8));

        LookupBatches<Integer> now = new LookupBatches<>(2, Duration.ZERO);
        now.sent(1);
        assertEquals(List.of(List.of(1, 2), List.of(3)), now.add(1, List.of(1, 2, 3)), "no buffering: never waits");
        assertFalse(now.waiting(1));
    }

    /** Hands every chunk back at once and ignores the events. */
    private static final ConsumeListener DROPPING = new ConsumeListener() {
        @Override
        public void deliver(FetchedChunk chunk) {
            chunk.done().run();
        }

        @Override
        public void offsetReset(String topic, int partition, long from, long to, long logStart) {
        }

        @Override
        public void partitionFailed(String topic, int partition, Exception error) {
        }
    };

    private static ClusterMetadata metadata(int partitions) {
        List<PartitionState> ps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ps.add(new PartitionState(p, 1, 0, new int[] {1}, new int[] {1}, (short) 0));
        }
        return new ClusterMetadata("c", 1, Map.of(1, new BrokerAddress(1, "h1", 9092, null)),
                Map.of("t", new TopicState("t", (short) 0, ps)), 0L);
    }

    /** The next ListOffsets request the router sends, skipping its other messages to the cluster. */
    private static ClusterActor.SendToNode nextLookup(TestProbe<ClusterActor.Command> cluster) {
        while (true) {
            ClusterActor.Command m = cluster.receiveMessage(WAIT);
            if (m instanceof ClusterActor.SendToNode s && s.request().api() == ApiKey.LIST_OFFSETS) {
                return s;
            }
        }
    }

    private static List<Integer> partitions(ClusterActor.SendToNode lookup) {
        return ((ListOffsetsRequest) lookup.request().request()).topics().get(0).partitions().stream()
                .map(ListOffsetsRequest.ListOffsetsPartition::partitionIndex).toList();
    }

    @Test
    void theFetchSettingsAreWhatTheFetchAsksTheBrokerFor() {
        ConsumeSettings d = ConsumeSettings.defaults();
        ConsumeSettings settings = new ConsumeSettings(Duration.ofMillis(777), 4242, 3_000_000, 65_536,
                d.bufferBudgetBytes(), d.reset(), true, d.retryBackoff(), d.stallWarning(), d.maxChunksPerPartition(),
                d.lookupBatchSize(), d.lookupBufferingTime());
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        ActorRef<ConsumeRouterActor.Command> router = KIT.spawn(ConsumeRouterActor.create(settings, cluster.ref(),
                DROPPING, new FetchBudget(100L << 20), System::currentTimeMillis));
        cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT).listener().tell(metadata(1));
        router.tell(new ConsumeRouterActor.Start("t", 0, new StartPosition.AtOffset(3)));
        io.kafkadriver.protocol.message.FetchRequest fetch;
        while (true) {
            ClusterActor.Command m = cluster.receiveMessage(WAIT);
            if (m instanceof ClusterActor.SendToNode s && s.request().api() == ApiKey.FETCH) {
                fetch = (io.kafkadriver.protocol.message.FetchRequest) s.request().request();
                break;
            }
        }
        assertEquals(777, fetch.maxWaitMs(), "fetchMaxWaitTime");
        assertEquals(4242, fetch.minBytes(), "fetchMinBytes");
        assertEquals(3_000_000, fetch.maxBytes(), "fetchMaxBytes");
        assertEquals(65_536, fetch.topics().get(0).partitions().get(0).partitionMaxBytes(), "fetchMessageMaxBytes");
        assertEquals(1, fetch.isolationLevel(), "readCommitted");
        KIT.stop(router);
    }

    @Test
    void theRouterSendsAnIdleBrokersLookupsAtOnceAndBatchesThoseThatComeMeanwhile() {
        ConsumeSettings d = ConsumeSettings.defaults();
        ConsumeSettings settings = new ConsumeSettings(d.fetchMaxWait(), d.fetchMinBytes(), d.fetchMaxBytes(),
                d.partitionMaxBytes(), d.bufferBudgetBytes(), d.reset(), d.readCommitted(), d.retryBackoff(),
                d.stallWarning(), d.maxChunksPerPartition(), 3, Duration.ofSeconds(1));
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        ActorRef<ConsumeRouterActor.Command> router = KIT.spawn(ConsumeRouterActor.create(settings, cluster.ref(),
                DROPPING, new FetchBudget(1 << 20), System::currentTimeMillis));
        cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT).listener().tell(metadata(9));
        router.tell(new ConsumeRouterActor.Start("t", 0, StartPosition.EARLIEST));
        ClusterActor.SendToNode first = nextLookup(cluster);
        assertEquals(List.of(0), partitions(first), "an idle broker's lookup goes at once");
        for (int p = 1; p <= 4; p++) {
            router.tell(new ConsumeRouterActor.Start("t", p, StartPosition.EARLIEST));
        }
        assertEquals(List.of(1, 2, 3), partitions(nextLookup(cluster)), "a full request goes at once");
        // Partition 4 waits for an answer: the first one's releases it.
        first.request().replyTo().tell(new io.kafkadriver.actors.connection.ConnectionActor.Failed(
                first.request().tag(), new IllegalStateException("gone"), false));
        assertEquals(List.of(4), partitions(nextLookup(cluster)));
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT); // the failed lookup asks for metadata
        // While requests are in flight, a lookup waits at most the buffering time.
        router.tell(new ConsumeRouterActor.Start("t", 5, StartPosition.EARLIEST));
        TIME.timePasses(Duration.ofMillis(999));
        cluster.expectNoMessage(Duration.ofMillis(100));
        TIME.timePasses(Duration.ofMillis(1));
        assertTrue(partitions(nextLookup(cluster)).contains(5), "waited the buffering time, no more");
        KIT.stop(router);
    }
}
