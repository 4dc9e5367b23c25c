/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Verifier} of a consumer group: the records that several members consumed, each on its own delivery
 * thread, checked together against the {@link Payload}s that were produced. Which sequence numbers arrived is one
 * bit set shared by the members (set atomically, so duplicates and gaps are exact across members); each member
 * checks that its partitions' offsets only grew since each of its assignments (a partition that moves, or comes
 * back after an eager rebalance, is read again from its start: the group commits nothing), and times its first
 * assignment and its first record. No checksum, as in the consume mode.
 *
 * <p>Use: {@link #start} when the first member is created, one {@link #member} per member as its listener,
 * {@link #stop} once {@link #reached()} completed (records after it are not counted: closing the members makes the
 * rest rebalance and read again), then {@link #result} and the timings.
 */
final class GroupVerifier {
    private static final VarHandle BITS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long expected;
    private final long target;
    private final long[] seen;
    private final AtomicLong distinct = new AtomicLong();
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private final List<Member> members = new ArrayList<>();
    private long startNanos;
    private volatile boolean stopped;

    /**
     * Creates a verifier.
     *
     * @param expected records produced, with sequence numbers 0 to {@code expected - 1}
     * @param target   distinct records after which {@link #reached()} completes
     * @param members  the group's members, each getting a {@link #member}
     */
    GroupVerifier(long expected, long target, int members) {
        if (expected > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " records can be verified");
        }
        this.expected = expected;
        this.target = target;
        this.seen = new long[(int) ((expected + 63) / 64)];
        for (int i = 0; i < members; i++) {
            this.members.add(new Member());
        }
        if (target <= 0) {
            reached.complete(null);
        }
    }

    /**
     * Starts the clock of the timings: call it right before the first member is created, on the thread that then
     * starts the members (their threads see it).
     */
    void start() {
        startNanos = System.nanoTime();
    }

    /**
     * Returns one member's listener.
     *
     * @param index the member, from 0
     * @return its listener, to be called on that member's delivery thread only
     */
    GroupMember.Listener member(int index) {
        return members.get(index);
    }

    /** Stops counting: records that arrive from now on are ignored. */
    void stop() {
        stopped = true;
    }

    /** Completes once {@code target} distinct records arrived, all members together. */
    CompletableFuture<Void> reached() {
        return reached;
    }

    /** Records received by every member, duplicates and foreign ones included. */
    long received() {
        long n = 0;
        for (Member m : members) {
            n += m.received.get();
        }
        return n;
    }

    /** Distinct expected records received, all members together. */
    long distinct() {
        return distinct.get();
    }

    /**
     * Summarises the check, all members together.
     *
     * @param client the client's label
     * @return the verification (never checksummed; duplicates are reported, not failed)
     */
    Verification result(String client) {
        long duplicates = 0;
        long foreign = 0;
        long outOfOrder = 0;
        for (Member m : members) {
            duplicates += m.duplicates.get();
            foreign += m.foreign.get();
            outOfOrder += m.outOfOrder.get();
        }
        return new Verification(client, expected, received(), distinct.get(), duplicates, foreign, outOfOrder,
                distinct.get() == expected, false);
    }

    /**
     * Returns the time from {@link #start} until every member had its first non-empty assignment.
     *
     * @return milliseconds, or NaN when a member had none
     */
    double millisToAllAssigned() {
        long last = 0;
        for (Member m : members) {
            long t = m.firstAssignedNanos;
            if (t == 0) {
                return Double.NaN;
            }
            last = Math.max(last, t - startNanos);
        }
        return last / 1e6;
    }

    /**
     * Returns the time from {@link #start} to the group's first record.
     *
     * @return milliseconds, or NaN when no record arrived
     */
    double millisToFirstRecord() {
        long first = Long.MAX_VALUE;
        for (Member m : members) {
            long t = m.firstRecordNanos;
            if (t != 0) {
                first = Math.min(first, t - startNanos);
            }
        }
        return first == Long.MAX_VALUE ? Double.NaN : first / 1e6;
    }

    /**
     * Returns the assignments the members heard, all together: one per member per rebalance it took part in.
     *
     * @return the count (the group's size when it formed in one rebalance and never rebalanced again)
     */
    int assignments() {
        int n = 0;
        for (Member m : members) {
            n += m.assignments.get();
        }
        return n;
    }

    /**
     * Returns the records each member received, duplicates included.
     *
     * @return one count per member, in member order
     */
    List<Long> receivedPerMember() {
        return members.stream().map(m -> m.received.get()).toList();
    }

    /** One member's listener: its own offsets and counters, written by its delivery thread only. */
    private final class Member implements GroupMember.Listener {
        /** Published with lazySet (single writer), read by the progress and the summary. */
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong foreign = new AtomicLong();
        private final AtomicLong outOfOrder = new AtomicLong();
        private final AtomicInteger assignments = new AtomicInteger();
        private long[] lastOffset = new long[0];
        private volatile long firstAssignedNanos;
        private volatile long firstRecordNanos;

        /** Counts the assignment, times the first non-empty one, and restarts the partitions' offset order. */
        @Override
        public void assigned(Collection<Integer> partitions) {
            if (stopped) {
                return;
            }
            assignments.incrementAndGet();
            if (!partitions.isEmpty() && firstAssignedNanos == 0) {
                firstAssignedNanos = System.nanoTime();
            }
            // Nothing is committed, so an assigned partition is read from its start again: a new offset sequence.
            for (int p : partitions) {
                grow(p);
                lastOffset[p] = -1;
            }
        }

        /** Checks the record's offset order and sequence number against the whole group's. */
        @Override
        public void record(int partition, long offset, byte[] value) {
            if (stopped) {
                return;
            }
            if (firstRecordNanos == 0) {
                firstRecordNanos = System.nanoTime();
            }
            grow(partition);
            if (offset <= lastOffset[partition]) {
                outOfOrder.incrementAndGet();
            }
            lastOffset[partition] = offset;
            // Single writer: lazySet publishes the count to the progress reader without a full fence per record.
            received.lazySet(received.get() + 1);
            long seq = Payload.seq(value);
            if (seq < 0 || seq >= expected) {
                foreign.incrementAndGet();
                return;
            }
            long bit = 1L << seq;
            long before = (long) BITS.getAndBitwiseOr(seen, (int) (seq >>> 6), bit);
            if ((before & bit) != 0) {
                duplicates.incrementAndGet();
                return;
            }
            // The one counter the members share: the last distinct record, whichever member gets it, stops the clock.
            if (distinct.incrementAndGet() == target) {
                reached.complete(null);
            }
        }

        /** Makes room for a partition's last offset (-1: none yet). */
        private void grow(int partition) {
            if (partition >= lastOffset.length) {
                int from = lastOffset.length;
                lastOffset = Arrays.copyOf(lastOffset, partition + 1);
                Arrays.fill(lastOffset, from, lastOffset.length, -1);
            }
        }
    }
}
