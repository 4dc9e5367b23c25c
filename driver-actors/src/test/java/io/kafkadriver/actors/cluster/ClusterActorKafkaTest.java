package io.kafkadriver.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.CreateTopicsRequest;
import io.kafkadriver.protocol.message.CreateTopicsResponse;
import io.kafkadriver.protocol.message.DeleteTopicsRequest;
import io.kafkadriver.protocol.message.DeleteTopicsResponse;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.actors.node.Purpose;
import io.kafkadriver.protocol.message.MetadataRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The cluster actor against a real 3-broker cluster. */
@KafkaClusterTest(brokers = 3)
class ClusterActorKafkaTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static InetSocketAddress address(String hostPort) {
        String first = hostPort.split(",")[0];
        int colon = first.lastIndexOf(':');
        return new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    private static InetSocketAddress deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }

    private static ActorRef<ClusterActor.Command> cluster(List<InetSocketAddress> seeds) {
        ClusterSettings settings = new ClusterSettings(seeds,
                ConnectionSettings.defaults(seeds.get(0), "cluster-it").withRequestTimeout(Duration.ofSeconds(5)),
                Duration.ofMinutes(5), Duration.ofMillis(50), new Backoff(50, 1_000, 0.2, Math::random));
        return KIT.spawn(ClusterActor.create(settings));
    }

    /** Asks for fresh metadata until it satisfies the condition, at most 40 times. */
    private static ClusterMetadata refreshUntil(ActorRef<ClusterActor.Command> cluster,
                                                Predicate<ClusterMetadata> condition) {
        TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
        ClusterMetadata last = null;
        for (int i = 0; i < 40; i++) {
            cluster.tell(new ClusterActor.RefreshMetadata(probe.ref()));
            last = probe.expectMessageClass(ClusterMetadata.class, WAIT);
            if (condition.test(last)) {
                return last;
            }
            probe.expectNoMessage(Duration.ofMillis(250));
        }
        throw new AssertionError("metadata never satisfied the condition; last: " + last);
    }

    @Test
    void bootstrapsPastADeadSeedAndSeesEveryBroker(EmbeddedKafkaCluster kafka) throws Exception {
        ActorRef<ClusterActor.Command> cluster = cluster(List.of(deadAddress(),
                address(kafka.bootstrapServers())));
        TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
        cluster.tell(new ClusterActor.GetMetadata(probe.ref()));
        ClusterMetadata metadata = probe.expectMessageClass(ClusterMetadata.class, WAIT);
        assertEquals(3, metadata.brokers().size());
        assertNotNull(metadata.clusterId());
        KIT.stop(cluster);
    }

    /**
     * Flow: the first seeds are an HTTP server and a server that sends random bytes; the driver gives each up with a
     * clear log line, bootstraps from the real broker, and once stopped leaves no thread of its own behind.
     */
    @Test
    void nonKafkaSeedsAreSkippedAndNoThreadLeaks(EmbeddedKafkaCluster kafka) throws Exception {
        java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
        byte[] noise = new byte[512];
        new java.util.Random(5).nextBytes(noise);
        noise[0] = 0x7F;
        try (NotKafka http = new NotKafka("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)); NotKafka random = new NotKafka(noise)) {
            ActorRef<ClusterActor.Command> cluster = cluster(List.of(http.address(), random.address(),
                    address(kafka.bootstrapServers())));
            TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
            cluster.tell(new ClusterActor.GetMetadata(probe.ref()));
            assertEquals(3, probe.expectMessageClass(ClusterMetadata.class, WAIT).brokers().size());
            assertTrue(http.accepted() >= 1 && random.accepted() >= 1, "both bad seeds were tried");
            KIT.stop(cluster);
        }
        // Threads of the actor system's own pool (named after it) are shared and bounded; anything else is a leak.
        String systemName = KIT.system().name();
        List<String> leaked = List.of();
        for (int i = 0; i < 50; i++) {
            leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t) && !t.getName().startsWith(systemName))
                    .map(Thread::getName).toList();
            if (leaked.isEmpty()) {
                break;
            }
            TestProbe<Object> pause = KIT.createTestProbe();
            pause.expectNoMessage(Duration.ofMillis(100));
        }
        assertEquals(List.of(), leaked, "threads left behind");
    }

    /** A loopback server that answers every connection with fixed bytes and hangs up. */
    private static final class NotKafka implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        NotKafka(byte[] reply) throws java.io.IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        accepted.incrementAndGet();
                        s.setSoTimeout(5_000);
                        s.getInputStream().read(new byte[1024]);
                        s.getOutputStream().write(reply);
                        s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        // Closed by the test, or by the driver hanging up.
                    }
                }
            }, "not-kafka");
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(10_000);
        }
    }

    @Test
    void createsListsAndDeletesTopics(EmbeddedKafkaCluster kafka) {
        ActorRef<ClusterActor.Command> cluster = cluster(List.of(address(kafka.bootstrapServers())));
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        CreateTopicsRequest create = new CreateTopicsRequest().setTimeoutMs(10_000).setTopics(List.of(
                new CreateTopicsRequest.CreatableTopic().setName("admin-made").setNumPartitions(4)
                        .setReplicationFactor((short) 2)));
        cluster.tell(new ClusterActor.SendToAny(new ConnectionActor.Send(ApiKey.CREATE_TOPICS, create, true, null,
                "create", replies.ref())));
        ConnectionActor.Response created = replies.expectMessageClass(ConnectionActor.Response.class, WAIT);
        assertEquals(0, ((CreateTopicsResponse) created.response()).topics().get(0).errorCode());
        ClusterMetadata withTopic = refreshUntil(cluster, m -> m.topic("admin-made") != null
                && m.topic("admin-made").partitionsWithLeader().length == 4);
        assertEquals(2, withTopic.topic("admin-made").partition(0).replicas().length);

        DeleteTopicsRequest delete = new DeleteTopicsRequest().setTimeoutMs(10_000).setTopics(List.of(
                new DeleteTopicsRequest.DeleteTopicState().setName("admin-made")));
        cluster.tell(new ClusterActor.SendToAny(new ConnectionActor.Send(ApiKey.DELETE_TOPICS, delete, true, null,
                "delete", replies.ref())));
        ConnectionActor.Response deleted = replies.expectMessageClass(ConnectionActor.Response.class, WAIT);
        assertEquals(0, ((DeleteTopicsResponse) deleted.response()).responses().get(0).errorCode());
        assertNull(refreshUntil(cluster, m -> m.topic("admin-made") == null).topic("admin-made"));
        KIT.stop(cluster);
    }

    /**
     * Flow: a subscriber sees the topic with its leader; the leader's broker stops; the next refreshes show another
     * leader with a higher leader epoch; the broker comes back.
     */
    @Test
    void metadataFollowsALeaderChange(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("leader-moves", 1, 3);
        ActorRef<ClusterActor.Command> cluster = cluster(List.of(address(kafka.bootstrapServers())));
        ClusterMetadata before = refreshUntil(cluster, m -> m.leader("leader-moves", 0) != null);
        PartitionState was = before.topic("leader-moves").partition(0);
        TestProbe<ClusterMetadata> router = KIT.createTestProbe();
        cluster.tell(new ClusterActor.Subscribe(router.ref()));
        assertEquals(was.leaderId(), router.expectMessageClass(ClusterMetadata.class, WAIT)
                .topic("leader-moves").partition(0).leaderId(), "a subscriber first gets the current snapshot");
        kafka.stopBroker(was.leaderId());
        try {
            ClusterMetadata after = refreshUntil(cluster, m -> m.topic("leader-moves") != null
                    && m.topic("leader-moves").partition(0).leaderId() >= 0
                    && m.topic("leader-moves").partition(0).leaderId() != was.leaderId());
            PartitionState now = after.topic("leader-moves").partition(0);
            assertNotEquals(was.leaderId(), now.leaderId());
            assertTrue(now.leaderEpoch() > was.leaderEpoch(), was + " -> " + now);
            assertTrue(before.leadershipChanges(after).contains(
                    new ClusterMetadata.TopicPartitionRef("leader-moves", 0)));
            // The subscriber (a router) was told of the change: among the snapshots it received is the new leader.
            ClusterMetadata told = router.fishForMessage(WAIT, m -> m.topic("leader-moves") != null
                    && m.topic("leader-moves").partition(0).leaderId() == now.leaderId()
                    ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                    : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0);
            assertEquals(now.leaderEpoch(), told.topic("leader-moves").partition(0).leaderEpoch());
        } finally {
            kafka.restartBroker(was.leaderId());
        }
        KIT.stop(cluster);
    }

    /**
     * Supervision: a node actor that fails (here a {@code Send} carrying no request, which it cannot forward) is
     * restarted with backoff; the cluster goes on serving metadata and the node serves requests again.
     */
    @Test
    void aFailingNodeActorIsRestartedAndTheClusterGoesOn(EmbeddedKafkaCluster kafka) {
        ActorRef<ClusterActor.Command> cluster = cluster(List.of(address(kafka.bootstrapServers())));
        ClusterMetadata first = refreshUntil(cluster, m -> m.brokers().size() == 3);
        int node = first.brokers().keySet().iterator().next();
        cluster.tell(new ClusterActor.SendToNode(node, Purpose.PRODUCE, null)); // the node actor throws
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ConnectionActor.Reply reply = null;
        for (int i = 0; i < 40 && !(reply instanceof ConnectionActor.Response); i++) {
            // Until the restarted node answers: while it restarts, a request may be lost or fail.
            cluster.tell(new ClusterActor.SendToNode(node, Purpose.CONTROL, new ConnectionActor.Send(ApiKey.METADATA,
                    new MetadataRequest().setTopics(new java.util.ArrayList<>()), true, null, i, replies.ref())));
            try {
                reply = replies.receiveMessage(Duration.ofSeconds(2));
            } catch (AssertionError lostDuringRestart) {
                reply = null;
            }
        }
        assertTrue(reply instanceof ConnectionActor.Response, "the node serves requests again: " + reply);
        assertEquals(3, refreshUntil(cluster, m -> m.brokers().size() == 3).brokers().size(),
                "the cluster actor kept running");
        KIT.stop(cluster);
    }
}
