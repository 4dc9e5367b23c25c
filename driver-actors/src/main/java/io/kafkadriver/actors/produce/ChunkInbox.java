/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.actors.support.SignalQueue;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The signal-and-queue mailbox of one producer actor: items go into a lock-free queue and the owner gets one
 * {@code wakeUp} message when it turns non-empty (see {@link SignalQueue}). Created before its owner is spawned and
 * bound to it right after, before anything is offered.
 *
 * @param <T> the item type
 * @param <C> the owner's command type
 */
public final class ChunkInbox<T, C> {
    private final SignalQueue<T> queue;
    private volatile ActorRef<C> owner;

    /**
     * Creates an inbox.
     *
     * @param wakeUp the message that tells the owner to drain
     */
    public ChunkInbox(C wakeUp) {
        Objects.requireNonNull(wakeUp, "wakeUp");
        this.queue = new SignalQueue<>(() -> owner.tell(wakeUp));
    }

    /**
     * Binds the inbox to its owner; once, before the first {@link #offer}.
     *
     * @param ref the owner
     */
    public void bind(ActorRef<C> ref) {
        this.owner = Objects.requireNonNull(ref, "ref");
    }

    /**
     * Adds an item; from any thread, never blocks.
     *
     * @param item the item
     */
    public void offer(T item) {
        queue.offer(item);
    }

    /**
     * Drains up to {@code max} items; from the owner only.
     *
     * @param sink receives them
     * @param max  the most to take this turn
     * @return how many were taken
     */
    int drain(Consumer<? super T> sink, int max) {
        return queue.drain(sink, max);
    }

    /**
     * Whether the inbox looks empty now (a snapshot).
     *
     * @return true when nothing waits
     */
    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
