/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * One partition's idempotent-producer state (KIP-98, KIP-360; kafka-protocol-notes section 7), as a pure decision
 * class: the producer id and epoch its batches carry, the sequence of the next batch, and the batches numbered but
 * not yet ended, oldest first. The batcher numbers each batch ({@link #stamp}), tells the state how each ended
 * ({@link #answered}, {@link #ended}) and, when {@link #mustRenumber()} says so and nothing is in flight, renumbers
 * the batches still waiting ({@link #renumber()}, then {@link #stamp} again for each in order).
 *
 * <p>The rules:
 * <ul>
 *   <li>The broker accepts a batch only when its base sequence follows the last one it wrote for this producer id,
 *       epoch and partition, and answers DUPLICATE_SEQUENCE_NUMBER (or success with the first offset) for one of the
 *       last five it wrote. So a batch is always re-sent unchanged, and the batches of a partition are sent in
 *       sequence order; a batch behind a failed one gets OUT_OF_ORDER_SEQUENCE_NUMBER and is simply re-sent.</li>
 *   <li>A batch that ends without an acknowledgement (discarded, expired) is passed over as if written: it may have
 *       been. If it was not, the next batch gets OUT_OF_ORDER_SEQUENCE_NUMBER as the oldest batch waiting, which
 *       proves the gap, and everything after a gap was not written either; only then is the epoch bumped and the
 *       waiting batches renumbered from 0. Renumbering a batch that may have been written could duplicate it, which
 *       is why no other event renumbers.</li>
 *   <li>UNKNOWN_PRODUCER_ID (the broker lost this producer's state: its log start moved past it) on the oldest
 *       batch also bumps the epoch; without a log start offset in the answer it is only retried, as in the Java
 *       client.</li>
 *   <li>The epoch is bumped locally (KIP-360, accepted by brokers from 2.5): the broker takes sequence 0 under a
 *       higher epoch. InitProducerId is not needed for it: for a producer without a transactional id the broker
 *       hands out a new producer id whatever id and epoch the request carries. At epoch {@link Short#MAX_VALUE}, or
 *       after INVALID_PRODUCER_EPOCH / PRODUCER_FENCED for the current epoch (a newer epoch of this id exists), a
 *       new producer id is needed instead ({@link #renumber()} returns false; {@link #adopt} it).</li>
 * </ul>
 * One batcher owns each instance: not thread-safe.
 */
public final class SequenceState {
    /** What to do with a batch after its partition's answer. */
    public enum Decision {
        /** Written: no error, or DUPLICATE_SEQUENCE_NUMBER (an earlier attempt was written). */
        ACKNOWLEDGE,
        /** Send again unchanged, in sequence order; uses up no retry (the error came from another batch). */
        RETRY_IN_ORDER,
        /** A proven gap: send again once every batch is back, renumbered from 0 under the next epoch. */
        RETRY_AFTER_BUMP,
        /** A newer epoch of this producer id exists: send again under a new producer id. */
        RETRY_WITH_NEW_PRODUCER_ID,
        /** Not an idempotence error: classify it as without idempotence ({@link ProduceErrors}). */
        CLASSIFY
    }

    /**
     * The idempotent fields a batch was built with.
     *
     * @param producerId   the producer id
     * @param epoch        the producer epoch
     * @param baseSequence the sequence of its first record
     */
    public record Stamp(long producerId, short epoch, int baseSequence) {
    }

    private enum Pending { NONE, BUMP, NEW_PRODUCER_ID }

    /** A numbered batch not yet passed by the oldest one: ended ones wait here until every earlier one ended. */
    private static final class Entry {
        final Stamp stamp;
        boolean ended;

        Entry(Stamp stamp) {
            this.stamp = stamp;
        }
    }

    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private long producerId = -1;
    private short epoch = -1;
    private int nextSequence;
    private Pending pending = Pending.NONE;

    /**
     * Whether the partition has a producer id yet.
     *
     * @return true once {@link #adopt} was called
     */
    public boolean hasProducerId() {
        return producerId >= 0;
    }

    /**
     * The producer id the partition's batches carry.
     *
     * @return the id, or -1 before {@link #adopt}
     */
    public long producerId() {
        return producerId;
    }

    /**
     * The epoch the partition's batches carry.
     *
     * @return the epoch, or -1 before {@link #adopt}
     */
    public short epoch() {
        return epoch;
    }

    /**
     * Takes a producer id and epoch (from InitProducerId): the next batch gets sequence 0. Forgets every batch
     * numbered before, which the caller renumbers.
     *
     * @param id      the producer id, at least 0
     * @param ofEpoch the epoch, at least 0
     */
    public void adopt(long id, short ofEpoch) {
        if (id < 0 || ofEpoch < 0) {
            throw new IllegalArgumentException("a producer id and epoch are at least 0, were " + id + ", " + ofEpoch);
        }
        producerId = id;
        epoch = ofEpoch;
        restart();
    }

    /**
     * Whether the waiting batches must be renumbered (after a bump or under a new producer id) before anything more
     * is sent; nothing may be stamped meanwhile.
     *
     * @return true while a bump or a new producer id is pending
     */
    public boolean mustRenumber() {
        return pending != Pending.NONE;
    }

    /**
     * Whether the pending change needs a new producer id (see {@link #renumber()}).
     *
     * @return true when only {@link #adopt} can clear {@link #mustRenumber()}
     */
    public boolean needsNewProducerId() {
        return pending == Pending.NEW_PRODUCER_ID;
    }

    /**
     * Numbers the next batch.
     *
     * @param records its record count, at least 1
     * @return its stamp
     * @throws IllegalStateException without a producer id, or while {@link #mustRenumber()}
     */
    public Stamp stamp(int records) {
        if (!hasProducerId() || pending != Pending.NONE) {
            throw new IllegalStateException("no batch may be numbered now: producer id " + producerId + ", pending "
                    + pending);
        }
        if (records < 1) {
            throw new IllegalArgumentException("a batch has at least one record, was " + records);
        }
        Stamp s = new Stamp(producerId, epoch, nextSequence);
        nextSequence = increment(nextSequence, records);
        waiting.addLast(new Entry(s));
        return s;
    }

    /**
     * Takes the partition's answer to a batch.
     *
     * @param stamp          the batch's stamp
     * @param errorCode      the partition's error code
     * @param logStartOffset the answer's log start offset, -1 when it has none
     * @return what to do with the batch
     */
    public Decision answered(Stamp stamp, short errorCode, long logStartOffset) {
        Objects.requireNonNull(stamp, "stamp");
        boolean current = stamp.producerId() == producerId && stamp.epoch() == epoch;
        boolean oldest = current && !waiting.isEmpty() && waiting.peekFirst().stamp.equals(stamp);
        switch (errorCode) {
            case 0, 46 -> { // 46 DUPLICATE_SEQUENCE_NUMBER: an earlier attempt was written
                ended(stamp);
                return Decision.ACKNOWLEDGE;
            }
            case 45 -> { // OUT_OF_ORDER_SEQUENCE_NUMBER
                return oldest ? want(Pending.BUMP) : Decision.RETRY_IN_ORDER;
            }
            case 59 -> { // UNKNOWN_PRODUCER_ID
                return oldest && logStartOffset >= 0 ? want(Pending.BUMP) : Decision.RETRY_IN_ORDER;
            }
            case 47, 90 -> { // INVALID_PRODUCER_EPOCH, PRODUCER_FENCED
                return current ? want(Pending.NEW_PRODUCER_ID) : Decision.RETRY_IN_ORDER;
            }
            default -> {
                return Decision.CLASSIFY;
            }
        }
    }

    /**
     * Splits a numbered batch the broker refused whole for its size (so not written) into two over its own sequence
     * range: the first {@code firstRecords} keep its base sequence, the rest follow; the batches after it keep
     * theirs.
     *
     * @param stamp        the refused batch's stamp
     * @param firstRecords records of the first part, at least 1
     * @return the two stamps, or null when the batch is not waiting under the current epoch (nothing to split)
     */
    public Stamp[] split(Stamp stamp, int firstRecords) {
        if (stamp.producerId() != producerId || stamp.epoch() != epoch) {
            return null;
        }
        Stamp second = new Stamp(producerId, epoch, increment(stamp.baseSequence(), firstRecords));
        java.util.List<Entry> all = new java.util.ArrayList<>(waiting);
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).ended && all.get(i).stamp.equals(stamp)) {
                all.add(i + 1, new Entry(second));
                waiting.clear();
                waiting.addAll(all);
                return new Stamp[] {stamp, second};
            }
        }
        return null;
    }

    /**
     * A batch ended: acknowledged (through {@link #answered}), discarded or expired. It no longer holds back the
     * batches after it; one that ended unwritten shows as a gap at the next batch's answer.
     *
     * @param stamp the batch's stamp; null (a batch never numbered) or one of an earlier epoch or id is ignored
     */
    public void ended(Stamp stamp) {
        if (stamp == null) {
            return;
        }
        for (Iterator<Entry> it = waiting.iterator(); it.hasNext();) {
            Entry e = it.next();
            if (e.stamp.equals(stamp)) {
                e.ended = true;
                break;
            }
        }
        while (!waiting.isEmpty() && waiting.peekFirst().ended) {
            waiting.pollFirst();
        }
    }

    /**
     * Applies the pending bump, when nothing is in flight: the epoch goes up by one and the next batch gets sequence
     * 0; the caller then stamps every waiting batch again, oldest first.
     *
     * @return true when done; false when a new producer id is needed ({@link #adopt} it), the epoch being at
     *         {@link Short#MAX_VALUE} or a newer epoch of this id known to the broker
     */
    public boolean renumber() {
        if (pending == Pending.BUMP && epoch < Short.MAX_VALUE) {
            epoch++;
            restart();
            return true;
        }
        if (pending != Pending.NONE) {
            pending = Pending.NEW_PRODUCER_ID;
            return false;
        }
        return true;
    }

    private Decision want(Pending change) {
        if (change == Pending.NEW_PRODUCER_ID || pending == Pending.NONE) {
            pending = change;
        }
        return change == Pending.BUMP ? Decision.RETRY_AFTER_BUMP : Decision.RETRY_WITH_NEW_PRODUCER_ID;
    }

    private void restart() {
        nextSequence = 0;
        waiting.clear();
        pending = Pending.NONE;
    }

    /**
     * The sequence after {@code sequence} plus {@code records}, wrapping to 0 after {@link Integer#MAX_VALUE} as the
     * broker does (DefaultRecordBatch.incrementSequence).
     *
     * @param sequence a sequence
     * @param records  records to add
     * @return the sum, wrapped
     */
    static int increment(int sequence, int records) {
        return sequence > Integer.MAX_VALUE - records ? records - (Integer.MAX_VALUE - sequence) - 1
                : sequence + records;
    }

    @Override
    public String toString() {
        return "SequenceState{producerId=" + producerId + ", epoch=" + epoch + ", next=" + nextSequence + ", waiting="
                + waiting.size() + ", pending=" + pending + "}";
    }
}
