/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.protocol.record.Header;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread-safe front of the producer, owned by the produce side: any thread submits records here, and they reach
 * the produce router through its signal-and-queue inbox (no {@code tell} per record). It does the admission
 * ({@code maxBufferedMessages}, with the overflow strategy: DISCARD reports the record at once, BLOCK waits at most
 * {@code overflowBlockTimeout}, then refuses it), serializes key and value objects (at once, or at send time by the
 * batcher), and offers flush, close and the abort of what is left.
 *
 * <p>Every admitted record ends exactly once: acknowledged, or dropped (discarded or expired), told to its callback
 * and to the {@link ProduceListener}.
 */
public final class ProducerFront {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerFront.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The timestamp that means "now". */
    public static final long NO_TIMESTAMP = -1;

    private final ProducerAccounting accounting;
    private final ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> routerInbox =
            new ChunkInbox<>(ProduceRouterActor.Drain.INSTANCE);
    private final ProduceListener listener;
    private final RecordSerializers serializers;
    private final int maxBufferedMessages;
    private final boolean discardOnOverflow;
    private final Duration overflowBlockTimeout;
    private final boolean serializeOnProduce;
    private volatile ActorRef<ProduceRouterActor.Command> router;
    private volatile boolean closed;
    /** The admitted count when the buffer was last found full: one nudge each time it fills, not one per caller. */
    private final AtomicLong fullAt = new AtomicLong(-1);

    /**
     * Creates the front; {@link #attach} it to its router before the first record.
     *
     * @param maxBufferedMessages  the most records admitted and not settled, or -1 for no bound
     * @param discardOnOverflow    true to discard a record beyond the bound, false to wait for room
     * @param overflowBlockTimeout the longest wait for room
     * @param serializeOnProduce   true to serialize objects at once, false at send time
     * @param serializers          the serializers of key and value objects
     * @param listener             hears every outcome
     */
    public ProducerFront(int maxBufferedMessages, boolean discardOnOverflow, Duration overflowBlockTimeout,
                         boolean serializeOnProduce, RecordSerializers serializers, ProduceListener listener) {
        this.maxBufferedMessages = maxBufferedMessages;
        this.accounting = new ProducerAccounting(maxBufferedMessages < 0 ? -1 : maxBufferedMessages);
        this.discardOnOverflow = discardOnOverflow;
        this.overflowBlockTimeout = Objects.requireNonNull(overflowBlockTimeout, "overflowBlockTimeout");
        this.serializeOnProduce = serializeOnProduce;
        this.serializers = Objects.requireNonNull(serializers, "serializers");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The router's inbox, for the router's creation.
     *
     * @return the inbox
     */
    public ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> routerInbox() {
        return routerInbox;
    }

    /**
     * The accounting, for the router's creation.
     *
     * @return the accounting
     */
    public ProducerAccounting accounting() {
        return accounting;
    }

    /**
     * The listener the actors report outcomes to.
     *
     * @return the listener
     */
    public ProduceListener listener() {
        return listener;
    }

    /**
     * The serializers.
     *
     * @return the registry
     */
    public RecordSerializers serializers() {
        return serializers;
    }

    /**
     * Binds the front to its router.
     *
     * @param routerRef the produce router
     */
    public void attach(ActorRef<ProduceRouterActor.Command> routerRef) {
        this.router = routerRef;
        routerInbox.bind(routerRef);
    }

    /** Refuses records from now on. */
    public void close() {
        closed = true;
    }

    /**
     * Whether records are refused (closed, or closing).
     *
     * @return true once {@link #close()} was called
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Says that the buffer is full, with the setting that bounds it.
     *
     * @return the message
     */
    public String bufferFull() {
        return "the producer buffer is full (maxBufferedMessages " + maxBufferedMessages + ")";
    }

    /**
     * Sends every buffered record now and completes when every record admitted before has settled.
     *
     * @return the completion
     */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = accounting.flush();
        if (!done.isDone()) {
            router.tell(ProduceRouterActor.FlushNow.INSTANCE);
        }
        return done;
    }

    /**
     * Submits a record of bytes.
     *
     * @param topic     the topic
     * @param partition the partition, or -1
     * @param timestamp the timestamp, or {@link #NO_TIMESTAMP} for now
     * @param key       the key, or null
     * @param value     the value, or null
     * @param headers   the headers, or null
     * @param callback  told the record's outcome, or null
     * @return true when admitted; false when DISCARD dropped it (reported to the listener and the callback)
     * @throws IllegalStateException after {@link #close()}
     * @throws ProduceException      under BLOCK when no room came within the timeout
     */
    public boolean submit(String topic, int partition, long timestamp, byte[] key, byte[] value,
                          List<Header> headers, ProduceCallback callback) {
        return submit(topic, partition, timestamp, key, value, null, null, null, headers, callback);
    }

    /**
     * Submits a record whose key and value may be objects: each is used as is when it is a {@code byte[]}, else
     * serialized (at once, or at send time) by {@link RecordSerializers}. An object serialized at once and
     * {@link AutoCloseable} is closed right after.
     *
     * @param topic    the topic
     * @param key      the key, bytes or an object, or null
     * @param value    the value, bytes or an object, or null
     * @param callback told the record's outcome, or null
     * @return see {@link #submit(String, int, long, byte[], byte[], List, ProduceCallback)}
     * @throws IllegalArgumentException when no serializer fits an object (before anything is admitted)
     */
    public boolean submitObjects(String topic, Object key, Object value, ProduceCallback callback) {
        if (key != null && !(key instanceof byte[])) {
            serializers.forKey(topic, key); // fails fast when nothing can serialize it
        }
        if (value != null && !(value instanceof byte[])) {
            serializers.forValue(topic, value);
        }
        return submitObjects(topic, -1, NO_TIMESTAMP, key, value, null, serializers.encoder(), callback);
    }

    /**
     * Submits a record whose key and value may be objects, serialized by a given encoder (a typed producer's own
     * serializers): as {@link #submitObjects(String, Object, Object, ProduceCallback)} with a partition, a timestamp
     * and headers.
     *
     * @param topic     the topic
     * @param partition the partition, or -1
     * @param timestamp the timestamp, or {@link #NO_TIMESTAMP} for now
     * @param key       the key, bytes or an object, or null
     * @param value     the value, bytes or an object, or null
     * @param headers   the headers, or null
     * @param encoder   serializes the object key and value, at once or when their batch is encoded
     * @param callback  told the record's outcome, or null
     * @return see {@link #submit(String, int, long, byte[], byte[], List, ProduceCallback)}
     */
    public boolean submitObjects(String topic, int partition, long timestamp, Object key, Object value,
                                 List<Header> headers, RecordEncoder encoder, ProduceCallback callback) {
        boolean keyIsObject = key != null && !(key instanceof byte[]);
        boolean valueIsObject = value != null && !(value instanceof byte[]);
        if (!keyIsObject && !valueIsObject) {
            return submit(topic, partition, timestamp, (byte[]) key, (byte[]) value, headers, callback);
        }
        if (serializeOnProduce) {
            byte[] k = keyIsObject ? encoder.key(topic, key) : (byte[]) key;
            byte[] v = valueIsObject ? encoder.value(topic, value) : (byte[]) value;
            closeQuietly(key);
            if (value != key) {
                closeQuietly(value);
            }
            return submit(topic, partition, timestamp, k, v, headers, callback);
        }
        return submit(topic, partition, timestamp, keyIsObject ? null : (byte[]) key,
                valueIsObject ? null : (byte[]) value, keyIsObject ? key : null, valueIsObject ? value : null,
                encoder, headers, callback);
    }

    private boolean submit(String topic, int partition, long timestamp, byte[] key, byte[] value, Object keyObject,
                           Object valueObject, RecordEncoder encoder, List<Header> headers,
                           ProduceCallback callback) {
        if (closed) {
            throw new IllegalStateException("the client is closed: record for topic " + topic + " refused");
        }
        long now = System.currentTimeMillis();
        long stamp = timestamp == NO_TIMESTAMP ? now : timestamp;
        if (!accounting.hasRoom() && !sendAllAndWaitForRoom(topic)) {
            // DISCARD: never admitted, so reported here, and not settled in the accounting.
            OutgoingRecord r = new OutgoingRecord(topic, partition, key, value, keyObject, valueObject, encoder,
                    headers, stamp, now, -1, callback);
            r.partition = partition;
            Drop drop = Drop.discarded(new ProduceException(bufferFull() + ": record for topic " + topic
                    + " discarded (overflowStrategy DISCARD)", null));
            try {
                listener.dropped(List.of(r), drop);
            } catch (RuntimeException | Error e) {
                io.kafkadriver.actors.support.ListenerFailures.ignore(LOG, "a produce event listener", null, e);
            }
            if (callback != null) {
                callback.dropped(r, drop);
            }
            return false;
        }
        routerInbox.offer(new OutgoingRecord(topic, partition, key, value, keyObject, valueObject, encoder, headers,
                stamp, now, accounting.admit(), callback));
        return true;
    }

    /**
     * The buffer is full: every batch goes now, whatever its linger (F10: a cap below the batch size must not make
     * the producer wait a linger per batch). The batchers seal everything when they see the buffer full themselves,
     * but each sees only its own records, and may have looked before the last of them was admitted.
     */
    private boolean sendAllAndWaitForRoom(String topic) {
        long admitted = accounting.admittedCount();
        long last = fullAt.get();
        if (last != admitted && fullAt.compareAndSet(last, admitted)) {
            router.tell(ProduceRouterActor.FlushNow.INSTANCE);
        }
        return waitForRoom(topic);
    }

    /** The buffer is full: false to discard; true once room came (BLOCK); throws when it did not come in time. */
    private boolean waitForRoom(String topic) {
        if (discardOnOverflow) {
            return false;
        }
        boolean room;
        try {
            room = accounting.awaitRoom(overflowBlockTimeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProduceException("interrupted while waiting for room: " + bufferFull(), e);
        }
        if (!room) {
            throw new ProduceException(bufferFull() + " and no room came within " + overflowBlockTimeout.toMillis()
                    + " ms (overflowBlockTimeout): record for topic " + topic + " refused", null);
        }
        return true;
    }

    /**
     * Has router and batchers report every record they still hold as discarded, waiting a bounded time.
     *
     * @param reason    why, for the reports
     * @param scheduler the actor system's scheduler, for the ask
     */
    public void abortPending(Exception reason, Scheduler scheduler) {
        LOG.warn("{} record(s) still unacknowledged: reporting them as discarded ({})", accounting.buffered(),
                reason.getMessage());
        try {
            AskPattern.<ProduceRouterActor.Command, ProducerBatcherActor.Aborted>ask(router,
                    replyTo -> new ProduceRouterActor.Abort(reason, replyTo), STOP_TIMEOUT, scheduler)
                    .toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("the producer did not report its pending records within {} ms", STOP_TIMEOUT.toMillis());
        }
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing a produced key or value of type {} failed; ignored", o.getClass().getName(), e);
            }
        }
    }
}
