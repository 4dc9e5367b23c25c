/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one producer benchmark runs, identical for both clients: how many records of what size, to how many
 * partitions, with which codec, acks, linger and batch size, how often, and in which order.
 *
 * @param records         records per measured run
 * @param recordSize      value size in bytes (keys are null)
 * @param partitions      partitions of each fresh topic
 * @param codec           compression: none, gzip, snappy, lz4 or zstd
 * @param acks            acks: 0, 1 or all
 * @param lingerMs        linger in milliseconds (the driver's {@code produceBufferingTime})
 * @param batchBytes      the official client's {@code batch.size}; the driver's record count is derived from it
 * @param repeat          measured runs per client; the report gives the medians
 * @param order           which client goes first in each pair
 * @param warmupFraction  records of the warm-up run before each measured run, as a fraction of {@code records}
 * @param values          what the values hold
 * @param bufferMemory    the official client's {@code buffer.memory}; the driver's {@code maxBufferedMessages} is
 *                        derived from it
 * @param roundRobinRun   records the driver sends to one partition before moving to the next
 *                        ({@code numberOfMessagesBeforeRoundRobin}); 0 means {@link #recordsPerBatch()}, which
 *                        matches the official client's sticky partitioner (a new partition per full batch)
 * @param bootstrap       an existing cluster to use, or null to start a broker in its own JVM
 * @param idempotence     the idempotent producer on both clients (needs acks all); off sets it off on both
 */
public record ProduceWorkload(long records, int recordSize, int partitions, String codec, String acks,
                              int lingerMs, int batchBytes, int repeat, Order order, double warmupFraction,
                              ValueKind values, long bufferMemory, int roundRobinRun, String bootstrap,
                              boolean idempotence) {

    /** The official client's default {@code buffer.memory} (32 MiB). */
    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    /** Bytes a record adds to a v2 batch besides its value, for 100-byte values and a null key (about 10). */
    static final int RECORD_OVERHEAD_BYTES = 10;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final List<String> ACKS = List.of("0", "1", "all");

    /** Which client runs first in each measured pair. */
    public enum Order {
        /** The driver, then the official client, in every pair (A B A B ...). */
        OURS_FIRST,
        /** The official client, then the driver, in every pair (B A B A ...). */
        THEIRS_FIRST,
        /** Pairs alternate which client goes first (A B B A A B ...), to cancel order effects. */
        ABBA
    }

    /** What the record values hold. */
    public enum ValueKind {
        /** Uniformly random bytes: incompressible. */
        RANDOM,
        /** Random letters, digits and spaces: compressible, like the JMH codec benchmark's values. */
        TEXT
    }

    /** The two clients compared. */
    public enum Client {
        /** kafka-driver's {@code ClusterClient}, fire-and-forget {@code produce}. */
        OURS("ours"),
        /** kafka-driver's {@code ClusterClient} through {@code send}: a future per record, counted on completion. */
        OURS_SEND("ours-send"),
        /** The official {@code KafkaProducer<byte[], byte[]>}. */
        OFFICIAL("official");

        private final String label;

        Client(String label) {
            this.label = label;
        }

        /**
         * Returns the name used in the table and the JSON.
         *
         * @return {@code ours} or {@code official}
         */
        public String label() {
            return label;
        }
    }

    /** Checks every field and normalises the codec and acks spellings. */
    public ProduceWorkload {
        codec = Objects.requireNonNull(codec, "codec").toLowerCase(Locale.ROOT);
        acks = Objects.requireNonNull(acks, "acks").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(values, "values");
        if (acks.equals("-1")) {
            acks = "all";
        }
        require(records >= 1, "records must be at least 1, was " + records);
        require(recordSize >= 0, "record-size must be at least 0, was " + recordSize);
        require(partitions >= 1, "partitions must be at least 1, was " + partitions);
        require(CODECS.contains(codec), "codec must be one of " + CODECS + ", was '" + codec + "'");
        require(ACKS.contains(acks), "acks must be one of " + ACKS + ", was '" + acks + "'");
        require(lingerMs >= 0, "linger-ms must be at least 0, was " + lingerMs);
        require(batchBytes >= 1, "batch-bytes must be at least 1, was " + batchBytes);
        require(repeat >= 1, "repeat must be at least 1, was " + repeat);
        require(warmupFraction >= 0 && warmupFraction <= 10, "warmup must be between 0 and 10, was "
                + warmupFraction);
        require(roundRobinRun >= 0, "round-robin-run must be at least 0, was " + roundRobinRun);
        require(bufferMemory >= batchBytes, "buffer-memory must be at least batch-bytes, was " + bufferMemory);
        require(!idempotence || acks.equals("all"), "idempotence on needs acks all, was acks " + acks);
    }

    /**
     * A workload without idempotence (on either client).
     *
     * @param records        records per measured run
     * @param recordSize     value size in bytes
     * @param partitions     partitions of each fresh topic
     * @param codec          compression
     * @param acks           0, 1 or all
     * @param lingerMs       linger in milliseconds
     * @param batchBytes     the official client's batch.size
     * @param repeat         measured runs per client
     * @param order          which client goes first in each pair
     * @param warmupFraction warm-up records as a fraction of records
     * @param values         what the values hold
     * @param bufferMemory   the official client's buffer.memory
     * @param roundRobinRun  records the driver sends to one partition before moving on (0: a batch's worth)
     * @param bootstrap      an existing cluster, or null
     */
    public ProduceWorkload(long records, int recordSize, int partitions, String codec, String acks, int lingerMs,
                           int batchBytes, int repeat, Order order, double warmupFraction, ValueKind values,
                           long bufferMemory, int roundRobinRun, String bootstrap) {
        this(records, recordSize, partitions, codec, acks, lingerMs, batchBytes, repeat, order, warmupFraction,
                values, bufferMemory, roundRobinRun, bootstrap, false);
    }

    /**
     * Returns the defaults of the command line for a given record count: 100-byte random values, 4 partitions, no
     * compression, acks=1, linger 5 ms, 64 KB batches, one run each, driver first, 20% warm-up, 32 MiB of buffer,
     * sticky-like round robin, own broker.
     *
     * @param records records per measured run
     * @return the workload
     */
    public static ProduceWorkload defaults(long records) {
        return new ProduceWorkload(records, 100, 4, "none", "1", 5, 65536, 1, Order.OURS_FIRST, 0.2,
                ValueKind.RANDOM, DEFAULT_BUFFER_MEMORY, 0, null);
    }

    /**
     * Returns the driver's {@code produceBatchSize} (a record count) that fills about {@code batchBytes}, so that
     * both clients build batches of the same size: {@code batchBytes / (recordSize + 10)}, at least 1.
     *
     * @return records per batch
     */
    public int recordsPerBatch() {
        return (int) Math.max(1, batchBytes / (long) (recordSize + RECORD_OVERHEAD_BYTES));
    }

    /**
     * Returns the driver's {@code maxBufferedMessages} that matches the official client's {@code buffer.memory}:
     * {@code bufferMemory / (recordSize + 10)}.
     *
     * @return most records pending in the driver
     */
    public int maxBufferedRecords() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bufferMemory / (recordSize + RECORD_OVERHEAD_BYTES)));
    }

    /**
     * Returns the driver's {@code numberOfMessagesBeforeRoundRobin}.
     *
     * @return {@link #roundRobinRun()}, or {@link #recordsPerBatch()} when it is 0
     */
    public int effectiveRoundRobinRun() {
        return roundRobinRun == 0 ? recordsPerBatch() : roundRobinRun;
    }

    /**
     * Returns the records of each warm-up run.
     *
     * @return {@code records * warmupFraction}, rounded
     */
    public long warmupRecords() {
        return Math.round(records * warmupFraction);
    }

    /**
     * Returns the measured runs in the order they happen: {@code repeat} pairs of ours and the official client,
     * each pair ordered per {@link #order()}.
     *
     * @return the clients, one entry per measured run
     */
    public List<Client> schedule() {
        return schedule(List.of(Client.OURS, Client.OFFICIAL));
    }

    /**
     * Returns the measured runs of a line-up in the order they happen: {@code repeat} rounds, each round the
     * line-up forwards or backwards per {@link #order()} (ours-first: always forwards; theirs-first: always
     * backwards; abba: forwards in even rounds, backwards in odd ones), so that with two clients a round is a pair.
     *
     * @param lineup the clients of one round, in their forward order
     * @return the clients, one entry per measured run
     */
    public List<Client> schedule(List<Client> lineup) {
        List<Client> backwards = new ArrayList<>(lineup);
        Collections.reverse(backwards);
        List<Client> runs = new ArrayList<>(lineup.size() * repeat);
        for (int round = 0; round < repeat; round++) {
            boolean forwards = switch (order) {
                case OURS_FIRST -> true;
                case THEIRS_FIRST -> false;
                case ABBA -> round % 2 == 0;
            };
            runs.addAll(forwards ? lineup : backwards);
        }
        return runs;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
