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
        } finally {
            kafka.restartBroker(was.leaderId());
        }
        KIT.stop(cluster);
    }
}
