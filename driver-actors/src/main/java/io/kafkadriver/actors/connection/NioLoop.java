/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one I/O thread of an actor system's plaintext connections ({@link NioTransport}): a selector loop that
 * connects, reads every socket that has bytes, cuts the frames out and hands them to their connection's callback,
 * and finishes the writes a socket could not take at once. Created on first use, as an extension of the actor
 * system, and stopped when the system terminates (every connection still open then is ended with a failure).
 *
 * <p>Other threads hand it work through {@link #execute}, which wakes the selector; that happens when a connection
 * opens or ends and when a socket's send buffer is full, not per request nor per response.
 */
final class NioLoop implements Extension, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NioLoop.class);

    /** The extension's id: {@code NioLoop.ID.apply(system)} is the system's loop. */
    static final ExtensionId<NioLoop> ID = new ExtensionId<>() {
        @Override
        public NioLoop createExtension(ActorSystem<?> system) {
            // The driver's own system is named kafka-driver: its thread is kafka-driver-io.
            NioLoop loop = new NioLoop(system.name().equals("kafka-driver") ? "kafka-driver-io"
                    : "kafka-driver-io-" + system.name());
            system.getWhenTerminated().thenRun(loop::stop);
            return loop;
        }
    };

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    NioLoop(String threadName) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a selector for the driver's connections", e);
        }
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The selector the loop's channels register with; only the loop's thread may use it, but for {@link #wakeup}.
     *
     * @return the selector
     */
    Selector selector() {
        return selector;
    }

    /**
     * Whether the caller runs on the loop's thread.
     *
     * @return true on the loop's thread
     */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs a task on the loop's thread, before its next wait for readiness; from another thread it wakes the loop.
     * After the loop stopped, the task is dropped (its connections were ended when the loop stopped).
     *
     * @param task the task
     */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Makes the loop look at its channels again (a channel closed from another thread is released there). */
    void wakeup() {
        selector.wakeup();
    }

    /** Stops the loop; the connections it still has are ended with a failure. */
    void stop() {
        stopped = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                runTasks();
                selector.select(this::ready);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the driver's I/O loop failed; its connections are ended", e);
        } finally {
            endAll();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("a task of the driver's I/O loop failed", e);
            }
        }
    }

    private void ready(SelectionKey key) {
        ((NioTransport) key.attachment()).ready(key);
    }

    private void endAll() {
        tasks.clear();
        List<NioTransport> open = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                open.add((NioTransport) key.attachment());
            }
        } catch (RuntimeException e) {
            // A selector closed under us: nothing is left to end.
        }
        for (NioTransport t : open) {
            t.abort();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the driver's selector failed", e);
        }
    }
}
