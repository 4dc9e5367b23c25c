/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.consume.ChunkDecoder;
import io.kafkadriver.actors.consume.ConsumeListener;
import io.kafkadriver.actors.consume.FetchedChunk;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers consumed records to the {@code MessageReceived} listeners on one dedicated thread, so listeners are called
 * one at a time and each partition's records arrive in offset order. Chunks are decoded here, lazily, not in the
 * fetcher. A paused partition's chunks are held (from the record where the pause hit) and delivered on resume, so
 * pause and resume neither skip nor repeat a record. Each chunk's {@code done} runs once it is delivered or dropped,
 * which frees its bytes in the fetch budget and lets its partition be fetched again (the throttling).
 * Internal: not part of the API.
 */
public final class Delivery implements ConsumeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final ExecutorService thread;
    private final ExecutorService decoders;
    private final ChunkDecoder decoder;
    private final boolean readCommitted;
    private final Map<TopicPartitionRef, Gate> gates = new ConcurrentHashMap<>();
    /** Topics paused as a whole. */
    private final Map<String, Boolean> topicState = new ConcurrentHashMap<>();
    private final List<Consumer<ReceivedMessage>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<OffsetOutOfRange>> resetListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConsumeFailure>> failureListeners = new CopyOnWriteArrayList<>();
    private final Consumer<TopicPartitionRef> stopPartition;
    /** Actor-level consumers by topic: their records go to them in batches bounded by their demand. */
    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    /**
     * Creates the delivery and its thread.
     *
     * @param maxDecompressedBytes the most bytes one batch may inflate to
     * @param readCommitted        whether aborted transactional data is skipped
     * @param stopPartition        stops consuming a partition whose data cannot be decoded
     */
    public Delivery(int maxDecompressedBytes, boolean readCommitted, Consumer<TopicPartitionRef> stopPartition) {
        this.decoder = new ChunkDecoder(maxDecompressedBytes);
        this.readCommitted = readCommitted;
        this.stopPartition = stopPartition;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kafka-driver-delivery");
            t.setDaemon(true);
            return t;
        });
        int decodeThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "kafka-driver-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The record listeners.
     *
     * @return the live list
     */
    public List<Consumer<ReceivedMessage>> listeners() {
        return listeners;
    }

    /**
     * The offset-reset (data-loss) listeners.
     *
     * @return the live list
     */
    public List<Consumer<OffsetOutOfRange>> resetListeners() {
        return resetListeners;
    }

    /**
     * The consume-failure listeners.
     *
     * @return the live list
     */
    public List<Consumer<ConsumeFailure>> failureListeners() {
        return failureListeners;
    }

    private Gate gate(String topic, int partition) {
        return gates.computeIfAbsent(new TopicPartitionRef(topic, partition), k -> {
            Gate g = new Gate();
            g.paused = topicState.containsKey(topic); // a partition first seen while its topic is paused
            return g;
        });
    }

    /**
     * Opens a partition for delivery (a start after a stop delivers again).
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void open(String topic, int partition) {
        Gate g = gate(topic, partition);
        g.stopped = false;
    }

    /**
     * Pauses or resumes delivery of a partition.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param paused    true to pause
     */
    public void setPaused(String topic, int partition, boolean paused) {
        Gate g = gate(topic, partition);
        g.paused = paused;
        if (!paused) {
            thread.execute(() -> drainHeld(g));
        }
    }

    /**
     * Stops delivery of a partition: what is held or queued for it is dropped.
     *
     * @param topic     the topic
     * @param partition the partition
     */
    public void stop(String topic, int partition) {
        Gate g = gate(topic, partition);
        g.stopped = true;
        thread.execute(() -> drainHeld(g));
    }

    /**
     * Opens every partition of a topic for delivery, including those not seen yet.
     *
     * @param topic the topic
     */
    public void openTopic(String topic) {
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
    public void setTopicPaused(String topic, boolean paused) {
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
    public void stopTopic(String topic) {
        gates.forEach((tp, g) -> {
            if (tp.topic().equals(topic)) {
                stop(topic, tp.partition());
            }
        });
    }

    /**
     * Sends a topic's records to a receiver instead of the listeners, in batches of at most its outstanding demand:
     * while it has none, the topic's chunks are held (and, holding their budget bytes, stop the fetching), never
     * dropped. Replaces any receiver the topic had.
     *
     * @param topic   the topic
     * @param sink    gets each batch, on the delivery thread; must not block
     * @param demand  the records it may be sent before it grants more
     */
    public void setReceiver(String topic, Consumer<List<ReceivedMessage>> sink, long demand) {
        Receiver r = new Receiver(sink, demand);
        Receiver old = receivers.put(topic, r);
        if (old != null) {
            thread.execute(() -> {
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
            thread.execute(() -> old.waiting.forEach(this::drainHeld));
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
        thread.execute(() -> drainWaiting(r));
        return true;
    }

    private void drainWaiting(Receiver r) {
        List<Gate> gates = new ArrayList<>(r.waiting);
        r.waiting.clear();
        gates.forEach(this::drainHeld);
    }

    @Override
    public void deliver(FetchedChunk chunk) {
        Gate g = gate(chunk.topic(), chunk.partition());
        try {
            // Decoding starts at once on the decode pool, in parallel with the delivery of earlier chunks; the
            // delivery thread takes chunks in arrival order, so each partition keeps its offset order.
            CompletableFuture<List<ReceivedMessage>> decoded = CompletableFuture.supplyAsync(() -> decode(chunk),
                    decoders);
            thread.execute(() -> run(g, new Held(chunk, decoded)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            chunk.done().run(); // closing
        }
    }

    private List<ReceivedMessage> decode(FetchedChunk c) {
        List<ReceivedMessage> all = new ArrayList<>();
        String topic = c.topic();
        int partition = c.partition();
        decoder.decodeEach(c, readCommitted, (offset, timestamp, key, value, headers) -> all.add(
                new ReceivedMessage(topic, partition, offset, key, value, timestamp, headers(headers))));
        return all;
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

    /** Delivers a chunk from where it stopped; false when a pause stopped it again. */
    private boolean deliverFrom(Gate g, Held h) {
        FetchedChunk c = h.chunk;
        if (h.records == null) {
            List<ReceivedMessage> all;
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
                stopPartition.accept(new TopicPartitionRef(c.topic(), c.partition()));
                fire(failureListeners, new ConsumeFailure(c.topic(), c.partition(), new IllegalStateException(why,
                        e)));
                return true;
            }
            h.records = all;
        }
        List<ReceivedMessage> records = h.records;
        Receiver receiver = receivers.get(c.topic());
        if (receiver != null) {
            return deliverTo(receiver, g, h);
        }
        while (h.next < records.size()) {
            if (g.paused || g.stopped) {
                if (g.stopped) {
                    c.done().run();
                    return true;
                }
                return false;
            }
            ReceivedMessage m = records.get(h.next++);
            for (Consumer<ReceivedMessage> l : listeners) {
                try {
                    l.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("a message-received listener threw on {}; ignored", m, e);
                }
            }
        }
        c.done().run();
        return true;
    }

    /** Sends a decoded chunk to an actor receiver, within its demand; false when it waits for demand or a resume. */
    private boolean deliverTo(Receiver r, Gate g, Held h) {
        List<ReceivedMessage> records = h.records;
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
            List<ReceivedMessage> batch = List.copyOf(records.subList(h.next, h.next + n));
            h.next += n;
            try {
                r.sink.accept(batch);
            } catch (RuntimeException e) {
                LOG.warn("a record receiver threw on a batch of {}; ignored", batch.size(), e);
            }
        }
        h.chunk.done().run();
        return true;
    }

    private static List<Header> headers(List<io.kafkadriver.protocol.record.Header> hs) {
        if (hs == null || hs.isEmpty()) {
            return List.of();
        }
        List<Header> out = new ArrayList<>(hs.size());
        for (io.kafkadriver.protocol.record.Header h : hs) {
            out.add(new Header(h.key(), h.value()));
        }
        return out;
    }

    @Override
    public void offsetReset(String topic, int partition, long from, long to, long logStart) {
        OffsetOutOfRange event = new OffsetOutOfRange(topic, partition, from, to);
        thread.execute(() -> fire(resetListeners, event));
    }

    @Override
    public void partitionFailed(String topic, int partition, Exception error) {
        ConsumeFailure event = new ConsumeFailure(topic, partition, error);
        thread.execute(() -> fire(failureListeners, event));
    }

    /**
     * Calls each listener with an event; a listener that throws is logged and skipped, never stops the others.
     *
     * @param list  the listeners
     * @param event the event
     * @param <T>   the event type
     */
    public static <T> void fire(List<Consumer<T>> list, T event) {
        for (Consumer<T> l : list) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a listener threw on {}; ignored", event, e);
            }
        }
    }

    /** Stops the delivery thread, waiting a bounded time for the chunk in hand. */
    @Override
    public void close() {
        thread.shutdownNow();
        decoders.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An actor-level consumer of a topic; {@code waiting} is touched by the delivery thread only. */
    private static final class Receiver {
        final Consumer<List<ReceivedMessage>> sink;
        final java.util.concurrent.atomic.AtomicLong demand;
        final java.util.Set<Gate> waiting = new java.util.LinkedHashSet<>();

        Receiver(Consumer<List<ReceivedMessage>> sink, long demand) {
            this.sink = sink;
            this.demand = new java.util.concurrent.atomic.AtomicLong(demand);
        }
    }

    /** A partition's delivery state; {@code held} is touched by the delivery thread only. */
    private static final class Gate {
        final ArrayDeque<Held> held = new ArrayDeque<>();
        volatile boolean paused;
        volatile boolean stopped;
    }

    /** A chunk being delivered, with the index of its next record. */
    private static final class Held {
        final FetchedChunk chunk;
        final CompletableFuture<List<ReceivedMessage>> decoded;
        List<ReceivedMessage> records;
        int next;

        Held(FetchedChunk chunk, CompletableFuture<List<ReceivedMessage>> decoded) {
            this.chunk = chunk;
            this.decoded = decoded;
        }
    }
}
