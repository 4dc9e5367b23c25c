/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actor of one client's {@link Delivery}: it runs the delivery's work one piece at a time, in the order it was
 * handed over (chunks in arrival order, resumes, grants, events), so listeners are called one at a time and each
 * partition's records stay in offset order. The state it works on (partitions held, paused, stopped; receivers and
 * their demand) belongs to the delivery, touched only from here but for the pause and stop flags, which callers set
 * at once so that a pause takes effect at the next record.
 *
 * <p>When it stops, every chunk still held gives its bytes back to the fetch budget. If a piece of work fails (a
 * listener throwing an {@code Error}, a bug), the actor fails and its parent, the driver, hears of it.
 */
public final class DeliveryActor {
    /** What the delivery's actor accepts. */
    public sealed interface Command permits Run, Stop {
    }

    /**
     * A piece of the delivery's work.
     *
     * @param work the work
     */
    record Run(Runnable work) implements Command {
    }

    /** Stop the delivery. */
    public enum Stop implements Command { INSTANCE }

    private DeliveryActor() {
    }

    static Behavior<Command> create(Delivery<?> delivery) {
        return Behaviors.receive(Command.class)
                .onMessage(Run.class, m -> {
                    m.work().run();
                    return Behaviors.same();
                })
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .onSignal(PostStop.class, s -> {
                    delivery.released();
                    return Behaviors.same();
                })
                .build();
    }
}
