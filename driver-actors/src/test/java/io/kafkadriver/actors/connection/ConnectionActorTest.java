package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.testing.FakeBroker;
import io.kafkadriver.actors.testing.FakeBroker.Hangup;
import io.kafkadriver.actors.testing.FakeBroker.Ignore;
import io.kafkadriver.actors.testing.FakeBroker.Respond;
import io.kafkadriver.actors.testing.FirstMessage;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.MetadataRequest;
import io.kafkadriver.protocol.message.MetadataResponse;
import io.kafkadriver.protocol.message.ProduceRequest;
import io.kafkadriver.protocol.message.ProduceResponse;
import io.kafkadriver.protocol.version.UnsupportedApiVersionException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection actor against a scripted fake broker, with manual time for the request timeouts. */
class ConnectionActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private ConnectionSettings settings(int maxInFlight) {
        return ConnectionSettings.defaults(broker.address(), "test-client").withMaxInFlight(maxInFlight)
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    private static ConnectionActor.Send metadata(Object tag, ActorRef<ConnectionActor.Reply> replyTo) {
        return new ConnectionActor.Send(ApiKey.METADATA, new MetadataRequest(), true, null, tag, replyTo);
    }

    private static ConnectionActor.Send produce(Object tag, ActorRef<ConnectionActor.Reply> replyTo) {
        return new ConnectionActor.Send(ApiKey.PRODUCE, new ProduceRequest().setAcks((short) 1).setTimeoutMs(1000),
                true, null, tag, replyTo);
    }

    private ActorRef<ConnectionActor.Command> connect(int maxInFlight, TestProbe<ConnectionActor.Event> events) {
        ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings(maxInFlight), events.ref()));
        ConnectionActor.Ready ready = events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        assertEquals(c, ready.connection());
        return c;
    }

    @Test
    void requestsSentBeforeTheHandshakeArePipelinedAndAnsweredInOrder() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new MetadataResponse().setClusterId("fake")));
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings(2), events.ref()));
        for (int i = 0; i < 10; i++) {
            c.tell(metadata(i, replies.ref()));
        }
        FakeBroker.Received handshake = broker.nextRequest();
        assertEquals(ApiKey.API_VERSIONS, handshake.api());
        assertEquals("test-client", handshake.clientId());
        events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        for (int i = 0; i < 10; i++) {
            ConnectionActor.Response r = replies.expectMessageClass(ConnectionActor.Response.class, WAIT);
            assertEquals(i, r.tag());
            assertEquals(12, r.version(), "the highest Metadata version the driver speaks");
            assertEquals("fake", ((MetadataResponse) r.response()).clusterId());
        }
    }

    @Test
    void aRequestWithoutAnswerTimesOutFailsEverythingAndStopsTheConnection() throws Exception {
        broker = FakeBroker.start(r -> Ignore.INSTANCE);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = connect(1, events);
        c.tell(metadata("first", replies.ref()));
        c.tell(metadata("second", replies.ref()));
        broker.nextRequest();
        assertEquals(ApiKey.METADATA, broker.nextRequest().api());
        TIME.timePasses(Duration.ofMillis(4_999));
        replies.expectNoMessage(Duration.ofMillis(100));
        TIME.timePasses(Duration.ofMillis(1));
        ConnectionActor.Failed first = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertEquals("first", first.tag());
        assertTrue(first.written());
        assertTrue(first.error().getMessage().contains("no answer within 5000 ms"), first.error().getMessage());
        ConnectionActor.Failed second = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertEquals("second", second.tag());
        assertFalse(second.written(), "the second request never left the waiting queue");
        assertInstanceOf(ConnectionClosedException.class, events.expectMessageClass(ConnectionActor.Down.class, WAIT)
                .reason());
        events.expectTerminated(c, WAIT);
    }

    @Test
    void aBrokerThatHangsUpFailsTheInFlightRequestAsWritten() throws Exception {
        broker = FakeBroker.start(r -> Hangup.INSTANCE);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = connect(5, events);
        c.tell(metadata("m", replies.ref()));
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertTrue(failed.written());
        assertTrue(failed.error().getMessage().contains(broker.address().toString()), failed.error().getMessage());
        events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        events.expectTerminated(c, WAIT);
    }

    /**
     * Flow: one in-flight slot; produce A is written and held by the broker; produce B and then metadata M wait.
     * When A's answer arrives, M must be written before B (metadata first, as kafka-sharp's node did).
     */
    @Test
    void metadataGoesBeforeQueuedProduceRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        broker = FakeBroker.start(r -> {
            if (r.api() == ApiKey.PRODUCE && "A".equals(tagOf(r))) {
                awaitQuietly(release);
            }
            return new Respond(r.api() == ApiKey.PRODUCE ? new ProduceResponse() : new MetadataResponse());
        });
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = connect(1, events);
        broker.nextRequest();
        c.tell(new ConnectionActor.Send(ApiKey.PRODUCE, new ProduceRequest().setAcks((short) 1)
                .setTransactionalId("A"), true, null, "A", replies.ref()));
        c.tell(produce("B", replies.ref()));
        c.tell(metadata("M", replies.ref()));
        assertEquals(ApiKey.PRODUCE, broker.nextRequest().api());
        release.countDown();
        List<Object> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
        }
        assertEquals(List.of("A", "M", "B"), order);
        assertEquals(ApiKey.METADATA, broker.nextRequest().api());
        assertEquals(ApiKey.PRODUCE, broker.nextRequest().api());
    }

    @Test
    void anApiWithoutACommonVersionFailsThatRequestOnlyNamingTheRanges() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new MetadataResponse()));
        broker.advertise(ApiKey.PRODUCE, 0, 2);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = connect(5, events);
        c.tell(produce("p", replies.ref()));
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertInstanceOf(UnsupportedApiVersionException.class, failed.error());
        assertTrue(failed.error().getMessage().contains("broker offers 0..2"), failed.error().getMessage());
        assertFalse(failed.written());
        c.tell(metadata("still-fine", replies.ref()));
        assertEquals("still-fine", replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
    }

    @Test
    void aBrokerBelowTheCompatibilityFloorIsRefusedAtTheHandshakeNamingTheApiAndTheLine() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new MetadataResponse()));
        broker.advertise(ApiKey.PRODUCE, 0, 2);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(FirstMessage.before(ConnectionActor.create(
                ConnectionSettings.defaults(broker.address(), "c").withFloor(new VersionFloor("0.11.0",
                java.util.Map.of(ApiKey.PRODUCE, (short) 3))), events.ref()), metadata("m", replies.ref())));
        ConnectionActor.Down down = events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        assertTrue(down.reason().getMessage().contains("the broker offers PRODUCE up to v2, below the v3 that"
                + " compatibility 0.11.0 requires"), down.reason().getMessage());
        assertFalse(replies.expectMessageClass(ConnectionActor.Failed.class, WAIT).written(),
                "what waited for the handshake fails as never written");
        events.expectTerminated(c, WAIT);

        // The same broker above a lower floor is used.
        TestProbe<ConnectionActor.Event> ok = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c2 = KIT.spawn(ConnectionActor.create(ConnectionSettings.defaults(
                broker.address(), "c").withFloor(new VersionFloor("0.10.1", java.util.Map.of(ApiKey.PRODUCE,
                (short) 2))), ok.ref()));
        ok.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        c2.tell(ConnectionActor.Close.INSTANCE);
    }

    @Test
    void closeFailsPendingRequestsAndStops() throws Exception {
        broker = FakeBroker.start(r -> Ignore.INSTANCE);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = connect(5, events);
        c.tell(metadata("m", replies.ref()));
        broker.nextRequest();
        broker.nextRequest();
        c.tell(ConnectionActor.Close.INSTANCE);
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertTrue(failed.error().getMessage().contains("closed by the driver"), failed.error().getMessage());
        events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        events.expectTerminated(c, WAIT);
    }

    @Test
    void aRefusedConnectionIsReportedDownAndFailsStashedRequestsAsUnwritten() throws Exception {
        broker = FakeBroker.start(r -> Ignore.INSTANCE);
        ConnectionSettings refused = ConnectionSettings.defaults(broker.address(), "c");
        broker.close();
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(FirstMessage.before(ConnectionActor.create(refused,
                events.ref()), metadata("m", replies.ref())));
        ConnectionActor.Down down = events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        assertTrue(down.reason().getMessage().contains("could not connect"), down.reason().getMessage());
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertFalse(failed.written());
        assertNotNull(failed.error());
        events.expectTerminated(c, WAIT);
    }

    private static Object tagOf(FakeBroker.Received r) {
        return ((ProduceRequest) r.body()).transactionalId();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
