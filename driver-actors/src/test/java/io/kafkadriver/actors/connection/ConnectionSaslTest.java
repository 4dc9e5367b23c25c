package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.testing.FakeBroker;
import io.kafkadriver.actors.testing.FakeBroker.Respond;
import io.kafkadriver.actors.testing.FirstMessage;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ProduceRequest;
import io.kafkadriver.protocol.message.ProduceResponse;
import io.kafkadriver.protocol.message.SaslAuthenticateRequest;
import io.kafkadriver.protocol.message.SaslAuthenticateResponse;
import io.kafkadriver.protocol.message.SaslHandshakeRequest;
import io.kafkadriver.protocol.message.SaslHandshakeResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/**
 * Issue 18: SASL on the connection actor against a scripted fake broker: the order ApiVersions, SaslHandshake,
 * SaslAuthenticate, then traffic; a refused authentication named with the broker's message; KIP-368
 * re-authentication (ManualTime) that holds new requests until the in-flight ones are answered.
 */
class ConnectionSaslTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConnectionSecurity PLAIN = new ConnectionSecurity(null, new ConnectionSecurity.Sasl("PLAIN",
            "alice", () -> new PlainExchange("alice", "alice-secret")));

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

    private ConnectionSettings settings() {
        return ConnectionSettings.defaults(broker.address(), "sasl-test").withRequestTimeout(Duration.ofSeconds(30))
                .withSecurity(PLAIN);
    }

    private static ConnectionActor.Send produce(Object tag, ActorRef<ConnectionActor.Reply> replyTo) {
        return new ConnectionActor.Send(ApiKey.PRODUCE, new ProduceRequest().setAcks((short) 1).setTimeoutMs(1000),
                true, null, tag, replyTo);
    }

    private static FakeBroker.Action sasl(FakeBroker.Received r, long lifetimeMs) {
        if (r.api() == ApiKey.SASL_HANDSHAKE) {
            return new Respond(new SaslHandshakeResponse().setMechanisms(List.of("PLAIN")));
        }
        return new Respond(new SaslAuthenticateResponse().setAuthBytes(new byte[0]).setSessionLifetimeMs(lifetimeMs));
    }

    @Test
    void theConnectionAuthenticatesAfterApiVersionsAndBeforeAnyRequest() throws Exception {
        broker = FakeBroker.start(r -> r.api() == ApiKey.PRODUCE ? new Respond(new ProduceResponse()) : sasl(r, 0));
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings(), events.ref()));
        c.tell(produce("early", replies.ref()));
        assertEquals(ApiKey.API_VERSIONS, broker.nextRequest().api());
        FakeBroker.Received handshake = broker.nextRequest();
        assertEquals(ApiKey.SASL_HANDSHAKE, handshake.api());
        assertEquals(1, handshake.version(), "SaslHandshake v1: the tokens travel in SaslAuthenticate");
        assertEquals("PLAIN", ((SaslHandshakeRequest) handshake.body()).mechanism());
        FakeBroker.Received authenticate = broker.nextRequest();
        assertEquals(ApiKey.SASL_AUTHENTICATE, authenticate.api());
        assertEquals("\u0000alice\u0000alice-secret", new String(((SaslAuthenticateRequest) authenticate.body())
                .authBytes(), StandardCharsets.UTF_8));
        events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        assertEquals(ApiKey.PRODUCE, broker.nextRequest().api(), "the stashed request goes out after authentication");
        assertEquals("early", replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
    }

    @Test
    void aRefusedAuthenticationFailsTheConnectionWithTheBrokersMessageAndNoSecret() throws Exception {
        broker = FakeBroker.start(r -> r.api() == ApiKey.SASL_HANDSHAKE ? sasl(r, 0)
                : new Respond(new SaslAuthenticateResponse().setErrorCode((short) 58)
                .setErrorMessage("Authentication failed: Invalid username or password").setAuthBytes(new byte[0])));
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        // The request waits for the authentication, which fails at once on loopback.
        ActorRef<ConnectionActor.Command> c = KIT.spawn(FirstMessage.before(ConnectionActor.create(settings(),
                events.ref()), produce("never", replies.ref())));
        ConnectionActor.Down down = events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        String message = down.reason().getMessage();
        assertTrue(message.contains("SASL authentication failed (mechanism PLAIN, user 'alice'),"
                + " SASL_AUTHENTICATION_FAILED: Authentication failed: Invalid username or password"), message);
        assertInstanceOf(AuthenticationFailedException.class, down.reason().getCause());
        assertTrue(!message.contains("alice-secret"), message);
        ConnectionActor.Failed failed = replies.expectMessageClass(ConnectionActor.Failed.class, WAIT);
        assertEquals(message, failed.error().getMessage(), "the request fails with the same clear cause");
        events.expectTerminated(c, WAIT);
    }

    @Test
    void anUnsupportedMechanismIsNamedWithTheOnesTheBrokerEnables() throws Exception {
        broker = FakeBroker.start(r -> new Respond(new SaslHandshakeResponse().setErrorCode((short) 33)
                .setMechanisms(List.of("SCRAM-SHA-512"))));
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        KIT.spawn(ConnectionActor.create(settings(), events.ref()));
        String message = events.expectMessageClass(ConnectionActor.Down.class, WAIT).reason().getMessage();
        assertTrue(message.contains("does not enable SASL mechanism PLAIN") && message.contains("[SCRAM-SHA-512]"),
                message);
    }

    /**
     * Flow: authenticated with a 10 s session; Produce 1 is written and the broker holds its answer; the re-auth
     * point (at most 9.5 s) passes; Produce 2 is sent. Produce 2 must wait: the broker then reads Produce 1's
     * successor only after answering it, and that successor is the re-authentication, then Produce 2. Both
     * produce requests succeed.
     */
    @Test
    void reauthenticationWaitsForInFlightRequestsAndHoldsNewOnesUntilDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<ApiKey> order = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] produces = {0};
        broker = FakeBroker.start(r -> {
            order.add(r.api());
            if (r.api() != ApiKey.PRODUCE) {
                return sasl(r, 10_000);
            }
            if (produces[0]++ == 0) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Respond(new ProduceResponse());
        });
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings(), events.ref()));
        events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        c.tell(produce(1, replies.ref()));
        for (int i = 0; i < 4; i++) {
            broker.nextRequest(); // ApiVersions, SaslHandshake, SaslAuthenticate, Produce 1
        }
        TIME.timePasses(Duration.ofMillis(9_500));
        c.tell(produce(2, replies.ref()));
        replies.expectNoMessage(Duration.ofMillis(200));
        release.countDown();
        assertEquals(1, replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
        assertEquals(2, replies.expectMessageClass(ConnectionActor.Response.class, WAIT).tag());
        assertEquals(List.of(ApiKey.SASL_HANDSHAKE, ApiKey.SASL_AUTHENTICATE, ApiKey.PRODUCE,
                ApiKey.SASL_HANDSHAKE, ApiKey.SASL_AUTHENTICATE, ApiKey.PRODUCE), order);
        events.expectNoMessage(Duration.ofMillis(100));
        c.tell(ConnectionActor.Close.INSTANCE);
    }
}
