package io.kafkadriver.actors.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.FetchRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The consume router against a probe standing in for the cluster actor. */
class ConsumeRouterActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ConsumeListener listener = new ConsumeListener() {
        @Override
        public void deliver(FetchedChunk chunk) {
            chunk.done().run();
        }

        @Override
        public void offsetReset(String topic, int partition, long from, long to, long logStart) {
        }

        @Override
        public void partitionFailed(String topic, int partition, Exception error) {
            failures.add(topic + "-" + partition + ": " + error.getMessage());
        }
    };

    private static ClusterMetadata metadata() {
        return metadata(1);
    }

    private static ClusterMetadata metadata(int leaderOfPartition0) {
        List<PartitionState> partitions = List.of(
                new PartitionState(0, leaderOfPartition0, 0, new int[] {1}, new int[] {1}, (short) 0),
                new PartitionState(1, 1, 0, new int[] {1}, new int[] {1}, (short) 0));
        return new ClusterMetadata("c", 1, Map.of(1, new BrokerAddress(1, "h1", 9092, null)),
                Map.of("t", new TopicState("t", (short) 0, partitions)), 0L);
    }

    @Test
    void aPartitionWithoutALeaderAsksForFreshMetadataUntilItHasOne() {
        // Flow: a leader election in progress (the metadata names no leader for partition 0). Nothing else would
        // refresh the metadata for it: the router asks, and assigns the partition once a leader is named.
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        ActorRef<ConsumeRouterActor.Command> router = KIT.spawn(ConsumeRouterActor.create(ConsumeSettings.defaults(),
                cluster.ref(), listener, new FetchBudget(1 << 20), System::currentTimeMillis));
        ActorRef<ClusterMetadata> subscriber = cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT)
                .listener();
        subscriber.tell(metadata(-1));
        router.tell(new ConsumeRouterActor.Start("t", 0, new StartPosition.AtOffset(5)));
        cluster.expectMessageClass(ClusterActor.RefreshUrgently.class, WAIT);
        subscriber.tell(metadata(1));
        ClusterActor.Command next = cluster.receiveMessage(WAIT);
        while (!(next instanceof ClusterActor.SendToNode)) { // more refresh requests may come first
            next = cluster.receiveMessage(WAIT);
        }
        ClusterActor.SendToNode fetch = (ClusterActor.SendToNode) next;
        assertEquals(1, fetch.nodeId());
        assertEquals(5L, ((FetchRequest) fetch.request().request()).topics().get(0).partitions().get(0)
                .fetchOffset());
        KIT.stop(router);
    }

    @Test
    void aFetcherThatFailsStopsItsPartitionsWithAnEventNeverSilently() {
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        ActorRef<ConsumeRouterActor.Command> router = KIT.spawn(ConsumeRouterActor.create(ConsumeSettings.defaults(),
                cluster.ref(), listener, new FetchBudget(1 << 20), System::currentTimeMillis));
        cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT).listener().tell(metadata());
        router.tell(new ConsumeRouterActor.Start("t", 0, new StartPosition.AtOffset(5)));
        router.tell(new ConsumeRouterActor.Start("t", 1, new StartPosition.AtOffset(7)));
        ClusterActor.SendToNode fetch = cluster.expectMessageClass(ClusterActor.SendToNode.class, WAIT);
        assertEquals(ApiKey.FETCH, fetch.request().api());
        assertTrue(((FetchRequest) fetch.request().request()).topics().get(0).partitions().size() >= 1);
        // A reply the fetcher cannot handle (a response that is not a Fetch response) makes it fail.
        fetch.request().replyTo().tell(new ConnectionActor.Response(fetch.request().tag(), ApiKey.FETCH, (short) 12,
                null));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (failures.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("t-0: the fetcher of broker 1 stopped")), failures
                .toString());
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("t-1: the fetcher of broker 1 stopped")), failures
                .toString());

        // Starting again consumes again, on a new fetcher.
        router.tell(new ConsumeRouterActor.Start("t", 0, new StartPosition.AtOffset(5)));
        ClusterActor.SendToNode again = cluster.expectMessageClass(ClusterActor.SendToNode.class, WAIT);
        assertEquals(5L, ((FetchRequest) again.request().request()).topics().get(0).partitions().get(0)
                .fetchOffset());
        KIT.stop(router);
    }
}
