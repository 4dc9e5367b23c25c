/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records in the producer: each admitted record gets a sequence number, and each is settled exactly once
 * (acknowledged, discarded or expired). From the two counts come the buffered count that {@code MaxBufferedMessages}
 * bounds, and {@link #flush()}, which completes when every record admitted before it has settled.
 *
 * <p>Thread-safe: callers admit from any thread; the actors settle from theirs. Admission is one atomic increment;
 * settling takes one uncontended lock per batch, not per record.
 */
public final class ProducerAccounting {
    private final AtomicLong admitted = new AtomicLong();
    private final long maxBuffered;
    private final Object lock = new Object();
    private final List<FlushWaiter> waiters = new ArrayList<>();
    private volatile long settled;
    private int blocked;

    /**
     * Creates the accounting.
     *
     * @param maxBuffered the most records admitted and not yet settled, or -1 for no bound
     */
    public ProducerAccounting(long maxBuffered) {
        if (maxBuffered < 1 && maxBuffered != -1) {
            throw new IllegalArgumentException("maxBuffered must be -1 or at least 1, was " + maxBuffered);
        }
        this.maxBuffered = maxBuffered;
    }

    /**
     * Whether one more record fits under the bound now.
     *
     * @return true when there is room
     */
    public boolean hasRoom() {
        return maxBuffered < 0 || admitted.get() - settled < maxBuffered;
    }

    /**
     * Waits until there is room or the time is up; for the {@code BLOCK} overflow strategy.
     *
     * @param timeoutNanos the longest wait
     * @return true when there is room
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitRoom(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (!hasRoom()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                blocked++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } finally {
                    blocked--;
                }
            }
            return true;
        }
    }

    /**
     * Admits a record.
     *
     * @return its sequence number
     */
    public long admit() {
        return admitted.getAndIncrement();
    }

    /**
     * Settles records: each record must be settled exactly once.
     *
     * @param records the records that were acknowledged, discarded or expired
     */
    public void settle(List<OutgoingRecord> records) {
        List<FlushWaiter> done = null;
        synchronized (lock) {
            settled += records.size();
            for (Iterator<FlushWaiter> it = waiters.iterator(); it.hasNext();) {
                FlushWaiter w = it.next();
                for (int i = 0, n = records.size(); i < n; i++) {
                    if (records.get(i).sequence < w.target) {
                        w.remaining--;
                    }
                }
                if (w.remaining <= 0) {
                    it.remove();
                    if (done == null) {
                        done = new ArrayList<>(1);
                    }
                    done.add(w);
                }
            }
            if (blocked > 0) {
                lock.notifyAll();
            }
        }
        if (done != null) {
            for (FlushWaiter w : done) {
                w.future.complete(null);
            }
        }
    }

    /**
     * A future completed once every record admitted before this call has settled.
     *
     * @return the future
     */
    public CompletableFuture<Void> flush() {
        synchronized (lock) {
            // Under the lock no record settles; records admitted after reading the target cannot have settled yet.
            long target = admitted.get();
            long remaining = target - settled;
            if (remaining <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            FlushWaiter w = new FlushWaiter(target, remaining);
            waiters.add(w);
            return w.future;
        }
    }

    /**
     * Records admitted and not yet settled.
     *
     * @return the count
     */
    public long buffered() {
        return admitted.get() - settled;
    }

    /**
     * Records admitted so far.
     *
     * @return the count
     */
    public long admittedCount() {
        return admitted.get();
    }

    /** A pending flush. */
    private static final class FlushWaiter {
        final long target;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        long remaining;

        FlushWaiter(long target, long remaining) {
            this.target = target;
            this.remaining = remaining;
        }
    }
}
