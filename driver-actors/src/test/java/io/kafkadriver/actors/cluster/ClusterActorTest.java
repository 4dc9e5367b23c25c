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
