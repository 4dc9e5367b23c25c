/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One budget, in bytes, for everything fetched and not yet delivered, shared by every fetcher (F7): a fetcher reserves
 * what its next Fetch may bring before sending it, keeps what arrived until it is delivered, and gives the rest back.
 * A fetcher that found no room registers a wake-up, run at the next release.
 *
 * <p>Thread-safe: fetchers reserve from their actors; the delivery thread releases.
 */
public final class FetchBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /**
     * Creates a budget.
     *
     * @param capacity the bytes available, at least 1
     */
    public FetchBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Reserves up to {@code want} bytes.
     *
     * @param want the most to reserve
     * @param min  the least worth reserving; below it nothing is reserved
     * @return the bytes reserved, or 0
     */
    public long reserve(long want, long min) {
        while (true) {
            long u = used.get();
            long grant = Math.min(want, capacity - u);
            if (grant < min || grant <= 0) {
                return 0;
            }
            if (used.compareAndSet(u, u + grant)) {
                return grant;
            }
        }
    }

    /**
     * Takes bytes beyond the capacity when they already arrived (a first batch larger than the request's limit, which
     * brokers return so that consumption never stalls).
     *
     * @param bytes the extra bytes
     */
    public void overdraw(long bytes) {
        used.addAndGet(bytes);
    }

    /**
     * Gives bytes back and wakes the fetchers waiting for room.
     *
     * @param bytes the bytes
     */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        wakeAll();
    }

    /**
     * Asks to be woken at the next release.
     *
     * @param wakeUp run once, on a releasing thread; must not block
     */
    public void whenFreed(Runnable wakeUp) {
        waiting.add(wakeUp);
        if (used.get() < capacity) {
            wakeAll(); // a release may have happened between the failed reserve and this registration
        }
    }

    private void wakeAll() {
        Runnable r;
        while ((r = waiting.poll()) != null) {
            r.run();
        }
    }

    /**
     * Bytes reserved or held now.
     *
     * @return the bytes
     */
    public long used() {
        return used.get();
    }

    /**
     * The budget.
     *
     * @return the capacity in bytes
     */
    public long capacity() {
        return capacity;
    }
}
