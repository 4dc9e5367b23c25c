/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.ProduceWorkload.Client;
import io.kafkadriver.bench.ProduceWorkload.Order;
import io.kafkadriver.bench.ProduceWorkload.ValueKind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The producer benchmark: the same workload through kafka-driver's {@code ClusterClient} and the official
 * {@code KafkaProducer}, one after the other in this JVM, against one broker in its own JVM.
 *
 * <p>Each measured run gets a fresh client, a fresh topic and a warm-up run on a warm-up topic first; then the
 * clock and the meters run from the first produce call to the moment every record is acknowledged (after
 * {@code flush()}). Values come from a pool of 1,024 values generated up front, so generating them is not measured.
 * The report gives records/s, MB/s, CPU seconds per million records (this process, all threads), bytes allocated
 * per record, peak heap, and the ratios ours/official; the exit status is 1 when any run lost a record.
 *
 * <p>Command line: {@code java -jar kafka-driver-bench.jar produce --help}, or this class's {@link #main}.
 * Programmatically: {@link #run(ProduceWorkload, Set, PrintStream)}.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Producer throughput and cost: kafka-driver against the official Java client.")
public final class ProduceBenchmark implements Callable<Integer> {
    /** Distinct values in the pool, reused round robin. */
    static final int VALUE_POOL_SIZE = 1024;
    private static final long SEED = 42;

    @Option(names = "--records", defaultValue = "2000000", description = "Records per measured run (default: "
            + "${DEFAULT-VALUE}).")
    private long records;
    @Option(names = "--record-size", defaultValue = "100", description = "Value bytes (default: ${DEFAULT-VALUE}).")
    private int recordSize;
    @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default: ${DEFAULT-VALUE}).")
    private int partitions;
    @Option(names = "--codec", defaultValue = "none", description = "none, gzip, snappy, lz4 or zstd (default: "
            + "${DEFAULT-VALUE}).")
    private String codec;
    @Option(names = "--acks", defaultValue = "1", description = "0, 1 or all (default: ${DEFAULT-VALUE}).")
    private String acks;
    @Option(names = "--linger-ms", defaultValue = "5", description = "Linger (default: ${DEFAULT-VALUE}).")
    private int lingerMs;
    @Option(names = "--batch-bytes", defaultValue = "65536", description = "The official batch.size; ours gets"
            + " batch-bytes / (record-size + 10) records per batch (default: ${DEFAULT-VALUE}).")
    private int batchBytes;
    @Option(names = "--buffer-memory", defaultValue = "33554432", description = "The official buffer.memory; ours"
            + " gets buffer-memory / (record-size + 10) maxBufferedMessages (default: ${DEFAULT-VALUE}).")
    private long bufferMemory;
    @Option(names = "--round-robin-run", defaultValue = "0", description = "Ours: records per partition before"
            + " round robin moves on; 0 = one batch, like the official sticky partitioner (default: "
            + "${DEFAULT-VALUE}).")
    private int roundRobinRun;
    @Option(names = "--repeat", defaultValue = "1", description = "Measured runs per client; medians are reported"
            + " (default: ${DEFAULT-VALUE}).")
    private int repeat;
    @Option(names = "--order", defaultValue = "ours-first", description = "ours-first, theirs-first or abba"
            + " (default: ${DEFAULT-VALUE}).")
    private String order;
    @Option(names = "--warmup", defaultValue = "0.2", description = "Warm-up records before each measured run, as"
            + " a fraction of --records (default: ${DEFAULT-VALUE}).")
    private double warmup;
    @Option(names = "--values", defaultValue = "random", description = "random (incompressible) or text"
            + " (default: ${DEFAULT-VALUE}).")
    private String values;
    @Option(names = "--only", description = "Run one client only: ours, ours-send (ours through send, a future"
            + " per record) or official (e.g. to profile it).")
    private String only;
    @Option(names = "--bootstrap", description = "Use this cluster instead of starting a broker process.")
    private String bootstrap;
    @Option(names = "--json", description = "Also write the results to this file as JSON.")
    private Path json;

    @Spec
    private CommandSpec spec;

    private final PrintStream out;
    private final PrintStream progress;

    /**
     * Creates the command.
     *
     * @param out      where the result table goes
     * @param progress where one line per finished run goes while the benchmark runs
     */
    public ProduceBenchmark(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    /**
     * Runs the benchmark from the command line and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProduceBenchmark(System.out, System.err)).execute(args));
    }

    /**
     * Runs the benchmark with the parsed options, prints the table and writes the JSON when asked.
     *
     * @return 0 when every record of every run was acknowledged, 1 otherwise
     * @throws IOException when the JSON file cannot be written
     */
    @Override
    public Integer call() throws IOException {
        ProduceWorkload workload;
        Set<Client> clients;
        try {
            workload = new ProduceWorkload(records, recordSize, partitions, codec, acks, lingerMs, batchBytes, repeat,
                    Order.valueOf(constant(order)), warmup, ValueKind.valueOf(constant(values)), bufferMemory,
                    roundRobinRun, bootstrap);
            clients = only == null ? EnumSet.of(Client.OURS, Client.OFFICIAL)
                    : EnumSet.of(Client.valueOf(constant(only)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ProduceBenchmarkResult result = run(workload, clients, progress);
        out.print(result.table());
        out.flush();
        if (json != null) {
            Files.writeString(json, result.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
        }
        return result.allAcknowledged() ? 0 : 1;
    }

    private static String constant(String option) {
        return option.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Runs a workload with both clients, starting a broker process unless the workload names a cluster.
     *
     * @param workload the workload
     * @param progress where one line per finished run goes
     * @return every run's figures
     */
    public static ProduceBenchmarkResult run(ProduceWorkload workload, PrintStream progress) {
        return run(workload, EnumSet.of(Client.OURS, Client.OFFICIAL), progress);
    }

    /**
     * Runs a workload with the given clients, in the workload's schedule.
     *
     * @param workload the workload
     * @param clients  which clients to run (the others' runs are skipped)
     * @param progress where one line per finished run goes
     * @return every run's figures
     */
    public static ProduceBenchmarkResult run(ProduceWorkload workload, Set<Client> clients, PrintStream progress) {
        try (BenchCluster cluster = BenchCluster.open(workload.bootstrap())) {
            progress.printf("broker at %s%n", cluster.bootstrap());
            return run(cluster, workload, clients, progress, LiveProgress.NONE);
        }
    }

    /**
     * Runs a workload with the given clients on an open cluster, in the workload's schedule.
     *
     * @param cluster  the cluster
     * @param workload the workload
     * @param clients  which clients to run (the others' runs are skipped)
     * @param progress where one line per finished run goes
     * @param live     shows the progress of each measured run while it runs
     * @return every run's figures
     */
    static ProduceBenchmarkResult run(BenchCluster cluster, ProduceWorkload workload, Set<Client> clients,
                                      PrintStream progress, LiveProgress live) {
        byte[][] pool = values(workload.values(), workload.recordSize(), VALUE_POOL_SIZE, SEED);
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Map<Client, Integer> done = new EnumMap<>(Client.class);
        List<RunResult> results = new ArrayList<>();
        // Clients in their declaration order (ours, ours-send, official): with ours and official alone, the
        // schedule is the workload's pairs.
        for (Client client : workload.schedule(List.copyOf(EnumSet.copyOf(clients)))) {
            int index = done.merge(client, 1, Integer::sum) - 1;
            String topic = "bench-" + runId + "-" + client.label() + "-" + index;
            RunResult r = runOnce(cluster, workload, client, index, topic, pool, live);
            progress.printf(Locale.ROOT, "%s run %d: %,.0f records/s, %.2f cpu-s/M records, %.1f MiB peak heap,"
                    + " %,d of %,d acknowledged%n", client.label(), index, r.recordsPerSecond(),
                    r.cpuSecondsPerMillion(), r.peakHeapMiB(), r.acknowledged(), r.records());
            results.add(r);
        }
        return new ProduceBenchmarkResult(workload, cluster.bootstrap(), results);
    }

    /** Shows the live progress of one measured run. */
    @FunctionalInterface
    interface LiveProgress {
        /** Shows nothing. */
        LiveProgress NONE = (label, total, done) -> () -> { };

        /**
         * Starts showing a run's progress.
         *
         * @param label what runs
         * @param total records it produces
         * @param done  records acknowledged so far
         * @return running it ends the display
         */
        Runnable start(String label, long total, java.util.function.LongSupplier done);
    }

    /** One measured run: fresh topics and client, warm-up, garbage collection, then the measured phase. */
    private static RunResult runOnce(BenchCluster cluster, ProduceWorkload w, Client client, int index, String topic,
                                     byte[][] pool, LiveProgress live) {
        String warmupTopic = topic + "-warmup";
        // Topics first, client second: the driver learns a topic from its first (full) metadata fetch. A topic
        // created later waits for the next refresh (up to minimumTimeBetweenRefreshMetadata, 42 s) and its records
        // beyond maxPostponedMessages (1000) are discarded meanwhile, where the official client blocks send().
        cluster.createTopic(topic, w.partitions());
        if (w.warmupRecords() > 0) {
            cluster.createTopic(warmupTopic, w.partitions());
        }
        try (BenchProducer producer = switch (client) {
            case OURS -> DriverProducer.start(cluster.bootstrap(), w, false);
            case OURS_SEND -> DriverProducer.start(cluster.bootstrap(), w, true);
            case OFFICIAL -> OfficialProducer.start(cluster.bootstrap(), w);
        }) {
            if (w.warmupRecords() > 0) {
                AckCounter warm = new AckCounter(warmupTopic, w.warmupRecords());
                producer.begin(warm);
                produceAndSettle(producer, warm, w.warmupRecords(), pool);
            }
            System.gc();
            AckCounter counter = new AckCounter(topic, w.records());
            producer.begin(counter);
            ResourceMeter meter = ResourceMeter.start(cluster::brokerCpuNanos);
            Runnable shown = live.start(client.label() + " produce #" + index, w.records(),
                    counter::acknowledgedCount);
            Throwable stall;
            try {
                stall = produceAndSettle(producer, counter, w.records(), pool);
            } finally {
                shown.run();
            }
            ResourceUsage usage = meter.stop();
            Throwable error = counter.firstError() != null ? counter.firstError() : stall;
            return new RunResult(client, index, w.records(), counter.acknowledgedCount(), counter.failedCount(),
                    error == null ? null : error.toString(), usage, w.recordSize());
        } finally {
            System.gc();
        }
    }

    /**
     * Produces {@code n} records, flushes and waits until each has an outcome.
     *
     * @return null when all settled in time, else what stopped the wait
     */
    private static Throwable produceAndSettle(BenchProducer producer, AckCounter counter, long n, byte[][] pool) {
        int mask = pool.length - 1;
        Duration bound = Duration.ofSeconds(60 + n / 10_000);
        try {
            for (long i = 0; i < n; i++) {
                producer.produce(pool[(int) (i & mask)]);
            }
            producer.flush(bound);
            // Both clients report outcomes before their flush completes; this bounded wait only guards that.
            counter.settled().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return new TimeoutException("records not settled within " + bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException | RuntimeException e) {
            return e;
        }
    }

    /**
     * Generates the value pool.
     *
     * @param kind  random bytes or text
     * @param size  bytes per value
     * @param count values, a power of two
     * @param seed  the random seed
     * @return {@code count} distinct values of {@code size} bytes
     */
    static byte[][] values(ValueKind kind, int size, int count, long seed) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two, was " + count);
        }
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ".getBytes(StandardCharsets.US_ASCII);
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] pool = new byte[count][size];
        for (byte[] v : pool) {
            for (int i = 0; i < size; i++) {
                v[i] = kind == ValueKind.RANDOM ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
        }
        return pool;
    }
}
