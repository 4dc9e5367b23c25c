/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.protocol.record.Header;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers consumed records, one at a time, to the record listeners, or in batches within their demand to the actor
 * receivers of their topic; each partition in offset order. The work runs on the delivery's actor
 * ({@link DeliveryActor}, one per client, on Pekko's blocking-I/O dispatcher since listeners are the application's
 * code), so listeners are called one at a time; chunks are decoded on the actor system's default dispatcher as soon
 * as they are fetched, in parallel with the delivery of earlier ones.
 *
 * <p>This object is the thread-safe front: fetchers hand it chunks ({@link ConsumeListener}), callers pause, resume,
 * stop and grant from any thread. The pause and stop flags are read at every record, so a pause (even from inside a
 * listener) takes effect at the next record; a paused partition's chunks are held (from the record where the pause
 * hit) and delivered on resume, so pause and resume neither skip nor repeat a record. Each chunk's {@code done} runs
 * once it is delivered or dropped, which frees its bytes in the fetch budget and lets its partition be fetched again
 * (the throttling).
 *
 * @param <R> the record type handed to listeners and receivers
 */
public final class Delivery<R> implements ConsumeListener {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /**
     * Makes the delivered record from a decoded one.
     *
     * @param <R> the record type
     */
    @FunctionalInterface
    public interface RecordFactory<R> {
        /**
         * A record.
         *
         * @param topic     the topic
         * @param partition the partition
         * @param offset    the offset
         * @param timestamp the timestamp
         * @param key       the key, or null
         * @param value     the value, or null
         * @param headers   the headers
         * @return the record
         */
        R record(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                 List<Header> headers);
    }

    /**
     * The fetching side of the delivery's decisions (the consume router): the delivery owns what is consumed, paused
     * and stopped, and tells the fetching side.
     */
    public interface FetchControl {
        /**
         * Start fetching a topic (partition -1) or a partition.
         *
         * @param topic     the topic
         * @param partition the partition, or -1
         * @param position  where to start
         */
        void start(String topic, int partition, StartPosition position);

        /**
         * Pause or resume fetching.
         *
         * @param topic     the topic
         * @param partition the partition, or -1
         * @param paused    true to pause
         */
        void paused(String topic, int partition, boolean paused);

        /**
         * Stop fetching.
         *
         * @param topic     the topic
         * @param partition the partition, or -1
         */
        void stopped(String topic, int partition);
    }

    /** Hears the consumer's incidents, on the delivery's actor, in order with the records. */
    public interface Events {
        /**
         * A position was out of range and was reset.
         *
         * @param topic     the topic
         * @param partition the partition
         * @param from      the position that was out of range
         * @param to        where consumption resumes
         */
        void offsetReset(String topic, int partition, long from, long to);

        /**
         * A partition stopped being consumed.
         *
         * @param topic     the topic
         * @param partition the partition
         * @param error     why
         */
        void failed(String topic, int partition, Exception error);
    }

    /**
     * Thrown by a record listener that cannot take the record it was handed (a typed consumer whose deserializer
     * failed under {@code RETRY}): the partition pauses at that record, which is not counted as delivered (a group
     * never commits past it), and resuming the partition hands it to every listener again. Without a stack trace: it
     * is a signal, not an error.
     */
    public static final class HoldPartition extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * A hold.
         *
         * @param why for logs
         */
        public HoldPartition(String why) {
            super(why, null, false, false);
        }
    }

    private final ChunkDecoder decoder;
    private final boolean readCommitted;
    private final RecordFactory<R> factory;
    private final Events events;
    private final Map<TopicPartitionRef, Gate> gates = new ConcurrentHashMap<>();
    /** Topics paused as a whole. */
    private final Map<String, Boolean> topicState = new ConcurrentHashMap<>();
    private final List<Consumer<R>> listeners;
    private final boolean trackPositions;
    private final FetchControl fetching;
    /** Actor-level consumers by topic: their records go to them in batches bounded by their demand. */
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
    /** The actor-level consumer of every topic that has none of its own (a group's), or null. */
    private volatile Receiver anyTopic;
    private volatile ActorRef<DeliveryActor.Command> actor;
    private volatile Executor decoders;
    private volatile boolean closed;

    /**
     * Creates the delivery; {@link #spawn} starts it.
     *
     * @param maxDecompressedBytes the most bytes one batch may inflate to
     * @param readCommitted        whether aborted transactional data is skipped
     * @param fetching             the fetching side, told what this delivery decides
     * @param factory              makes the delivered records
     * @param events               hears offset resets and partition failures
     */
    public Delivery(int maxDecompressedBytes, boolean readCommitted, FetchControl fetching,
                    RecordFactory<R> factory, Events events) {
        this(maxDecompressedBytes, readCommitted, fetching, factory, events, new CopyOnWriteArrayList<>(), false);
    }

    /**
     * Creates a delivery whose record listeners are a list shared with others (a client's groups and its simple
     * consumer hand their records to the same listeners); {@link #spawn} starts it.
     *
     * @param maxDecompressedBytes the most bytes one batch may inflate to
     * @param readCommitted        whether aborted transactional data is skipped
     * @param fetching             the fetching side, told what this delivery decides
     * @param factory              makes the delivered records
     * @param events               hears offset resets and partition failures
     * @param listeners            the record listeners: a thread-safe list, read at every record
     * @param trackPositions       whether {@link #positions} is kept (a group's commits need it; it costs an offset
     *                             array per chunk, which the simple consumer does without)
     */
    public Delivery(int maxDecompressedBytes, boolean readCommitted, FetchControl fetching,
                    RecordFactory<R> factory, Events events, List<Consumer<R>> listeners, boolean trackPositions) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.trackPositions = trackPositions;
        this.decoder = new ChunkDecoder(maxDecompressedBytes);
        this.readCommitted = readCommitted;
        this.fetching = Objects.requireNonNull(fetching, "fetching");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Spawns the delivery's actor as a child of {@code parent}, once, before the first chunk arrives: on Pekko's
     * blocking-I/O dispatcher, decoding on the default one.
     *
     * @param parent the parent's context
     * @param name   the child's name
     * @return the actor (stopping it closes the delivery)
     */
    public ActorRef<DeliveryActor.Command> spawn(ActorContext<?> parent, String name) {
        return spawn(parent, name, DispatcherSelector.blocking(), DispatcherSelector.defaultDispatcher());
    }

    /**
     * Spawns the delivery's actor as a child of {@code parent}, once, before the first chunk arrives.
     *
     * @param parent   the parent's context
     * @param name     the child's name
     * @param runOn    where the actor (and so the listeners) runs
     * @param decodeOn where chunks are decoded
     * @return the actor (stopping it closes the delivery)
     */
    public ActorRef<DeliveryActor.Command> spawn(ActorContext<?> parent, String name, DispatcherSelector runOn,
                                                 DispatcherSelector decodeOn) {
        if (actor != null) {
            throw new IllegalStateException("the delivery is already started");
        }
        decoders = parent.getSystem().dispatchers().lookup(decodeOn);
        actor = parent.spawn(DeliveryActor.create(this), name, runOn);
        return actor;
    }

    /**
     * The record listeners.
     *
     * @return the live list
     */
    public List<Consumer<R>> listeners() {
        return listeners;
    }

    private void execute(Runnable work) {
        actor.tell(new DeliveryActor.Run(work));
    }

    private Gate gate(String topic, int partition) {
        return gates.computeIfAbsent(new TopicPartitionRef(topic, partition), k -> {
            Gate g = new Gate();
            g.paused = topicState.containsKey(topic); // a partition first seen while its topic is paused
            return g;
        });
    }

    /**
     * Starts consuming a topic or a partition: opens it for delivery (a start after a stop delivers again) and
     * starts fetching it.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for every partition
     * @param position  where to start
     */
    public void start(String topic, int partition, StartPosition position) {
        if (partition >= 0) {
            open(topic, partition);
        } else {
            openTopic(topic);
        }
        fetching.start(topic, partition, position);
    }

    /**
     * Pauses or resumes a topic or a partition: delivery at the next record, and fetching.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     * @param paused    true to pause
     */
    public void pause(String topic, int partition, boolean paused) {
        if (partition >= 0) {
            setPaused(topic, partition, paused);
        } else {
            setTopicPaused(topic, paused);
        }
        fetching.paused(topic, partition, paused);
    }

    /**
     * Stops consuming a topic or a partition: what is fetched and not delivered is dropped, and fetching stops.
     *
     * @param topic     the topic
     * @param partition the partition, or -1 for the whole topic
     */
    public void stopConsuming(String topic, int partition) {
        if (partition >= 0) {
            stop(topic, partition);
        } else {
            stopTopic(topic);
        }
        fetching.stopped(topic, partition);
    }

    /**
     * Opens a partition for delivery (a start after a stop delivers again).
     *
     * @param topic     the topic
     * @param partition the partition
     */
    private void open(String topic, int partition) {
        gate(topic, partition).stopped = false;
    }

    /**
     * Pauses or resumes delivery of a partition.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param paused    true to pause
     */
    private void setPaused(String topic, int partition, boolean paused) {
        Gate g = gate(topic, partition);
        g.paused = paused;
        if (!paused) {
            execute(() -> drainHeld(g));
        }
    }

    /**
     * Stops delivery of a partition: what is held or queued for it is dropped.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    private void stop(String topic, int partition) {
        Gate g = gate(topic, partition);
        g.stopped = true;
        execute(() -> drainHeld(g));
    }

    /**
     * Opens every partition of a topic for delivery, including those not seen yet.
     *
     * @param topic the topic
     */
    private void openTopic(String topic) {
        gates.forEach((tp, g) -> {
            if (tp.topic().equals(topic)) {
                g.stopped = false;
            }
        });
    }

    /**
     * Pauses or resumes every partition of a topic, including those not seen yet.
     *
     * @param topic  the topic
     * @param paused true to pause
     */
    private void setTopicPaused(String topic, boolean paused) {
        topicState.compute(topic, (t, s) -> paused ? Boolean.TRUE : null);
        gates.forEach((tp, g) -> {
            if (tp.topic().equals(topic)) {
                setPaused(topic, tp.partition(), paused);
            }
        });
    }

    /**
     * Stops delivery of every partition of a topic.
     *
     * @param topic the topic
     */
    private void stopTopic(String topic) {
        gates.forEach((tp, g) -> {
            if (tp.topic().equals(topic)) {
                stop(topic, tp.partition());
            }
        });
    }

    /**
     * A consumer group's assignment: opens each partition for delivery (a pause of the partition from an earlier
     * assignment is forgotten; a pause of its whole topic holds), then, on the delivery's actor, runs
     * {@code beforeFirstRecord} (the assigned listeners) and only then starts fetching, so no record of these
     * partitions is delivered before it returns.
     *
     * @param start             where each partition starts
     * @param beforeFirstRecord runs on the delivery's actor first
     */
    public void assign(Map<TopicPartitionRef, StartPosition> start, Runnable beforeFirstRecord) {
        for (TopicPartitionRef tp : start.keySet()) {
            Gate g = gate(tp.topic(), tp.partition());
            g.stopped = false;
            g.paused = topicState.containsKey(tp.topic());
            g.next = -1;
        }
        execute(() -> {
            try {
                beforeFirstRecord.run();
            } finally {
                start.forEach((tp, position) -> fetching.start(tp.topic(), tp.partition(), position));
            }
        });
    }

    /**
     * Takes partitions away (a group's revoke or loss): their delivery stops at once, at a record boundary, what is
     * held for them is dropped and their fetching stops. Then, on the delivery's actor, so after any listener call
     * in progress returns and before any other record, {@code afterStopped} is handed the offset after the last
     * record delivered of each partition (only those that delivered one since their assignment).
     *
     * @param partitions   the partitions
     * @param afterStopped runs on the delivery's actor with the delivered positions
     */
    public void revoke(Set<TopicPartitionRef> partitions, Consumer<Map<TopicPartitionRef, Long>> afterStopped) {
        List<Gate> stopped = new ArrayList<>();
        for (TopicPartitionRef tp : partitions) {
            Gate g = gate(tp.topic(), tp.partition());
            g.stopped = true;
            stopped.add(g);
            fetching.stopped(tp.topic(), tp.partition());
        }
        execute(() -> {
            stopped.forEach(this::drainHeld);
            afterStopped.accept(positions(partitions));
        });
    }

    /**
     * The offset after the last record delivered (the listeners returned, or the receiver was sent it) of each
     * partition that delivered one since it was opened: what a group commits. Any thread. Empty unless the delivery
     * was made to keep positions.
     *
     * @param partitions the partitions asked about
     * @return the positions, for those that have one
     */
    public Map<TopicPartitionRef, Long> positions(Set<TopicPartitionRef> partitions) {
        Map<TopicPartitionRef, Long> out = new java.util.HashMap<>();
        for (TopicPartitionRef tp : partitions) {
            Gate g = gates.get(tp);
            if (g != null && g.next >= 0) {
                out.put(tp, g.next);
            }
        }
        return out;
    }

    /**
     * Sends the records of every topic without a receiver of its own to this one, as
     * {@link #setReceiver(String, Consumer, long)} does for one topic (a group's actor consumer, whose topics come
     * with its assignment).
     *
     * @param sink   gets each batch, on the delivery's actor; must not block
     * @param demand the records it may be sent before it grants more
     */
    public void setAnyTopicReceiver(Consumer<List<R>> sink, long demand) {
        anyTopic = new Receiver(sink, demand);
    }

    /**
     * Grants the any-topic receiver more records.
     *
     * @param n how many more, at least 1
     * @return false when there is none
     */
    public boolean grantAnyTopic(long n) {
        Receiver r = anyTopic;
        if (r == null) {
            return false;
        }
        r.demand.addAndGet(n);
        execute(() -> drainWaiting(r));
        return true;
    }

    /**
     * Sends a topic's records to a receiver instead of the listeners, in batches of at most its outstanding demand:
     * while it has none, the topic's chunks are held (and, holding their budget bytes, stop the fetching), never
     * dropped. Replaces any receiver the topic had.
     *
     * @param topic  the topic
     * @param sink   gets each batch, on the delivery's actor; must not block
     * @param demand the records it may be sent before it grants more
     */
    public void setReceiver(String topic, Consumer<List<R>> sink, long demand) {
        Receiver r = new Receiver(sink, demand);
        Receiver old = receivers.put(topic, r);
        if (old != null) {
            execute(() -> {
                r.waiting.addAll(old.waiting);
                drainWaiting(r);
            });
        }
    }

    /**
     * Gives a topic's records back to the listeners.
     *
     * @param topic the topic
     */
    public void removeReceiver(String topic) {
        Receiver old = receivers.remove(topic);
        if (old != null) {
            execute(() -> old.waiting.forEach(this::drainHeld));
        }
    }

    /**
     * Grants a topic's receiver more records.
     *
     * @param topic the topic
     * @param n     how many more, at least 1
     * @return false when the topic has no receiver
     */
    public boolean grant(String topic, long n) {
        Receiver r = receivers.get(topic);
        if (r == null) {
            return false;
        }
        r.demand.addAndGet(n);
        execute(() -> drainWaiting(r));
        return true;
    }

    private void drainWaiting(Receiver r) {
        List<Gate> waiting = new ArrayList<>(r.waiting);
        r.waiting.clear();
        waiting.forEach(this::drainHeld);
    }

    @Override
    public void deliver(FetchedChunk chunk) {
        if (closed) {
            chunk.done().run();
            return;
        }
        Gate g = gate(chunk.topic(), chunk.partition());
        // Decoding starts at once, in parallel with the delivery of earlier chunks; the actor takes chunks in
        // arrival order, so each partition keeps its offset order.
        Held h = new Held(chunk, CompletableFuture.supplyAsync(() -> decode(chunk), decoders));
        execute(() -> run(g, h));
    }

    private Decoded<R> decode(FetchedChunk c) {
        List<R> all = new ArrayList<>();
        String topic = c.topic();
        int partition = c.partition();
        Offsets offsets = trackPositions ? new Offsets() : null;
        decoder.decodeEach(c, readCommitted, (offset, timestamp, key, value, headers) -> {
            all.add(factory.record(topic, partition, offset, timestamp, key, value, headers));
            if (offsets != null) {
                offsets.add(offset);
            }
        });
        return new Decoded<>(all, offsets == null ? null : offsets.values);
    }

    /** The decoded records of a chunk and, when positions are kept, their offsets. */
    private record Decoded<R>(List<R> records, long[] offsets) {
    }

    /** A growable array of offsets. */
    private static final class Offsets {
        long[] values = new long[64];
        int size;

        void add(long offset) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = offset;
        }
    }

    private void run(Gate g, Held h) {
        if (g.stopped) {
            h.chunk.done().run();
            return;
        }
        if (g.paused || !g.held.isEmpty()) {
            g.held.addLast(h);
            return;
        }
        if (!deliverFrom(g, h)) {
            g.held.addFirst(h);
        }
    }

    private void drainHeld(Gate g) {
        while (!g.held.isEmpty()) {
            if (g.stopped) {
                g.held.pollFirst().chunk.done().run();
                continue;
            }
            if (g.paused) {
                return;
            }
            Held h = g.held.pollFirst();
            if (!deliverFrom(g, h)) {
                g.held.addFirst(h);
                return;
            }
        }
    }

    /** Delivers a chunk from where it stopped; false when it must wait (a pause, its decoding, demand). */
    private boolean deliverFrom(Gate g, Held h) {
        FetchedChunk c = h.chunk;
        if (h.records == null) {
            if (!h.decoded.isDone()) {
                // Never block the actor on a decode: come back to this partition once it is done.
                if (!h.awaited) {
                    h.awaited = true;
                    h.decoded.whenComplete((records, error) -> execute(() -> drainHeld(g)));
                }
                return false;
            }
            Decoded<R> all;
            try {
                all = h.decoded.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ce) {
                Throwable e = ce.getCause() != null ? ce.getCause() : ce;
                String why = "corrupt data in " + c.topic() + "-" + c.partition() + " after offset " + c.fromOffset()
                        + ": " + e.getMessage();
                LOG.error("{}; consumption of the partition stops", why, e);
                // The chunks queued behind this one must not be delivered: they would follow a gap. They are
                // dropped as they come; a new start of the partition opens it again.
                g.stopped = true;
                c.done().run();
                fetching.stopped(c.topic(), c.partition());
                events.failed(c.topic(), c.partition(), new IllegalStateException(why, e));
                return true;
            }
            h.records = all.records();
            h.offsets = all.offsets();
        }
        Receiver receiver = receivers.get(c.topic());
        if (receiver == null) {
            receiver = anyTopic;
        }
        if (receiver != null) {
            return deliverTo(receiver, g, h);
        }
        List<R> records = h.records;
        while (h.next < records.size()) {
            if (g.paused || g.stopped) {
                if (g.stopped) {
                    c.done().run();
                    return true;
                }
                return false;
            }
            R m = records.get(h.next);
            for (Consumer<R> l : listeners) {
                try {
                    l.accept(m);
                } catch (HoldPartition hold) {
                    // The record is not delivered: the partition pauses at it (its position stays before it) and a
                    // resume delivers it again, to every listener.
                    g.paused = true;
                    fetching.paused(c.topic(), c.partition(), true);
                    return false;
                } catch (RuntimeException | Error e) {
                    io.kafkadriver.actors.support.ListenerFailures.ignore(LOG, "a message-received listener", m, e);
                }
            }
            if (h.offsets != null) {
                g.delivered(h.offsets[h.next] + 1);
            }
            h.next++;
        }
        c.done().run();
        return true;
    }

    /** Sends a decoded chunk to an actor receiver, within its demand; false when it waits for demand or a resume. */
    private boolean deliverTo(Receiver r, Gate g, Held h) {
        List<R> records = h.records;
        while (h.next < records.size()) {
            if (g.stopped) {
                h.chunk.done().run();
                return true;
            }
            if (g.paused) {
                return false;
            }
            long demand = r.demand.get();
            if (demand <= 0) {
                r.waiting.add(g);
                return false;
            }
            int n = (int) Math.min(demand, records.size() - h.next);
            r.demand.addAndGet(-n);
            List<R> batch = List.copyOf(records.subList(h.next, h.next + n));
            h.next += n;
            if (h.offsets != null) {
                g.delivered(h.offsets[h.next - 1] + 1);
            }
            try {
                r.sink.accept(batch);
            } catch (RuntimeException e) {
                LOG.warn("a record receiver threw on a batch of {}; ignored", batch.size(), e);
            }
        }
        h.chunk.done().run();
        return true;
    }

    @Override
    public void offsetReset(String topic, int partition, long from, long to, long logStart) {
        execute(() -> events.offsetReset(topic, partition, from, to));
    }

    @Override
    public void partitionFailed(String topic, int partition, Exception error) {
        execute(() -> events.failed(topic, partition, error));
    }

    /** Stops the delivery: chunks that arrive from now on are dropped; its actor stops. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            if (actor != null) {
                actor.tell(DeliveryActor.Stop.INSTANCE);
            }
        }
    }

    /** The actor stopped: every held chunk gives its budget bytes back. On the actor. */
    void released() {
        closed = true;
        for (Gate g : gates.values()) {
            Held h;
            while ((h = g.held.pollFirst()) != null) {
                h.chunk.done().run();
            }
        }
    }

    /** A partition's delivery state; {@code held} is touched by the delivery's actor only. */
    private final class Gate {
        private static final java.lang.invoke.VarHandle NEXT;

        static {
            try {
                NEXT = java.lang.invoke.MethodHandles.lookup().findVarHandle(Delivery.Gate.class, "next", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ArrayDeque<Held> held = new ArrayDeque<>();
        volatile boolean paused;
        volatile boolean stopped;
        /** The offset after the last record delivered, or -1: written on the delivery's actor. */
        volatile long next = -1;

        /** Publishes a delivered position: a release store (a plain store on x86), read with a volatile read. */
        void delivered(long position) {
            NEXT.setRelease(this, position);
        }
    }

    /** An actor-level consumer of a topic; {@code waiting} is touched by the delivery's actor only. */
    private final class Receiver {
        final Consumer<List<R>> sink;
        final AtomicLong demand;
        final Set<Gate> waiting = new LinkedHashSet<>();

        Receiver(Consumer<List<R>> sink, long demand) {
            this.sink = sink;
            this.demand = new AtomicLong(demand);
        }
    }

    /** A chunk being delivered, with the index of its next record. */
    private final class Held {
        final FetchedChunk chunk;
        final CompletableFuture<Decoded<R>> decoded;
        List<R> records;
        long[] offsets;
        int next;
        boolean awaited;

        Held(FetchedChunk chunk, CompletableFuture<Decoded<R>> decoded) {
            this.chunk = chunk;
            this.decoded = decoded;
        }
    }
}
