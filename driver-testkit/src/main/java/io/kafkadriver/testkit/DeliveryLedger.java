package io.kafkadriver.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consumer side of the accounting: what a consumer delivered against what the topic holds (read by the official
 * client), record by record and value by value. Each record must be delivered once (a simple consumer) or at least
 * once (a group, which may deliver again after a rebalance), with the value the topic holds at its offset, and per
 * partition never before an offset it skipped (a delivery below the highest one so far is allowed only as a repeat).
 * Offsets need not be contiguous (transaction markers and compaction leave gaps).
 *
 * <p>Thread-safe: consumers call {@link #delivered} from their delivery threads while the test reads the totals.
 */
public final class DeliveryLedger {
    private final Map<Integer, Partition> partitions = new HashMap<>();
    private final String scenario;
    private long deliveries;
    private long unexpected;
    private String firstUnexpected;

    /**
     * A ledger of the records the topic holds.
     *
     * @param scenario the scenario's name, for the report
     * @param topic    every record of the topic, as the official client read it
     */
    public DeliveryLedger(String scenario, List<ConsumerRecord<byte[], byte[]>> topic) {
        this.scenario = scenario;
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> by = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : topic) {
            by.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        by.forEach((p, records) -> {
            records.sort(Comparator.comparingLong(ConsumerRecord::offset));
            partitions.put(p, new Partition(records));
        });
    }

    /**
     * Records one delivery.
     *
     * @param partition the partition
     * @param offset    the offset
     * @param value     the value delivered
     */
    public synchronized void delivered(int partition, long offset, byte[] value) {
        int i = locate(partition, offset);
        if (i >= 0) {
            partitions.get(partition).deliver(i, offset, value);
        }
    }

    /** Counts a delivery; the index of its offset in the partition, or -1 (counted unexpected) when not there. */
    private int locate(int partition, long offset) {
        deliveries++;
        Partition p = partitions.get(partition);
        int i = p == null ? -1 : Arrays.binarySearch(p.offsets, offset);
        if (i < 0) {
            unexpected++;
            if (firstUnexpected == null) {
                firstUnexpected = "partition " + partition + " offset " + offset + " is not in the topic";
            }
            return -1;
        }
        return i;
    }

    /**
     * Records one delivery by its value's {@link java.util.Arrays#hashCode(byte[]) hash}, for a long run that cannot
     * keep every value it was given.
     *
     * @param partition the partition
     * @param offset    the offset
     * @param valueHash {@code Arrays.hashCode} of the value delivered
     */
    public synchronized void deliveredHash(int partition, long offset, int valueHash) {
        int i = locate(partition, offset);
        if (i >= 0) {
            Partition p = partitions.get(partition);
            p.deliver(i, offset, Arrays.hashCode(p.values[i]) == valueHash ? p.values[i] : null);
        }
    }

    /**
     * Deliveries so far, repeats included.
     *
     * @return the count
     */
    public synchronized long deliveries() {
        return deliveries;
    }

    /**
     * Whether every record of the topic was delivered at least once.
     *
     * @return true when nothing is missing
     */
    public synchronized boolean complete() {
        return partitions.values().stream().allMatch(p -> p.seen.cardinality() == p.offsets.length);
    }

    /**
     * The verdict so far.
     *
     * @return the report
     */
    public synchronized Report report() {
        long records = 0;
        long missing = 0;
        long repeats = 0;
        long outOfOrder = 0;
        long altered = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<Integer, Partition> e : partitions.entrySet()) {
            Partition p = e.getValue();
            records += p.offsets.length;
            int miss = p.offsets.length - p.seen.cardinality();
            missing += miss;
            repeats += p.repeats;
            outOfOrder += p.outOfOrder;
            altered += p.altered;
            if (miss > 0) {
                examples.add("partition " + e.getKey() + ": " + miss + " never delivered, first at offset "
                        + p.offsets[p.seen.nextClearBit(0)]);
            }
            if (p.firstProblem != null) {
                examples.add("partition " + e.getKey() + ": " + p.firstProblem);
            }
        }
        if (firstUnexpected != null) {
            examples.add(firstUnexpected);
        }
        return new Report(scenario, records, deliveries, missing, repeats, outOfOrder, altered, unexpected,
                List.copyOf(examples));
    }

    /** One partition: its offsets and values in order, and what was delivered of them. */
    private static final class Partition {
        final long[] offsets;
        final byte[][] values;
        final BitSet seen = new BitSet();
        long highest = -1;
        long repeats;
        long outOfOrder;
        long altered;
        String firstProblem;

        Partition(List<ConsumerRecord<byte[], byte[]>> records) {
            offsets = new long[records.size()];
            values = new byte[records.size()][];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = records.get(i).offset();
                values[i] = records.get(i).value();
            }
        }

        void deliver(int i, long offset, byte[] value) {
            if (!Arrays.equals(values[i], value)) {
                altered++;
                problem("offset " + offset + " delivered with another value than the topic holds");
            }
            if (seen.get(i)) {
                repeats++;
            } else {
                seen.set(i);
                if (offset < highest) {
                    outOfOrder++;
                    problem("offset " + offset + " first delivered after offset " + highest);
                }
            }
            highest = Math.max(highest, offset);
        }

        void problem(String what) {
            if (firstProblem == null) {
                firstProblem = what;
            }
        }
    }

    /**
     * What a consumer delivered of a topic.
     *
     * @param scenario   the scenario's name
     * @param records    records the topic holds
     * @param deliveries deliveries, repeats included
     * @param missing    records never delivered
     * @param repeats    deliveries of a record already delivered
     * @param outOfOrder records first delivered after a higher offset of their partition
     * @param altered    deliveries whose value differs from the topic's
     * @param unexpected deliveries of an offset the topic does not hold
     * @param examples   the first example of each problem
     */
    public record Report(String scenario, long records, long deliveries, long missing, long repeats, long outOfOrder,
                         long altered, long unexpected, List<String> examples) {

        /**
         * Throws unless every record arrived intact and in order, exactly once or at least once as asked.
         *
         * @param atLeastOnce whether repeats are allowed (a group)
         * @return this report
         * @throws AssertionError naming what failed
         */
        public Report assertSound(boolean atLeastOnce) {
            boolean ok = missing == 0 && outOfOrder == 0 && altered == 0 && unexpected == 0
                    && (atLeastOnce || repeats == 0);
            if (!ok) {
                throw new AssertionError(scenario + ": delivery not sound (" + (atLeastOnce ? "at least once"
                        : "exactly once") + " expected): " + this);
            }
            return this;
        }
    }
}
