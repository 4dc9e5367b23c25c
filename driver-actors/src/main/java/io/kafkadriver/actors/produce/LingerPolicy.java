/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When the open batches of a producer batcher must go out, as a pure decision class driven with the current time.
 *
 * <ul>
 *   <li>A batch is <b>full</b> when it holds {@code maxRecords} records (kafka-sharp's {@code ProduceBatchSize}) or
 *       {@code maxBytes} encoded bytes; it goes out at once.</li>
 *   <li>Otherwise it goes out {@code lingerMs} after its <em>first</em> record (kafka-sharp's
 *       {@code ProduceBufferingTime}). The linger starts on the first record into an empty batch and is never reset
 *       by later appends, so a steady trickle cannot hold a batch back forever.</li>
 *   <li>When everything buffered reaches the buffer cap, every batch goes out at once, whatever its linger: a full
 *       buffer must never wait for a timer (field failure F10, where throughput collapsed to one batch per
 *       linger).</li>
 * </ul>
 * The actor owning the batches keeps one timer, set to {@link #nextDeadlineMs()} after each change.
 *
 * @param <P> what identifies a batch (a topic-partition)
 */
public final class LingerPolicy<P> {
    private final long lingerMs;
    private final int maxRecords;
    private final long maxBytes;
    private final long bufferCapBytes;
    private final Map<P, Open> open = new HashMap<>();
    private long bufferedBytes;

    /**
     * Creates a policy.
     *
     * @param lingerMs       how long a batch may wait after its first record, at least 0
     * @param maxRecords     records that make a batch full, at least 1
     * @param maxBytes       encoded bytes that make a batch full, at least 1
     * @param bufferCapBytes buffered bytes, all batches together, that force every batch out, at least 1
     */
    public LingerPolicy(long lingerMs, int maxRecords, long maxBytes, long bufferCapBytes) {
        if (lingerMs < 0) {
            throw new IllegalArgumentException("lingerMs must be at least 0, was " + lingerMs);
        }
        if (maxRecords < 1 || maxBytes < 1 || bufferCapBytes < 1) {
            throw new IllegalArgumentException("maxRecords, maxBytes and bufferCapBytes must be at least 1, were "
                    + maxRecords + ", " + maxBytes + ", " + bufferCapBytes);
        }
        this.lingerMs = lingerMs;
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.bufferCapBytes = bufferCapBytes;
    }

    /** What to do after an append. */
    public enum Decision {
        /** Keep the batch open; make sure the timer is set to {@link #nextDeadlineMs()}. */
        WAIT,
        /** This batch is full: send it now. */
        SEND_THIS,
        /** The buffer is full: send every batch now. */
        SEND_ALL
    }

    /**
     * Records an appended record.
     *
     * @param batch the batch it joined
     * @param bytes its encoded size
     * @param nowMs the current time
     * @return what to do
     */
    public Decision appended(P batch, int bytes, long nowMs) {
        Open o = open.get(Objects.requireNonNull(batch, "batch"));
        if (o == null) { // not computeIfAbsent: its capturing lambda would allocate on every record
            o = new Open(nowMs);
            open.put(batch, o);
        }
        o.records++;
        o.bytes += bytes;
        bufferedBytes += bytes;
        if (bufferedBytes >= bufferCapBytes) {
            return Decision.SEND_ALL;
        }
        return o.records >= maxRecords || o.bytes >= maxBytes ? Decision.SEND_THIS : Decision.WAIT;
    }

    /**
     * Records that a batch was sent (or dropped): it no longer counts.
     *
     * @param batch the batch
     */
    public void sent(P batch) {
        Open o = open.remove(batch);
        if (o != null) {
            bufferedBytes -= o.bytes;
        }
    }

    /**
     * The batches whose linger has run out.
     *
     * @param nowMs the current time
     * @return the batches due, to send now (and then report with {@link #sent})
     */
    public List<P> due(long nowMs) {
        List<P> due = new ArrayList<>();
        for (Iterator<Map.Entry<P, Open>> it = open.entrySet().iterator(); it.hasNext();) {
            Map.Entry<P, Open> e = it.next();
            if (nowMs - e.getValue().firstAppendMs >= lingerMs) {
                due.add(e.getKey());
            }
        }
        return due;
    }

    /**
     * Every open batch (for {@link Decision#SEND_ALL}, a flush or a close).
     *
     * @return the open batches
     */
    public List<P> all() {
        return new ArrayList<>(open.keySet());
    }

    /**
     * When the next linger runs out.
     *
     * @return the earliest deadline, or {@link Long#MAX_VALUE} when no batch is open
     */
    public long nextDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (Open o : open.values()) {
            next = Math.min(next, o.firstAppendMs + lingerMs);
        }
        return next;
    }

    /**
     * When the next linger runs out that has not run out yet: batches already due but held back (their partition
     * cannot send now) are not timer work, they go when a send slot frees.
     *
     * @param nowMs the current time
     * @return the earliest deadline after {@code nowMs}, or {@link Long#MAX_VALUE}
     */
    public long nextDeadlineAfterMs(long nowMs) {
        long next = Long.MAX_VALUE;
        for (Open o : open.values()) {
            long d = o.firstAppendMs + lingerMs;
            if (d > nowMs) {
                next = Math.min(next, d);
            }
        }
        return next;
    }

    /**
     * Bytes buffered in open batches.
     *
     * @return the total
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** An open batch. */
    private static final class Open {
        final long firstAppendMs;
        int records;
        long bytes;

        Open(long firstAppendMs) {
            this.firstAppendMs = firstAppendMs;
        }
    }
}
