/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks the records one client consumed against the {@link Payload}s that were produced: which sequence numbers
 * arrived (a bit set, so duplicates and gaps are exact), the sum of the {@link Payload#hash}es of the distinct
 * records (which must equal the producer's sum; optional, because hashing every value costs the consumer's one
 * delivery thread about a fifth of its time at 3M records/s), and whether each partition's offsets only grew.
 *
 * <p>Written by one thread (the client's delivery thread); {@link #received()} and {@link #distinct()} may be read
 * from any thread, the rest once {@link #reached()} completed or the consumption stopped.
 */
final class Verifier implements RecordSink {
    private final long expected;
    private final long target;
    private final boolean checksummed;
    private final BitSet seen;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong distinct = new AtomicLong();
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private long[] lastOffset = new long[0];
    private long checksum;
    private long duplicates;
    private long foreign;
    private long outOfOrder;

    /**
     * Creates a verifier.
     *
     * @param expected records produced, with sequence numbers 0 to {@code expected - 1}
     * @param target   distinct records after which {@link #reached()} completes
     */
    Verifier(long expected, long target) {
        this(expected, target, true);
    }

    /**
     * Creates a verifier that may skip the checksum.
     *
     * @param expected    records produced, with sequence numbers 0 to {@code expected - 1}
     * @param target      distinct records after which {@link #reached()} completes
     * @param checksummed whether to hash every distinct value and compare the sum
     */
    Verifier(long expected, long target, boolean checksummed) {
        this.checksummed = checksummed;
        if (expected > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " records can be verified");
        }
        this.expected = expected;
        this.target = target;
        this.seen = new BitSet((int) expected);
        if (target <= 0) {
            reached.complete(null);
        }
    }

    @Override
    public void record(int partition, long offset, byte[] value) {
        if (partition >= lastOffset.length) {
            int from = lastOffset.length;
            lastOffset = Arrays.copyOf(lastOffset, partition + 1);
            Arrays.fill(lastOffset, from, lastOffset.length, -1);
        }
        if (offset <= lastOffset[partition]) {
            outOfOrder++;
        }
        lastOffset[partition] = offset;
        // Single writer: lazySet publishes the count to the progress reader without a full fence per record.
        received.lazySet(received.get() + 1);
        long seq = Payload.seq(value);
        if (seq < 0 || seq >= expected) {
            foreign++;
            return;
        }
        if (seen.get((int) seq)) {
            duplicates++;
            return;
        }
        seen.set((int) seq);
        if (checksummed) {
            checksum += Payload.hash(value);
        }
        long d = distinct.get() + 1;
        distinct.lazySet(d);
        if (d == target) {
            reached.complete(null);
        }
    }

    /** Completes once {@code target} distinct records arrived. */
    CompletableFuture<Void> reached() {
        return reached;
    }

    /** Records received, duplicates and foreign ones included. */
    long received() {
        return received.get();
    }

    /** Distinct expected records received. */
    long distinct() {
        return distinct.get();
    }

    /**
     * Summarises the check.
     *
     * @param client           the client's label
     * @param expectedChecksum the producer's sum of hashes over all expected records
     * @return the verification
     */
    Verification result(String client, long expectedChecksum) {
        return new Verification(client, expected, received.get(), distinct.get(), duplicates, foreign, outOfOrder,
                distinct.get() == expected && (!checksummed || checksum == expectedChecksum), checksummed);
    }
}
