package io.kafkadriver.actors.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import io.kafkadriver.actors.testing.FakeBroker;
import io.kafkadriver.actors.testing.FakeBroker.Ignore;
import io.kafkadriver.actors.testing.FakeBroker.Respond;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.MetadataRequest;
import io.kafkadriver.protocol.message.MetadataResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Backoff BACKOFF = new Backoff(100, 1_000, 0.0, () -> 0.5);

    private FakeBroker broker;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @AfterEach
    void stopBroker() throws IOException {
        if (broker != null) {
            broker.close();
        }
    }

    private static NodeActor.Send send(Purpose purpose, Object tag, ActorRef<ConnectionActor.Reply> replyTo) {
        return new NodeActor.Send(purpose, new ConnectionActor.Send(ApiKey.METADATA, new MetadataRequest(), true,
                null, tag, replyTo));
    }

    @Test
    void eachPurposeGetsItsOwnConnection() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new MetadataResponse()));
        TestProbe<NodeActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<NodeActor.Command> node = KIT.spawn(NodeActor.create(7,
                ConnectionSettings.defaults(broker.address(), "t"), BACKOFF, events.ref()));
        for (Purpose p : Purpose.values()) {
            node.tell(send(p, p, replies.ref()));
        }
        Set<Purpose> healthy = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            NodeActor.Healthy h = events.expectMessageClass(NodeActor.Healthy.class, WAIT);
            assertEquals(7, h.nodeId());
            healthy.add(h.purpose());
        }
        assertEquals(Set.of(Purpose.values()), healthy);
        Set<Object> answered = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            answered.add(replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
        }
        assertEquals(Set.of((Object[]) Purpose.values()), answered);
        int handshakes = 0;
        for (int i = 0; i < 6; i++) {
            handshakes += broker.nextRequest().api() == ApiKey.API_VERSIONS ? 1 : 0;
        }
        assertEquals(3, handshakes, "three connections, three handshakes");
        node.tell(NodeActor.Stop.INSTANCE);
        events.expectTerminated(node, WAIT);
    }

    /**
     * Flow: the broker drops the connection; the node reports it, refuses requests at once during the backoff (not
     * written, so the caller may retry elsewhere), and reconnects on the next request once the backoff has passed.
     */
    @Test
    void aLostConnectionBacksOffThenReconnects() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new MetadataResponse()));
        TestProbe<NodeActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<NodeActor.Command> node = KIT.spawn(NodeActor.create(1,
                ConnectionSettings.defaults(broker.address(), "t"), BACKOFF, events.ref()));
        node.tell(send(Purpose.PRODUCE, "first", replies.ref()));
        events.expectMessageClass(NodeActor.Healthy.class, WAIT);
        replies.expectMessageClass(ConnectionActor.Response.class, WAIT);
        broker.dropConnections();
        NodeActor.Unhealthy down = events.expectMessageClass(NodeActor.Unhealthy.class, WAIT);
        assertEquals(1, down.consecutiveFailures());
        assertEquals(Purpose.PRODUCE, down.purpose());

        node.tell(send(Purpose.PRODUCE, "during-backoff", replies.ref()));
        ConnectionActor.Failed refused = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertFalse(refused.written());
        assertTrue(refused.error().getMessage().contains("at most 100 ms"), refused.error().getMessage());

        TIME.timePasses(Duration.ofMillis(100));
        node.tell(send(Purpose.PRODUCE, "after-backoff", replies.ref()));
        events.expectMessageClass(NodeActor.Healthy.class, WAIT);
        assertEquals("after-backoff", replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
        node.tell(NodeActor.Stop.INSTANCE);
        events.expectTerminated(node, WAIT);
    }

    @Test
    void stoppingTheNodeFailsWhatItsConnectionsHold() throws Exception {
        broker = FakeBroker.start(r -> Ignore.INSTANCE);
        TestProbe<NodeActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<NodeActor.Command> node = KIT.spawn(NodeActor.create(1,
                ConnectionSettings.defaults(broker.address(), "t"), BACKOFF, events.ref()));
        node.tell(send(Purpose.CONTROL, "held", replies.ref()));
        events.expectMessageClass(NodeActor.Healthy.class, WAIT);
        broker.nextRequest();
        assertEquals(ApiKey.METADATA, broker.nextRequest().api());
        node.tell(NodeActor.Stop.INSTANCE);
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertTrue(failed.written());
        assertTrue(failed.error().getMessage().contains("stopped with its node"), failed.error().getMessage());
        events.expectTerminated(node, WAIT);
    }
}
