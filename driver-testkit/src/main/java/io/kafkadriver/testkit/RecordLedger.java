package io.kafkadriver.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Accounts for every record a producer was given through a fault: each record carries a unique id (in its value,
 * see {@link #value}); the ledger hears what became of each id (acknowledged at a partition and offset, discarded
 * with its event, expired with its event, or nothing yet), and {@link #reconcile} then compares that with what the
 * topic holds, read by the official client.
 *
 * <p>The verdict ({@link Report}): every acknowledged id is in the topic, at the offset its acknowledgement named;
 * nothing is in the topic that was not produced; per partition, acknowledged ids appear in produce order (ids are
 * handed out in submit order, so from one producing thread a higher id was produced later); every id that was not
 * acknowledged got exactly one discard or expire event, never silence and never two outcomes. Duplicates are
 * counted (allowed without idempotence); an id not acknowledged but written anyway (its answer was lost, then it
 * expired) is counted as such, not as a failure.
 *
 * <p>Thread-safe: the driver's callbacks report from its threads while the test submits.
 */
public final class RecordLedger {
    /** Marks a ledger value: the first four bytes. */
    private static final int MAGIC = 0x4C454447; // "LEDG"
    private static final byte PENDING = 0;
    private static final byte ACKNOWLEDGED = 1;

    private final String scenario;
    private final LongSupplier nanoClock;
    private long[] ackPartitionOffset = new long[1024];
    private int[] ackPartition = new int[1024];
    private long[] ackNanos = new long[1024];
    private byte[] state = new byte[1024];
    private byte[] events = new byte[1024];
    private int produced;
    private long discarded;
    private long expired;
    private long reportedTwice;
    private long eventsForUnknownIds;
    private long faultAtNanos = -1;
    private String firstDoubleReport;

    /**
     * A ledger timed by {@link System#nanoTime} (only the recovery time is measured with it; nothing waits on it).
     *
     * @param scenario the scenario's name, for the report
     */
    public RecordLedger(String scenario) {
        this(scenario, System::nanoTime);
    }

    /**
     * A ledger with its own clock.
     *
     * @param scenario  the scenario's name, for the report
     * @param nanoClock monotonic nanoseconds
     */
    public RecordLedger(String scenario, LongSupplier nanoClock) {
        this.scenario = scenario;
        this.nanoClock = nanoClock;
    }

    /**
     * A record value carrying an id: the magic {@code LEDG}, the id as a big-endian int64, then zero padding.
     *
     * @param id   the id
     * @param size the value's size, at least 12
     * @return the value
     * @throws IllegalArgumentException when {@code size} is below 12
     */
    public static byte[] value(long id, int size) {
        if (size < 12) {
            throw new IllegalArgumentException("a ledger value needs 12 bytes, was asked for " + size);
        }
        byte[] v = new byte[size];
        ByteBuffer.wrap(v).putInt(MAGIC).putLong(id);
        return v;
    }

    /**
     * The id a value carries.
     *
     * @param value a record value
     * @return its id, or -1 when it is not a ledger value
     */
    public static long idOf(byte[] value) {
        if (value == null || value.length < 12) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return b.getInt() == MAGIC ? b.getLong() : -1;
    }

    /**
     * Hands out the next id, in submit order: call it just before giving the record to the producer.
     *
     * @return the id
     */
    public synchronized long next() {
        if (produced == state.length) {
            int n = state.length * 2;
            state = Arrays.copyOf(state, n);
            events = Arrays.copyOf(events, n);
            ackPartition = Arrays.copyOf(ackPartition, n);
            ackPartitionOffset = Arrays.copyOf(ackPartitionOffset, n);
            ackNanos = Arrays.copyOf(ackNanos, n);
        }
        return produced++;
    }

    /**
     * Records an acknowledgement.
     *
     * @param id        the record's id
     * @param partition the partition the acknowledgement names
     * @param offset    the offset it names
     */
    public synchronized void acknowledged(long id, int partition, long offset) {
        if (!known(id)) {
            return;
        }
        int i = (int) id;
        if (state[i] == ACKNOWLEDGED || events[i] > 0) {
            doubleReport(id, "acknowledged after another outcome");
        }
        state[i] = ACKNOWLEDGED;
        ackPartition[i] = partition;
        ackPartitionOffset[i] = offset;
        ackNanos[i] = nanoClock.getAsLong();
    }

    /**
     * Records a discard event.
     *
     * @param id the record's id
     */
    public synchronized void discarded(long id) {
        if (event(id, "discarded")) {
            discarded++;
        }
    }

    /**
     * Records an expiry event.
     *
     * @param id the record's id
     */
    public synchronized void expired(long id) {
        if (event(id, "expired")) {
            expired++;
        }
    }

    /** Marks now as the fault's instant: the report's recovery time counts from the latest mark. */
    public synchronized void markFault() {
        faultAtNanos = nanoClock.getAsLong();
    }

    /**
     * Ids handed out that have no outcome yet.
     *
     * @return the count
     */
    public synchronized long pending() {
        long n = 0;
        for (int i = 0; i < produced; i++) {
            if (state[i] == PENDING && events[i] == 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Ids handed out so far.
     *
     * @return the count
     */
    public synchronized int produced() {
        return produced;
    }

    private boolean known(long id) {
        if (id < 0 || id >= produced) {
            eventsForUnknownIds++;
            return false;
        }
        return true;
    }

    private boolean event(long id, String what) {
        if (!known(id)) {
            return false;
        }
        int i = (int) id;
        if (state[i] == ACKNOWLEDGED || events[i] > 0) {
            doubleReport(id, what + " after another outcome");
        }
        if (events[i] < Byte.MAX_VALUE) {
            events[i]++;
        }
        return true;
    }

    private void doubleReport(long id, String what) {
        reportedTwice++;
        if (firstDoubleReport == null) {
            firstDoubleReport = "id " + id + " " + what;
        }
    }

    /**
     * Compares the outcomes with what the topic holds.
     *
     * @param topic every record of the topic, as the official client read it
     * @return the report
     */
    public synchronized Report reconcile(List<ConsumerRecord<byte[], byte[]>> topic) {
        Tally t = new Tally();
        int[] seen = new int[produced];
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : topic) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        for (List<ConsumerRecord<byte[], byte[]>> records : byPartition.values()) {
            records.sort(Comparator.comparingLong(ConsumerRecord::offset));
            long highestAcked = -1;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                long id = idOf(r.value());
                if (id < 0 || id >= produced) {
                    t.problem("phantom", "partition " + r.partition() + " offset " + r.offset()
                            + " holds a record that was not produced (id " + id + ")");
                    t.phantom++;
                    continue;
                }
                int i = (int) id;
                if (seen[i]++ > 0) {
                    t.duplicates++;
                    continue;
                }
                if (state[i] != ACKNOWLEDGED) {
                    t.writtenUnacknowledged++;
                    continue;
                }
                if (ackPartition[i] != r.partition() || ackPartitionOffset[i] != r.offset()) {
                    // With duplicates the acknowledgement may name the other copy.
                    t.checkPlacementLater.add(i);
                }
                if (id < highestAcked) {
                    t.problem("order", "partition " + r.partition() + " offset " + r.offset() + ": id " + id
                            + " after id " + highestAcked);
                    t.outOfOrder++;
                }
                highestAcked = Math.max(highestAcked, id);
            }
        }
        checkPlacement(t, byPartition);
        return finish(t, seen);
    }

    private void checkPlacement(Tally t, Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition) {
        for (int i : t.checkPlacementLater) {
            List<ConsumerRecord<byte[], byte[]>> records = byPartition.get(ackPartition[i]);
            boolean there = records != null && records.stream().anyMatch(r -> r.offset() == ackPartitionOffset[i]
                    && idOf(r.value()) == i);
            if (!there) {
                t.misplaced++;
                t.problem("misplaced", "id " + i + " acknowledged at " + ackPartition[i] + "@"
                        + ackPartitionOffset[i] + " but that offset does not hold it");
            }
        }
    }

    private Report finish(Tally t, int[] seen) {
        long acknowledged = 0;
        long lost = 0;
        long silent = 0;
        Map<Integer, Long> firstAckAfterFault = new HashMap<>();
        for (int i = 0; i < produced; i++) {
            if (state[i] == ACKNOWLEDGED) {
                acknowledged++;
                if (seen[i] == 0) {
                    lost++;
                    t.problem("lost", "id " + i + " acknowledged at " + ackPartition[i] + "@" + ackPartitionOffset[i]
                            + " is not in the topic");
                }
                if (faultAtNanos >= 0 && ackNanos[i] >= faultAtNanos) {
                    firstAckAfterFault.merge(ackPartition[i], ackNanos[i], Math::min);
                }
            } else if (events[i] == 0) {
                silent++;
                t.problem("silent", "id " + i + " was neither acknowledged nor reported");
            }
        }
        long recoveryMs = faultAtNanos < 0 || firstAckAfterFault.isEmpty() ? -1
                : (firstAckAfterFault.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                        - faultAtNanos) / 1_000_000;
        List<String> examples = new ArrayList<>(t.examples.values());
        if (firstDoubleReport != null) {
            examples.add(firstDoubleReport);
        }
        if (eventsForUnknownIds > 0) {
            examples.add(eventsForUnknownIds + " outcome(s) for ids never handed out");
        }
        return new Report(scenario, produced, acknowledged, discarded, expired, silent, lost, t.phantom,
                t.duplicates, t.outOfOrder, t.misplaced, reportedTwice + eventsForUnknownIds, t.writtenUnacknowledged,
                recoveryMs, List.copyOf(examples));
    }

    /** Counts of one reconciliation, with the first example of each kind of problem. */
    private static final class Tally {
        final Map<String, String> examples = new java.util.LinkedHashMap<>();
        final List<Integer> checkPlacementLater = new ArrayList<>();
        long phantom;
        long duplicates;
        long outOfOrder;
        long misplaced;
        long writtenUnacknowledged;

        void problem(String kind, String example) {
            examples.putIfAbsent(kind, example);
        }
    }

    /**
     * What became of every record of a scenario.
     *
     * @param scenario              the scenario's name
     * @param produced              ids handed out
     * @param acknowledged          ids acknowledged
     * @param discarded             discard events
     * @param expired               expiry events
     * @param silent                ids with no outcome at all (pending at the end): must be 0
     * @param lost                  acknowledged ids missing from the topic: must be 0
     * @param phantom               records in the topic that were not produced: must be 0
     * @param duplicates            extra copies in the topic (allowed without idempotence)
     * @param outOfOrder            acknowledged ids after a higher acknowledged id of the same partition
     * @param misplaced             acknowledged ids not at the partition and offset their acknowledgement named
     * @param reportedTwice         ids given two outcomes, or outcomes for ids never handed out: must be 0
     * @param writtenUnacknowledged ids in the topic whose record was reported discarded or expired (an answer lost)
     * @param recoveryMs            from the latest fault mark to the latest partition's first acknowledgement after
     *                              it, or -1 without a mark
     * @param examples              the first example of each problem found
     */
    public record Report(String scenario, long produced, long acknowledged, long discarded, long expired, long silent,
                         long lost, long phantom, long duplicates, long outOfOrder, long misplaced,
                         long reportedTwice, long writtenUnacknowledged, long recoveryMs, List<String> examples) {

        /**
         * Whether nothing acknowledged was lost and nothing went unreported: the guarantee every scenario holds.
         *
         * @return true when sound
         */
        public boolean accountedFor() {
            return lost == 0 && phantom == 0 && silent == 0 && misplaced == 0 && reportedTwice == 0;
        }

        /**
         * Throws unless the run is {@linkplain #accountedFor accounted for} and, as asked, in order and without
         * duplicates.
         *
         * @param inOrder         whether acknowledged ids must appear in produce order per partition
         * @param duplicatesAllowed whether extra copies are allowed (without idempotence)
         * @return this report, for chaining
         * @throws AssertionError naming what failed, with the first example of each problem
         */
        public Report assertSound(boolean inOrder, boolean duplicatesAllowed) {
            List<String> failed = new ArrayList<>();
            if (!accountedFor()) {
                failed.add("records unaccounted for");
            }
            if (inOrder && outOfOrder > 0) {
                failed.add(outOfOrder + " out of order");
            }
            if (!duplicatesAllowed && duplicates > 0) {
                failed.add(duplicates + " duplicates");
            }
            if (!failed.isEmpty()) {
                throw new AssertionError(scenario + ": " + String.join(", ", failed) + ": " + this);
            }
            return this;
        }
    }
}
