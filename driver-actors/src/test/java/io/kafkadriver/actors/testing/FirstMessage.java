/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.testing;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Puts a message in an actor's mailbox before its behavior starts, for tests where the order would be a race. */
public final class FirstMessage {
    private FirstMessage() {
    }

    /**
     * A behavior that tells itself {@code first}, then becomes {@code behavior}: the message is handled first, before
     * anything the behavior's start causes (a connection opening its socket, whose failure on loopback comes back at
     * once).
     *
     * @param behavior the actor's behavior
     * @param first    the message
     * @param <T>      the message type
     * @return the behavior to spawn
     */
    public static <T> Behavior<T> before(Behavior<T> behavior, T first) {
        return Behaviors.setup(ctx -> {
            ctx.getSelf().tell(first);
            return behavior;
        });
    }
}
