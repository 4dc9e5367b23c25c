/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.node;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.actors.connection.ConnectionClosedException;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.support.Backoff;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One broker: owns one {@link ConnectionActor} per {@link Purpose}, opened on first use, and reopened after a failure
 * once an exponential backoff with jitter has passed. While a purpose is backing off, requests for it fail at once as
 * not written, so the router that sent them can re-route or retry instead of waiting on a dead broker.
 *
 * <p>It tells its owner (the cluster actor) when a connection becomes ready and when one goes down, so the owner can
 * refresh metadata and stop routing to a broker that keeps failing.
 */
public final class NodeActor {

    /** What the node accepts. */
    public sealed interface Command permits Send, Stop, ConnectionEvent, ConnectionGone, BackoffOver {
    }

    /**
     * Send a request on the connection of a purpose.
     *
     * @param purpose which connection
     * @param request the request, answered by the connection
     */
    public record Send(Purpose purpose, ConnectionActor.Send request) implements Command {
    }

    /** Close every connection (pending requests fail) and stop. */
    public enum Stop implements Command { INSTANCE }

    /** What the node tells its owner. */
    public sealed interface Event permits Healthy, Unhealthy {
    }

    /**
     * A connection to the node became ready.
     *
     * @param nodeId  the node
     * @param purpose the connection's purpose
     */
    public record Healthy(int nodeId, Purpose purpose) implements Event {
    }

    /**
     * A connection to the node went down.
     *
     * @param nodeId              the node
     * @param purpose             the connection's purpose
     * @param consecutiveFailures failures since the last ready connection of that purpose
     * @param reason              why
     */
    public record Unhealthy(int nodeId, Purpose purpose, int consecutiveFailures, Throwable reason) implements Event {
    }

    record ConnectionEvent(ConnectionActor.Event event) implements Command {
    }

    record ConnectionGone(Purpose purpose, int generation) implements Command {
    }

    record BackoffOver(Purpose purpose) implements Command {
    }

    /** The state of one purpose's connection. */
    private static final class Slot {
        ActorRef<ConnectionActor.Command> connection;
        int generation;
        int failures;
        boolean backingOff;
        long retryInMs;
        /** Why the last connection ended, so that requests refused during the backoff say it (e.g. auth failed). */
        Throwable lastFailure;
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final int nodeId;
    private final ConnectionSettings settings;
    private final Backoff backoff;
    private final ActorRef<Event> owner;
    private final Map<Purpose, Slot> slots = new EnumMap<>(Purpose.class);
    /** One adapter for all connections (Pekko keeps one adapter per message class); events name their connection. */
    private final ActorRef<ConnectionActor.Event> events;

    private NodeActor(ActorContext<Command> context, TimerScheduler<Command> timers, int nodeId,
                      ConnectionSettings settings, Backoff backoff, ActorRef<Event> owner) {
        this.context = context;
        this.timers = timers;
        this.nodeId = nodeId;
        this.settings = settings;
        this.backoff = backoff;
        this.owner = owner;
        for (Purpose p : Purpose.values()) {
            slots.put(p, new Slot());
        }
        this.events = context.messageAdapter(ConnectionActor.Event.class, ConnectionEvent::new);
    }

    /**
     * The behavior of a node.
     *
     * @param nodeId   the broker's node id (negative for a seed whose id is not known yet)
     * @param settings the connection settings, address included
     * @param backoff  the reconnect backoff
     * @param owner    who hears {@link Healthy} and {@link Unhealthy}
     * @return the behavior
     */
    public static Behavior<Command> create(int nodeId, ConnectionSettings settings, Backoff backoff,
                                           ActorRef<Event> owner) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(owner, "owner");
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new NodeActor(context, timers, nodeId, settings, backoff, owner).running()));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(Send.class, this::onSend)
                .onMessage(ConnectionEvent.class, this::onConnectionEvent)
                .onMessage(ConnectionGone.class, this::onConnectionGone)
                .onMessage(BackoffOver.class, m -> {
                    slots.get(m.purpose()).backingOff = false;
                    return Behaviors.same();
                })
                .onMessageEquals(Stop.INSTANCE, this::onStop)
                .build();
    }

    private Behavior<Command> onSend(Send send) {
        Slot slot = slots.get(send.purpose());
        if (slot.backingOff) {
            ConnectionActor.Send r = send.request();
            r.replyTo().tell(new ConnectionActor.Failed(r.tag(), new ConnectionClosedException("node " + nodeId
                    + " (" + settings.address() + ") is unreachable; next " + send.purpose().label()
                    + " connection attempt in at most " + slot.retryInMs + " ms; last failure: "
                    + (slot.lastFailure == null ? "none" : slot.lastFailure.getMessage()), slot.lastFailure), false));
            return Behaviors.same();
        }
        if (slot.connection == null) {
            open(send.purpose(), slot);
        }
        slot.connection.tell(send.request());
        return Behaviors.same();
    }

    private void open(Purpose purpose, Slot slot) {
        int generation = ++slot.generation;
        String name = "node-" + (nodeId < 0 ? "seed" + (-nodeId) : nodeId) + "-" + purpose.label() + "-" + generation;
        slot.connection = context.spawn(ConnectionActor.create(settings, events), name,
                DispatcherSelector.sameAsParent());
        context.watchWith(slot.connection, new ConnectionGone(purpose, generation));
    }

    private Behavior<Command> onConnectionEvent(ConnectionEvent m) {
        ActorRef<ConnectionActor.Command> from = m.event() instanceof ConnectionActor.Ready r ? r.connection()
                : ((ConnectionActor.Down) m.event()).connection();
        for (Map.Entry<Purpose, Slot> e : slots.entrySet()) {
            Slot slot = e.getValue();
            if (!from.equals(slot.connection)) {
                continue;
            }
            if (m.event() instanceof ConnectionActor.Down down) {
                connectionLost(e.getKey(), slot, down.reason());
            } else {
                slot.failures = 0;
                owner.tell(new Healthy(nodeId, e.getKey()));
            }
        }
        // An event of a connection no slot holds any more is stale: dropped.
        return Behaviors.same();
    }

    private Behavior<Command> onConnectionGone(ConnectionGone m) {
        Slot slot = slots.get(m.purpose());
        if (m.generation() == slot.generation && slot.connection != null) {
            // Stopped without a Down event: it failed (a bug); treat it as a lost connection.
            connectionLost(m.purpose(), slot, new ConnectionClosedException("connection actor for node " + nodeId
                    + " stopped unexpectedly"));
        }
        return Behaviors.same();
    }

    private void connectionLost(Purpose purpose, Slot slot, Throwable reason) {
        slot.connection = null;
        slot.lastFailure = reason;
        slot.failures++;
        slot.backingOff = true;
        slot.retryInMs = backoff.delayMs(slot.failures);
        timers.startSingleTimer(purpose, new BackoffOver(purpose), java.time.Duration.ofMillis(slot.retryInMs));
        owner.tell(new Unhealthy(nodeId, purpose, slot.failures, reason));
    }

    private Behavior<Command> onStop() {
        // Stopping stops the connections too; each fails the requests it holds as it stops.
        return Behaviors.stopped();
    }
}
