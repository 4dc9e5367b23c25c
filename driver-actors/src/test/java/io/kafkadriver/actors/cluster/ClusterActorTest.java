package io.kafkadriver.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import io.kafkadriver.actors.testing.FakeBroker;
import io.kafkadriver.actors.testing.FakeBroker.Respond;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.MetadataResponse;
import io.kafkadriver.protocol.message.ProduceRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The cluster actor against a fake broker, with manual time: refresh coalescing. */
class ClusterActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /**
     * Flow: bootstrap (one Metadata request); then ten demands arrive inside the minimum interval; they are all served
     * by one more request, sent when the interval has passed.
     */
    @Test
    void manyDemandsInsideTheMinimumIntervalShareOneRequest() throws Exception {
        try (FakeBroker broker = FakeBroker.start(r -> null)) {
            MetadataResponse self = new MetadataResponse().setClusterId("fake").setBrokers(List.of(
                    new MetadataResponse.MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1")
                            .setPort(broker.address().getPort())));
            broker.script(r -> new Respond(self));
            AtomicLong clock = new AtomicLong();
            ClusterSettings settings = new ClusterSettings(List.of(broker.address()),
                    ConnectionSettings.defaults(broker.address(), "t"), Duration.ofMinutes(10),
                    Duration.ofSeconds(1), new Backoff(100, 1_000, 0.0, () -> 0.5));
            ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(settings, clock::get));
            TestProbe<ClusterMetadata> first = KIT.createTestProbe();
            cluster.tell(new ClusterActor.GetMetadata(first.ref()));
            assertEquals("fake", first.expectMessageClass(ClusterMetadata.class, WAIT).clusterId());
            assertEquals(1, broker.count(ApiKey.METADATA));

            TestProbe<ClusterMetadata> waiters = KIT.createTestProbe();
            for (int i = 0; i < 10; i++) {
                cluster.tell(new ClusterActor.RefreshMetadata(waiters.ref()));
            }
            waiters.expectNoMessage(Duration.ofMillis(200));
            clock.set(1_000);
            TIME.timePasses(Duration.ofSeconds(1));
            for (int i = 0; i < 10; i++) {
                waiters.expectMessageClass(ClusterMetadata.class, WAIT);
            }
            assertEquals(2, broker.count(ApiKey.METADATA), "ten demands, one request");
            KIT.stop(cluster);
        }
    }

    @Test
    void metadataAsOldAsTheMaxAgeIsRefreshedBetweenThePeriodicRefreshes() throws Exception {
        try (FakeBroker broker = FakeBroker.start(r -> null)) {
            broker.script(r -> new Respond(new MetadataResponse().setClusterId("fake").setBrokers(List.of(
                    new MetadataResponse.MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1")
                            .setPort(broker.address().getPort())))));
            AtomicLong clock = new AtomicLong();
            ClusterSettings settings = new ClusterSettings(List.of(broker.address()),
                    ConnectionSettings.defaults(broker.address(), "t"), Duration.ofHours(1), Duration.ZERO,
                    new Backoff(100, 1_000, 0.0, () -> 0.5), Duration.ofSeconds(30));
            ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(settings, clock::get));
            TestProbe<ClusterMetadata> first = KIT.createTestProbe();
            cluster.tell(new ClusterActor.GetMetadata(first.ref()));
            first.expectMessageClass(ClusterMetadata.class, WAIT);
            assertEquals(1, broker.count(ApiKey.METADATA));
            clock.set(29_999);
            TIME.timePasses(Duration.ofMillis(29_999));
            TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
            cluster.tell(new ClusterActor.GetMetadata(probe.ref())); // a round trip through the actor's mailbox
            probe.expectMessageClass(ClusterMetadata.class, WAIT);
            assertEquals(1, broker.count(ApiKey.METADATA), "not yet as old as the max age");
            clock.set(30_000);
            TIME.timePasses(Duration.ofMillis(1));
            org.junit.jupiter.api.Assertions.assertTrue(io.kafkadriver.testkit.Bounded.waitUntil(WAIT,
                    () -> broker.count(ApiKey.METADATA) == 2), "refreshed at the max age, an hour before the"
                    + " periodic refresh");
            KIT.stop(cluster);
        }
    }

    /**
     * maxSuccessiveNodeErrors: a broker whose connections fail more times in a row than the setting is declared
     * dead; the subscribers then see its partitions without a leader (the routers route around them), and see them
     * led by it again once a connection to it works or newer metadata arrives.
     */
    @Test
    void aBrokerFailingMoreThanMaxSuccessiveNodeErrorsInARowIsRoutedAroundUntilNewMetadata() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: connections are refused
        }
        try (FakeBroker broker = FakeBroker.start(r -> null)) {
            MetadataResponse response = new MetadataResponse().setClusterId("fake").setBrokers(List.of(
                    new MetadataResponse.MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1")
                            .setPort(broker.address().getPort()),
                    new MetadataResponse.MetadataResponseBroker().setNodeId(2).setHost("127.0.0.1")
                            .setPort(closedPort)))
                    .setTopics(List.of(new MetadataResponse.MetadataResponseTopic().setName("t").setPartitions(
                            List.of(new MetadataResponse.MetadataResponsePartition().setPartitionIndex(0)
                                            .setLeaderId(1).setReplicaNodes(List.of(1)).setIsrNodes(List.of(1)),
                                    new MetadataResponse.MetadataResponsePartition().setPartitionIndex(1)
                                            .setLeaderId(2).setReplicaNodes(List.of(2)).setIsrNodes(List.of(2))))));
            broker.script(r -> new Respond(response));
            AtomicLong clock = new AtomicLong();
            ClusterSettings settings = new ClusterSettings(List.of(broker.address()),
                    ConnectionSettings.defaults(broker.address(), "t"), Duration.ofHours(1), Duration.ofSeconds(1),
                    new Backoff(100, 1_000, 0.0, () -> 0.5), Duration.ofHours(1), 1);
            ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(settings, clock::get));
            TestProbe<ClusterMetadata> routers = KIT.createTestProbe();
            cluster.tell(new ClusterActor.Subscribe(routers.ref()));
            cluster.tell(new ClusterActor.GetMetadata(KIT.<ClusterMetadata>createTestProbe().ref()));
            assertEquals(2, routers.expectMessageClass(ClusterMetadata.class, WAIT).leader("t", 1).nodeId());

            TestProbe<io.kafkadriver.actors.connection.ConnectionActor.Reply> replies = KIT.createTestProbe();
            io.kafkadriver.protocol.message.MetadataRequest probe = new io.kafkadriver.protocol.message
                    .MetadataRequest();
            cluster.tell(new ClusterActor.SendToNode(2, io.kafkadriver.actors.node.Purpose.CONTROL,
                    new io.kafkadriver.actors.connection.ConnectionActor.Send(ApiKey.METADATA, probe, true, null,
                            "first", replies.ref())));
            replies.expectMessageClass(io.kafkadriver.actors.connection.ConnectionActor.Failed.class, WAIT);
            routers.expectNoMessage(Duration.ofMillis(200)); // one failure: not more than the setting's 1
            TIME.timePasses(Duration.ofMillis(200)); // past the reconnect backoff
            cluster.tell(new ClusterActor.SendToNode(2, io.kafkadriver.actors.node.Purpose.CONTROL,
                    new io.kafkadriver.actors.connection.ConnectionActor.Send(ApiKey.METADATA, probe, true, null,
                            "second", replies.ref())));
            replies.expectMessageClass(io.kafkadriver.actors.connection.ConnectionActor.Failed.class, WAIT);
            ClusterMetadata masked = routers.expectMessageClass(ClusterMetadata.class, WAIT);
            assertEquals(null, masked.leader("t", 1), "the dead broker's partition has no leader for the routers");
            assertEquals(1, masked.leader("t", 0).nodeId(), "the other partitions keep theirs");

            // Newer metadata names the leader again: the refresh the failures asked for, held until a second after
            // the last one (a small step of manual time, so that no connect timeout fires on the way).
            clock.set(1_000);
            TIME.timePasses(Duration.ofSeconds(1));
            ClusterMetadata fresh = routers.expectMessageClass(ClusterMetadata.class, WAIT);
            assertEquals(2, fresh.leader("t", 1).nodeId());
            KIT.stop(cluster);
        }
    }

    /**
     * F5. Flow: the seed names broker 7, which then stops answering (every connection refused); after
     * REBOOTSTRAP_AFTER_ROUNDS failed rounds the seed is asked again, and it now names broker 8, a replacement: the
     * subscribers see broker 8 and no broker 7.
     */
    @Test
    void whenEveryKnownBrokerFailsRoundAfterRoundTheSeedsAreAskedAgain() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: connections are refused
        }
        try (FakeBroker seed = FakeBroker.start(r -> null)) {
            java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
            seed.script(r -> new Respond(new MetadataResponse().setClusterId("fake").setBrokers(List.of(
                    new MetadataResponse.MetadataResponseBroker().setNodeId(answered.getAndIncrement() == 0 ? 7 : 8)
                            .setHost("127.0.0.1").setPort(answered.get() == 1 ? closedPort
                                    : seed.address().getPort())))));
            AtomicLong clock = new AtomicLong();
            ClusterSettings settings = new ClusterSettings(List.of(seed.address()),
                    ConnectionSettings.defaults(seed.address(), "t"), Duration.ofHours(1), Duration.ZERO,
                    new Backoff(100, 100, 0.0, () -> 0.5), Duration.ofHours(1));
            ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(settings, clock::get));
            TestProbe<ClusterMetadata> routers = KIT.createTestProbe();
            cluster.tell(new ClusterActor.Subscribe(routers.ref()));
            cluster.tell(new ClusterActor.GetMetadata(KIT.<ClusterMetadata>createTestProbe().ref()));
            assertEquals(java.util.Set.of(7), routers.expectMessageClass(ClusterMetadata.class, WAIT).brokers()
                    .keySet());
            cluster.tell(new ClusterActor.RefreshMetadata(KIT.<ClusterMetadata>createTestProbe().ref()));
            // Each round fails at once (refused) and waits 100 ms: step manual time until the seed answered again.
            org.junit.jupiter.api.Assertions.assertTrue(io.kafkadriver.testkit.Bounded.waitUntil(WAIT, () -> {
                TIME.timePasses(Duration.ofMillis(100));
                return answered.get() >= 2;
            }), "the seed was asked again");
            assertEquals(java.util.Set.of(8), routers.expectMessageClass(ClusterMetadata.class, WAIT).brokers()
                    .keySet(), "the replacement broker, and the old one gone");
            KIT.stop(cluster);
        }
    }

    /**
     * Issue 16. Flow: a request reaches a connection (or node) actor below the cluster actor that has just stopped;
     * it goes to the dead letters; the cluster actor answers it as never written, so its sender does not wait
     * forever. A dead letter elsewhere in the system is left alone.
     */
    @Test
    void aRequestLostInTheDeadLettersBelowTheClusterIsAnsweredAsNotWritten() throws Exception {
        try (FakeBroker broker = FakeBroker.start(r -> null)) {
            MetadataResponse self = new MetadataResponse().setClusterId("fake").setBrokers(List.of(
                    new MetadataResponse.MetadataResponseBroker().setNodeId(1).setHost("127.0.0.1")
                            .setPort(broker.address().getPort())));
            broker.script(r -> new Respond(self));
            ClusterSettings settings = new ClusterSettings(List.of(broker.address()),
                    ConnectionSettings.defaults(broker.address(), "t"), Duration.ofMinutes(10),
                    Duration.ofSeconds(1), new Backoff(100, 1_000, 0.0, () -> 0.5));
            ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(settings, () -> 0L));
            TestProbe<ClusterMetadata> first = KIT.createTestProbe();
            cluster.tell(new ClusterActor.GetMetadata(first.ref()));
            first.expectMessageClass(ClusterMetadata.class, WAIT); // the cluster actor subscribed in its constructor
            TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
            org.apache.pekko.actor.typed.ActorRefResolver resolver =
                    org.apache.pekko.actor.typed.ActorRefResolver.get(KIT.system());
            ActorRef<ConnectionActor.Command> stoppedConnection = resolver.resolveActorRef(
                    cluster.path().child("node-1-9").child("node-1-produce-3").toString());
            // The subscription to the dead letters is made asynchronously: send until one is answered (bounded).
            ConnectionActor.Reply reply = null;
            for (int attempt = 0; attempt < 50 && reply == null; attempt++) {
                stoppedConnection.tell(new ConnectionActor.Send(ApiKey.PRODUCE, new ProduceRequest(), true, null,
                        "lost", replies.ref()));
                try {
                    reply = replies.receiveMessage(Duration.ofMillis(200));
                } catch (AssertionError notYet) {
                    // the subscription is not in place yet
                }
            }
            ConnectionActor.Failed failed = (ConnectionActor.Failed) reply;
            assertEquals("lost", failed.tag());
            assertEquals(false, failed.written());

            ActorRef<ConnectionActor.Command> elsewhere = resolver.resolveActorRef(
                    replies.ref().path().parent().child("gone").toString());
            TestProbe<ConnectionActor.Reply> others = KIT.createTestProbe();
            elsewhere.tell(new ConnectionActor.Send(ApiKey.PRODUCE, new ProduceRequest(), true, null, "other",
                    others.ref()));
            others.expectNoMessage(Duration.ofMillis(300));
            KIT.stop(cluster);
        }
    }
}
