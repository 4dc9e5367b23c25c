package io.kafkadriver.testkit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Counts, over a whole run and for each partition, what a consumer delivered against what the topic holds: records
 * lost (never delivered), duplicated (delivered more than once), out of order (delivered after a higher offset of the
 * same partition) and unexpected (outside the range the topic holds). Unlike a check that stops at the first
 * surprise, it tells whether a gap was a loss or only a delay.
 *
 * <p>Thread-safe: consumers call {@link #record} from their delivery threads while the test reads the totals.
 */
public final class ConsumeAudit {
    private final Partition[] partitions;
    private long received;

    /**
     * An audit of partitions {@code 0..n-1}, each expected to deliver offsets {@code [from[p], to[p])}.
     *
     * @param from the first expected offset of each partition
     * @param to   the offset after the last expected one, of each partition
     * @throws IllegalArgumentException when the arrays differ in length or a range is negative
     */
    public ConsumeAudit(long[] from, long[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("from has " + from.length + " partitions, to has " + to.length);
        }
        partitions = new Partition[from.length];
        for (int p = 0; p < from.length; p++) {
            if (from[p] < 0 || to[p] < from[p] || to[p] - from[p] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("partition " + p + ": bad range [" + from[p] + ", " + to[p] + ")");
            }
            partitions[p] = new Partition(from[p], to[p]);
        }
    }

    /**
     * An audit of {@code partitions} partitions each holding {@code perPartition} records from offset 0.
     *
     * @param partitions   the number of partitions
     * @param perPartition the records each holds
     * @return the audit
     */
    public static ConsumeAudit fromZero(int partitions, long perPartition) {
        long[] from = new long[partitions];
        long[] to = new long[partitions];
        java.util.Arrays.fill(to, perPartition);
        return new ConsumeAudit(from, to);
    }

    /**
     * Records one delivery.
     *
     * @param partition the partition
     * @param offset    the record's offset
     * @throws IllegalArgumentException for a partition the audit does not know
     */
    public synchronized void record(int partition, long offset) {
        if (partition < 0 || partition >= partitions.length) {
            throw new IllegalArgumentException("partition " + partition + " is not audited (0.." + (partitions.length
                    - 1) + ")");
        }
        received++;
        partitions[partition].record(offset);
    }

    /**
     * Records a delivery whose content was not what was written at its offset.
     *
     * @param partition the partition
     * @param offset    the record's offset
     */
    public synchronized void recordAltered(int partition, long offset) {
        partitions[partition].altered++;
        if (partitions[partition].firstAltered < 0) {
            partitions[partition].firstAltered = offset;
        }
    }

    /**
     * Deliveries so far, duplicates included.
     *
     * @return the count
     */
    public synchronized long received() {
        return received;
    }

    /**
     * Whether every expected record of every partition was delivered at least once.
     *
     * @return true when nothing is missing
     */
    public synchronized boolean complete() {
        for (Partition p : partitions) {
            if (p.seen.cardinality() < p.to - p.from) {
                return false;
            }
        }
        return true;
    }

    /**
     * What went wrong, one line per partition with a problem: empty when every record arrived once, in order and
     * unaltered.
     *
     * @return the problems
     */
    public synchronized List<String> problems() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < partitions.length; i++) {
            Partition p = partitions[i];
            long expected = p.to - p.from;
            long lost = expected - p.seen.cardinality();
            if (lost == 0 && p.duplicated == 0 && p.outOfOrder == 0 && p.unexpected == 0 && p.altered == 0) {
                continue;
            }
            StringBuilder s = new StringBuilder("partition ").append(i).append(" [").append(p.from).append(", ")
                    .append(p.to).append("): ");
            s.append(lost).append(" lost");
            if (lost > 0) {
                int first = p.seen.nextClearBit(0);
                int afterFirstGap = p.seen.nextSetBit(first);
                s.append(" (first missing ").append(p.from + first).append(afterFirstGap < 0 ? ", none after it"
                        : ", first gap up to " + (p.from + afterFirstGap - 1)).append(')');
            }
            s.append(", ").append(p.duplicated).append(" duplicated, ").append(p.outOfOrder).append(" out of order");
            if (p.firstOutOfOrder >= 0) {
                s.append(" (first at offset ").append(p.firstOutOfOrder).append(')');
            }
            s.append(", ").append(p.unexpected).append(" unexpected, ").append(p.altered).append(" altered");
            if (p.firstAltered >= 0) {
                s.append(" (first at offset ").append(p.firstAltered).append(')');
            }
            s.append("; first delivered ").append(p.firstDelivered);
            out.add(s.toString());
        }
        return out;
    }

    /** One partition's counts. */
    private static final class Partition {
        final long from;
        final long to;
        final BitSet seen = new BitSet();
        long highest = -1;
        long firstDelivered = -1;
        long duplicated;
        long outOfOrder;
        long firstOutOfOrder = -1;
        long unexpected;
        long altered;
        long firstAltered = -1;

        Partition(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void record(long offset) {
            if (firstDelivered < 0) {
                firstDelivered = offset;
            }
            if (offset < from || offset >= to) {
                unexpected++;
                return;
            }
            int i = (int) (offset - from);
            if (seen.get(i)) {
                duplicated++;
            } else {
                seen.set(i);
                if (offset < highest) {
                    outOfOrder++;
                    if (firstOutOfOrder < 0) {
                        firstOutOfOrder = offset;
                    }
                }
            }
            highest = Math.max(highest, offset);
        }
    }
}
