/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsRequest;
import io.kafkadriver.protocol.message.ApiVersionsResponse;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.message.RequestHeader;
import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import io.kafkadriver.protocol.version.UnsupportedApiVersionException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;

/**
 * One TCP connection to one broker, for one purpose (produce, fetch, or group/admin traffic).
 *
 * <p>States: {@code connecting} (TCP connect, then the TLS handshake if TLS is on) → {@code handshaking} (ApiVersions)
 * → {@code authenticating} (SaslHandshake, SaslAuthenticate…, only with SASL) → {@code ready} → stopped. Requests
 * sent before {@code ready} are stashed. With SASL, a session the broker gives a lifetime (KIP-368) is
 * re-authenticated in place at 85-95% of it ({@link ReauthSchedule}): new requests wait in the queue, the in-flight
 * ones are answered first, then the exchange runs on the idle connection, then the queue moves on, so no request
 * fails because of it. In {@code ready}, up to {@code maxInFlight} requests are written in order
 * and their responses matched by correlation id (Kafka answers in order on a connection); Metadata requests jump the
 * queue of requests waiting for an in-flight slot (kafka-sharp's rule: fresh metadata unblocks everything else).
 *
 * <p>The actor lives exactly as long as its TCP connection. When the connection ends for any reason (closed by
 * the broker, network failure, bad bytes, a request not answered within {@code requestTimeout}, or {@link Close}),
 * every request it holds is answered with one {@link Failed} carrying a {@link ConnectionClosedException} that says
 * why, its {@code written} flag telling whether the broker may have seen it; then the actor stops. Its parent (the
 * node actor) decides when to open a new one.
 */
public final class ConnectionActor {

    /** What the connection accepts. */
    public sealed interface Command permits Send, Close, Connected, ConnectFailed, FrameReceived, TransportClosed,
            RequestTimedOut, ReauthDue {
    }

    /**
     * Send a request and answer {@code replyTo} with its {@link Reply}.
     *
     * @param api            the API
     * @param request        the request body
     * @param expectResponse false only for Produce with acks=0: the broker sends nothing back, and the reply is a
     *                       {@link Response} with a null body as soon as the request is written
     * @param timeout        how long to wait for the answer, or null for the connection's request timeout (a
     *                       JoinGroup, held by the broker for a whole rebalance, needs more)
     * @param tag            any object, handed back in the reply so the caller can tell replies apart
     * @param replyTo        who gets the reply
     */
    public record Send(ApiKey api, Message request, boolean expectResponse, Duration timeout, Object tag,
                       ActorRef<Reply> replyTo) implements Command {
    }

    /** Close the connection now; everything pending is answered with {@link Failed}. */
    public enum Close implements Command { INSTANCE }

    /** The answer to a {@link Send}. */
    public sealed interface Reply permits Response, Failed {
        /**
         * The tag of the {@link Send}.
         *
         * @return the tag
         */
        Object tag();
    }

    /**
     * The broker's answer.
     *
     * @param tag      the tag of the request
     * @param api      the API
     * @param version  the version used
     * @param response the decoded response, or null for a request that expects none
     */
    public record Response(Object tag, ApiKey api, short version, Message response) implements Reply {
    }

    /**
     * The request got no answer.
     *
     * @param tag     the tag of the request
     * @param error   why (a {@link ConnectionClosedException}, or {@link UnsupportedApiVersionException})
     * @param written whether the request may have reached the broker (its outcome is then unknown)
     */
    public record Failed(Object tag, Throwable error, boolean written) implements Reply {
    }

    /** What the connection tells its parent. */
    public sealed interface Event permits Ready, Down {
    }

    /**
     * The connection is ready: the handshake is done.
     *
     * @param connection the connection
     * @param versions   the broker's API versions
     */
    public record Ready(ActorRef<Command> connection, BrokerApiVersions versions) implements Event {
    }

    /**
     * The connection ended.
     *
     * @param connection the connection
     * @param reason     why
     */
    public record Down(ActorRef<Command> connection, Throwable reason) implements Event {
    }

    record Connected() implements Command {
    }

    record ConnectFailed(Throwable cause) implements Command {
    }

    record FrameReceived(ByteBuffer frame) implements Command {
    }

    record TransportClosed(Throwable cause) implements Command {
    }

    record RequestTimedOut(int correlationId) implements Command {
    }

    record ReauthDue() implements Command {
    }

    private record Pending(Send send, int correlationId, short version) {
    }

    /** The one SASL request written and not answered yet. */
    private record SaslPending(int correlationId, ApiKey api, short version) {
    }

    private static final String SOFTWARE_NAME = "kafka-driver";
    private static final String SOFTWARE_VERSION = "0.1.0";
    private static final short HANDSHAKE_VERSION = 3;
    private static final int STASH_CAPACITY = 10_000;
    private static final Object HANDSHAKE_TIMER = new Object();
    private static final Object REAUTH_TIMER = new Object();

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final StashBuffer<Command> stash;
    private final ConnectionSettings settings;
    private final ActorRef<Event> parent;
    private final Transport transport;
    private final ProtocolWriter writer = new ProtocolWriter();
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Send> waitingMetadata = new ArrayDeque<>();
    private final ArrayDeque<Send> waiting = new ArrayDeque<>();
    private int nextCorrelationId;
    private BrokerApiVersions versions;
    private boolean closed;
    private final ReauthSchedule reauthSchedule = new ReauthSchedule(
            () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    private SaslSteps saslSteps;
    /** A re-authentication is due: nothing new is written until it is done. */
    private boolean reauthDue;

    private ConnectionActor(ActorContext<Command> context, TimerScheduler<Command> timers,
                            StashBuffer<Command> stash, ConnectionSettings settings, ActorRef<Event> parent) {
        this.context = context;
        this.timers = timers;
        this.stash = stash;
        this.settings = settings;
        this.parent = parent;
        ActorRef<Command> self = context.getSelf();
        Transport.Settings tcp = new Transport.Settings(settings.sendBufferBytes(), settings.recvBufferBytes(),
                settings.connectTimeout(), 1024, settings.maxFrameBytes());
        this.transport = Transport.open(context.getSystem(), settings.address(), tcp, settings.security().tls(),
                frame -> self.tell(new FrameReceived(frame)), cause -> self.tell(new TransportClosed(cause)));
        context.pipeToSelf(transport.connected(), (ok, failure) ->
                failure == null ? new Connected() : new ConnectFailed(failure));
        timers.startSingleTimer(HANDSHAKE_TIMER, new RequestTimedOut(-1), settings.connectTimeout());
    }

    /**
     * The behavior of a new connection, which starts connecting at once.
     *
     * @param settings where and how to connect
     * @param parent   who hears {@link Ready} and {@link Down}
     * @return the behavior
     */
    public static Behavior<Command> create(ConnectionSettings settings, ActorRef<Event> parent) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH_CAPACITY,
                stash -> new ConnectionActor(context, timers, stash, settings, parent).connecting())));
    }

    private Behavior<Command> connecting() {
        return Behaviors.receive(Command.class)
                .onMessage(Connected.class, m -> startHandshake(HANDSHAKE_VERSION))
                .onMessage(ConnectFailed.class, m -> transportFailed("could not connect", m.cause()))
                .onMessage(Send.class, this::stashOrFail)
                .onMessage(FrameReceived.class, m -> shutDown("bytes arrived before the handshake", null))
                .onMessage(TransportClosed.class, m -> transportFailed("could not connect", m.cause()))
                .onMessageEquals(Close.INSTANCE, () -> shutDown("closed by the driver", null))
                .onMessage(RequestTimedOut.class, m -> shutDown("connect timed out after "
                        + settings.connectTimeout().toMillis() + " ms", null))
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    private Behavior<Command> startHandshake(short version) {
        ApiVersionsRequest request = new ApiVersionsRequest();
        if (version >= 3) {
            request.setClientSoftwareName(SOFTWARE_NAME).setClientSoftwareVersion(SOFTWARE_VERSION);
        }
        int correlationId = nextCorrelationId();
        if (!write(ApiKey.API_VERSIONS, request, version, correlationId)) {
            return shutDown("the write queue refused the handshake", null);
        }
        return handshaking(correlationId, version);
    }

    private Behavior<Command> handshaking(int correlationId, short version) {
        return Behaviors.receive(Command.class)
                .onMessage(FrameReceived.class, m -> onHandshakeResponse(m.frame(), correlationId, version))
                .onMessage(Send.class, this::stashOrFail)
                .onMessage(TransportClosed.class, m -> closedInHandshake(m.cause()))
                .onMessageEquals(Close.INSTANCE, () -> shutDown("closed by the driver", null))
                .onMessage(RequestTimedOut.class, m -> shutDown("no ApiVersions answer within "
                        + settings.connectTimeout().toMillis() + " ms", null))
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    private Behavior<Command> onHandshakeResponse(ByteBuffer frame, int correlationId, short version) {
        ApiVersionsResponse response;
        try {
            ProtocolReader reader = new ProtocolReader(frame);
            // ApiVersions responses always use response header v0, whatever the request version (KIP-511).
            int received = reader.readInt32("correlation_id");
            if (received != correlationId) {
                throw new DecodeException("correlation id mismatch in the ApiVersions handshake: expected "
                        + correlationId + ", got " + received);
            }
            // A broker that does not know our ApiVersions version answers with a v0 body and UNSUPPORTED_VERSION.
            boolean unsupported = frame.remaining() >= 6 && frame.getShort(frame.position() + 4) == 35;
            response = ApiVersionsResponse.decode(reader, unsupported ? 0 : version);
        } catch (DecodeException e) {
            return shutDown("undecodable ApiVersions response (is this a Kafka broker?): " + e.getMessage(), e);
        }
        if (response.errorCode() == 35) {
            short brokerMax = maxApiVersionsVersion(response);
            if (brokerMax >= 0 && brokerMax < version) {
                return startHandshake(brokerMax);
            }
        }
        if (response.errorCode() != 0) {
            return shutDown("ApiVersions failed with error code " + response.errorCode(), null);
        }
        String belowFloor = settings.floor().violation(response);
        if (belowFloor != null) {
            context.getLog().error("connection to {}: {}", settings.address(), belowFloor);
            return shutDown(belowFloor, null);
        }
        versions = BrokerApiVersions.from(response);
        context.getLog().debug("connected to {} ({})", settings.address(), versions);
        if (settings.security().sasl() != null) {
            return startAuthentication(false);
        }
        return becomeReady();
    }

    private Behavior<Command> becomeReady() {
        timers.cancel(HANDSHAKE_TIMER);
        parent.tell(new Ready(context.getSelf(), versions));
        return stash.unstashAll(ready());
    }

    /** Closed before ApiVersions was answered: with TLS not yet established, a failed TLS handshake. */
    private Behavior<Command> closedInHandshake(Throwable cause) {
        if (settings.security().tls() != null && !transport.tlsEstablished()) {
            return authenticationFailed(TlsErrors.describe(cause) + (cause != null && cause.getMessage() != null
                    ? " (" + cause.getMessage() + ")" : ""), cause);
        }
        return transportFailed("connection closed during the ApiVersions handshake (is this a Kafka broker, and is it"
                + " a plaintext listener? A TLS listener closes a plaintext connection)", cause);
    }

    /** A transport failure: a TLS failure is named as such (an authentication failure), the rest as they are. */
    private Behavior<Command> transportFailed(String why, Throwable cause) {
        if (settings.security().tls() != null && TlsErrors.isTls(cause)) {
            return authenticationFailed(TlsErrors.describe(cause) + " (" + cause.getMessage() + ")", cause);
        }
        return shutDown(why, cause);
    }

    // ---- SASL (initial authentication and KIP-368 re-authentication) ----

    private Behavior<Command> startAuthentication(boolean reauth) {
        saslSteps = new SaslSteps(settings.security().sasl());
        if (reauth) {
            timers.startSingleTimer(HANDSHAKE_TIMER, new RequestTimedOut(-1), settings.requestTimeout());
        }
        return saslStep(saslSteps.start(), reauth);
    }

    private Behavior<Command> saslStep(SaslSteps.Step step, boolean reauth) {
        if (step instanceof SaslSteps.Refused refused) {
            return authenticationFailed(refused.why(), null);
        }
        if (step instanceof SaslSteps.Authenticated done) {
            return authenticated(done.sessionLifetimeMs(), reauth);
        }
        SaslSteps.SendNext next = (SaslSteps.SendNext) step;
        short version;
        try {
            version = versions.versionFor(next.api());
        } catch (UnsupportedApiVersionException e) {
            return authenticationFailed("the broker does not support " + next.api().apiName() + ": " + e.getMessage(),
                    e);
        }
        if (next.api() == ApiKey.SASL_HANDSHAKE && version < 1) {
            // v0 sends the SASL tokens as raw frames (pre-KIP-152); brokers since 1.0 speak v1.
            return authenticationFailed("the broker supports only SaslHandshake v0 (Kafka before 1.0)", null);
        }
        int correlationId = nextCorrelationId();
        if (!write(next.api(), next.request(), version, correlationId)) {
            return shutDown("the write queue refused a SASL request", null);
        }
        return authenticating(new SaslPending(correlationId, next.api(), version), reauth);
    }

    private Behavior<Command> authenticating(SaslPending pending, boolean reauth) {
        return Behaviors.receive(Command.class)
                .onMessage(FrameReceived.class, m -> onSaslResponse(m.frame(), pending, reauth))
                .onMessage(Send.class, m -> reauth ? enqueue(m) : stashOrFail(m))
                .onMessage(TransportClosed.class, m -> transportFailed("the broker closed the connection during SASL"
                        + " authentication (it does after a failed authentication, and on a listener without SASL)",
                        m.cause()))
                .onMessageEquals(Close.INSTANCE, () -> shutDown("closed by the driver", null))
                .onMessage(RequestTimedOut.class, m -> m.correlationId() >= 0 ? onTimeout(m)
                        : shutDown("no SASL answer within " + (reauth ? settings.requestTimeout()
                                : settings.connectTimeout()).toMillis() + " ms", null))
                .onMessage(ReauthDue.class, m -> Behaviors.same())
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    private Behavior<Command> onSaslResponse(ByteBuffer frame, SaslPending pending, boolean reauth) {
        Message response;
        try {
            response = decode(frame, pending.correlationId(), pending.api(), pending.version());
        } catch (DecodeException e) {
            return shutDown("undecodable " + pending.api().apiName() + " response: " + e.getMessage(), e);
        }
        return saslStep(saslSteps.onResponse(response), reauth);
    }

    private Behavior<Command> authenticated(long sessionLifetimeMs, boolean reauth) {
        saslSteps = null;
        long delay = reauthSchedule.delayMs(sessionLifetimeMs);
        if (delay > 0) {
            timers.startSingleTimer(REAUTH_TIMER, new ReauthDue(), Duration.ofMillis(delay));
        }
        if (!reauth) {
            context.getLog().debug("authenticated to {} with {} (session lifetime {} ms)", settings.address(),
                    settings.security().sasl(), sessionLifetimeMs);
            return becomeReady();
        }
        timers.cancel(HANDSHAKE_TIMER);
        reauthDue = false;
        context.getLog().debug("re-authenticated to {} with {} (session lifetime {} ms)", settings.address(),
                settings.security().sasl(), sessionLifetimeMs);
        pump(); // may shut the connection down (a full write queue): then closed is set
        return closed ? Behaviors.stopped() : ready();
    }

    private Behavior<Command> onReauthDue() {
        reauthDue = true;
        return inFlight.isEmpty() ? startAuthentication(true) : Behaviors.same();
    }

    /** Queues a request to write (Metadata in its own queue, which goes first); writes nothing. */
    private Behavior<Command> enqueue(Send send) {
        (send.api() == ApiKey.METADATA ? waitingMetadata : waiting).add(send);
        return Behaviors.same();
    }

    private Behavior<Command> authenticationFailed(String why, Throwable cause) {
        return shutDown(why, new AuthenticationFailedException("connection to " + settings.address() + ": " + why,
                cause));
    }

    private static short maxApiVersionsVersion(ApiVersionsResponse response) {
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            if (v.apiKeyValue() == ApiKey.API_VERSIONS.id()) {
                return v.maxVersion();
            }
        }
        return -1;
    }

    private Behavior<Command> ready() {
        return Behaviors.receive(Command.class)
                .onMessage(Send.class, this::onSend)
                .onMessage(FrameReceived.class, m -> onResponse(m.frame()))
                .onMessage(RequestTimedOut.class, this::onTimeout)
                .onMessage(ReauthDue.class, m -> onReauthDue())
                .onMessage(TransportClosed.class, m -> shutDown("connection closed by the broker or the network",
                        m.cause()))
                .onMessageEquals(Close.INSTANCE, () -> shutDown("closed by the driver", null))
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    private Behavior<Command> stashOrFail(Send send) {
        if (stash.isFull()) {
            send.replyTo().tell(new Failed(send.tag(), new ConnectionClosedException("too many requests ("
                    + STASH_CAPACITY + ") waiting for the connection to " + settings.address()), false));
        } else {
            stash.stash(send);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onSend(Send send) {
        enqueue(send);
        return pump();
    }

    /** Writes waiting requests while in-flight slots are free; Metadata first. Nothing while re-auth is due. */
    private Behavior<Command> pump() {
        while (!reauthDue && inFlight.size() < settings.maxInFlight()) {
            Send send = waitingMetadata.isEmpty() ? waiting.poll() : waitingMetadata.poll();
            if (send == null) {
                break;
            }
            short version;
            try {
                version = versions.versionFor(send.api());
            } catch (UnsupportedApiVersionException e) {
                send.replyTo().tell(new Failed(send.tag(), e, false));
                continue;
            }
            int correlationId = nextCorrelationId();
            if (!write(send.api(), send.request(), version, correlationId)) {
                waiting.addFirst(send);
                return shutDown("the write queue to the socket is full", null);
            }
            if (send.expectResponse()) {
                inFlight.add(new Pending(send, correlationId, version));
                Duration timeout = send.timeout() != null ? send.timeout() : settings.requestTimeout();
                timers.startSingleTimer(correlationId, new RequestTimedOut(correlationId), timeout);
            } else {
                send.replyTo().tell(new Response(send.tag(), send.api(), version, null));
            }
        }
        return Behaviors.same();
    }

    private Behavior<Command> onResponse(ByteBuffer frame) {
        Pending head = inFlight.poll();
        if (head == null) {
            return shutDown("a response arrived with no request in flight", null);
        }
        timers.cancel(head.correlationId());
        Message response;
        try {
            response = decode(frame, head.correlationId(), head.send().api(), head.version());
        } catch (DecodeException e) {
            inFlight.addFirst(head);
            return shutDown("undecodable " + head.send().api().apiName() + " v" + head.version() + " response: "
                    + e.getMessage(), e);
        }
        head.send().replyTo().tell(new Response(head.send().tag(), head.send().api(), head.version(), response));
        if (reauthDue && inFlight.isEmpty()) {
            return startAuthentication(true);
        }
        return pump();
    }

    private static Message decode(ByteBuffer frame, int correlationId, ApiKey api, short version) {
        ProtocolReader reader = new ProtocolReader(frame);
        int received = reader.readInt32("correlation_id");
        if (received != correlationId) {
            throw new DecodeException("correlation id mismatch: expected " + correlationId + ", got " + received);
        }
        if (api.responseHeaderVersion(version) >= 1) {
            skipTaggedFields(reader);
        }
        Message response = api.newResponse();
        response.read(reader, version);
        return response;
    }

    private static void skipTaggedFields(ProtocolReader reader) {
        int count = reader.readUnsignedVarint("response header tagged field count");
        for (int i = 0; i < count; i++) {
            reader.readUnsignedVarint("response header tag");
            reader.skip(reader.readTaggedFieldSize("response header tagged field"), "response header tagged field");
        }
    }

    private Behavior<Command> onTimeout(RequestTimedOut timeout) {
        for (Pending p : inFlight) {
            if (p.correlationId() == timeout.correlationId()) {
                long ms = (p.send().timeout() != null ? p.send().timeout() : settings.requestTimeout()).toMillis();
                return shutDown(p.send().api().apiName() + " request (correlation id " + p.correlationId()
                        + ") got no answer within " + ms + " ms", null);
            }
        }
        return Behaviors.same();
    }

    private boolean write(ApiKey api, Message body, short version, int correlationId) {
        RequestHeader header = new RequestHeader().setRequestApiKey(api.id()).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId(settings.clientId());
        short headerVersion = api.requestHeaderVersion(version);
        writer.reset();
        writer.writeInt32(header.size(headerVersion) + body.size(version));
        header.write(writer, headerVersion);
        body.write(writer, version);
        ByteString bytes = ByteString.emptyByteString();
        for (ByteBuffer b : writer.buffers()) {
            if (writer.isReusable(b) || !b.hasArray()) {
                bytes = bytes.concat(ByteString.fromByteBuffer(b)); // copied: the writer reuses its buffer
            } else {
                // A record batch (immutable once sealed) or an outgrown writer buffer: referenced, not copied.
                bytes = bytes.concat(ByteString.fromArrayUnsafe(b.array(), b.arrayOffset() + b.position(),
                        b.remaining()));
            }
        }
        return transport.write(bytes);
    }

    private int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    /** Stopped from outside (its parent stopped): fail what it holds, without telling the stopping parent. */
    private Behavior<Command> onPostStop() {
        if (!closed) {
            failEverything(new ConnectionClosedException("connection to " + settings.address()
                    + ": stopped with its node"));
        }
        return Behaviors.same();
    }

    /** Fails everything this connection holds, tells the parent, and stops. */
    private Behavior<Command> shutDown(String why, Throwable cause) {
        boolean auth = cause instanceof AuthenticationFailedException;
        String message = "connection to " + settings.address() + ": " + why
                + (!auth && cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "");
        ConnectionClosedException error = new ConnectionClosedException(message, cause);
        if (auth || cause instanceof DecodeException || why.startsWith("undecodable")) {
            context.getLog().warn("{}; closing it", message);
        } else {
            context.getLog().info("{}", message);
        }
        failEverything(error);
        parent.tell(new Down(context.getSelf(), error));
        return Behaviors.stopped();
    }

    private void failEverything(ConnectionClosedException error) {
        closed = true;
        transport.abort();
        List<Command> stashed = new ArrayList<>();
        stash.forEach(stashed::add);
        for (Pending p : inFlight) {
            p.send().replyTo().tell(new Failed(p.send().tag(), error, true));
        }
        inFlight.clear();
        failUnwritten(waitingMetadata, error);
        failUnwritten(waiting, error);
        for (Command c : stashed) {
            if (c instanceof Send s) {
                s.replyTo().tell(new Failed(s.tag(), error, false));
            }
        }
    }

    private static void failUnwritten(ArrayDeque<Send> queue, ConnectionClosedException error) {
        for (Send s : queue) {
            s.replyTo().tell(new Failed(s.tag(), error, false));
        }
        queue.clear();
    }
}
