/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.bench.BenchSettings.Mode;
import io.kafkadriver.testkit.KafkaBrokerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Whole-process programs of issue #19, to be timed from the outside ({@code /usr/bin/time -v}): each JVM does one
 * job and exits, so its wall time, CPU, system CPU and peak RSS are the client's whole cost, start-up and shut-down
 * included. {@link Produce} ({@code whole-produce}) produces {@code --records} records with ours or the official
 * producer (the workload of {@code --mode produce}: 100-byte random values from a pool, 4 partitions, acks 1,
 * linger 5 ms, 64 KB batches), flushes, closes; {@link Consume} ({@code whole-consume}) reads a topic from its
 * earliest offsets until {@code --records} records arrived; {@link Broker} ({@code broker}) starts the test kit's
 * broker in its own JVM for them, creates the topics, pre-fills one, prints the bootstrap address and stays up until
 * its standard input closes. {@code --mode whole-produce|whole-consume|broker} of the main command names them too
 * ({@link #rewrite}).
 */
public final class WholeProcess {
    private static final Logger LOG = LoggerFactory.getLogger(WholeProcess.class);
    /** Subcommand names that {@code --mode} may name. */
    static final Set<String> COMMANDS = Set.of("whole-produce", "whole-consume", "broker");
    /** Values in the producer's pool, as {@code --mode produce}. */
    private static final int VALUE_POOL_SIZE = 1024;
    private static final long SEED = 42;

    private WholeProcess() {
    }

    /**
     * Turns {@code --mode whole-produce ...} (and the other two) into the subcommand {@code whole-produce ...};
     * other arguments are returned as they are.
     *
     * @param args the command line
     * @return the command line picocli parses
     */
    public static String[] rewrite(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = null;
            int width = 0;
            if (args[i].equals("--mode") && i + 1 < args.length) {
                value = args[i + 1];
                width = 2;
            } else if (args[i].startsWith("--mode=")) {
                value = args[i].substring("--mode=".length());
                width = 1;
            }
            if (value != null && COMMANDS.contains(value.toLowerCase(Locale.ROOT))) {
                List<String> out = new ArrayList<>();
                out.add(value.toLowerCase(Locale.ROOT));
                for (int j = 0; j < args.length; j++) {
                    if (j < i || j >= i + width) {
                        out.add(args[j]);
                    }
                }
                return out.toArray(String[]::new);
            }
        }
        return args;
    }

    /** Which client a whole-process program runs. */
    public enum Client {
        /** kafka-driver's {@link ClusterClient}. */
        OURS,
        /** The official {@code kafka-clients} producer or consumer. */
        OFFICIAL
    }

    /** Options both programs share. */
    abstract static class Common implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "The running"
                + " cluster (see the broker command).")
        String bootstrap;
        @Option(names = "--records", defaultValue = "5000000", paramLabel = "N", description = "Records to produce"
                + " or to read (default: ${DEFAULT-VALUE}).")
        long records;
        @Option(names = "--client", defaultValue = "ours", paramLabel = "ours|official", description = "The client"
                + " (default: ${DEFAULT-VALUE}).")
        Client client;
        @Option(names = "--topic", required = true, description = "The topic, which exists.")
        String topic;
        @Option(names = "--record-size", defaultValue = "100", paramLabel = "BYTES", description = "Value bytes,"
                + " at least 16 (default: ${DEFAULT-VALUE}).")
        int recordSize;
        @Option(names = "--partitions", defaultValue = "4", description = "The topic's partitions (default:"
                + " ${DEFAULT-VALUE}).")
        int partitions;
        @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "The most the"
                + " program waits for the last acknowledgement or record (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        final PrintStream out;

        Common(PrintStream out) {
            this.out = out;
        }

        /** The workload of {@code --mode produce} (and {@code consume}) with this command's values. */
        BenchSettings settings(Mode mode) {
            return new BenchSettings(mode, records, recordSize, partitions, "none", "1", 5, 65536, false, 1, 0,
                    50_000, 20, bootstrap, null, null);
        }

        /** When the client's creation returned ({@code System.nanoTime()}), or 0 before. */
        volatile long createdNanos;

        /** Prints the one summary line. */
        void summary(String what, long done, long startNanos, long startupNanos) {
            long wallNanos = System.nanoTime() - startNanos;
            out.printf(Locale.ROOT, "%s client=%s records=%d of=%d wall_ms=%d records_per_s=%.0f startup_ms=%s"
                    + " create_ms=%s%n", what, client.name().toLowerCase(Locale.ROOT), done, records,
                    wallNanos / 1_000_000, done * 1e9 / wallNanos,
                    startupNanos < 0 ? "-" : Long.toString(startupNanos / 1_000_000),
                    createdNanos == 0 ? "-" : Long.toString((createdNanos - startNanos) / 1_000_000));
            out.flush();
        }
    }

    /**
     * {@code whole-produce}: creates the client, produces {@code --records} records, flushes, closes and prints
     * {@code whole-produce client=... records=... of=... wall_ms=... records_per_s=... startup_ms=... create_ms=...},
     * where the wall time runs from before the client's creation to after its close, the start-up from before its
     * creation ({@code ClusterClient.create}, the {@code KafkaProducer} constructor) to the first acknowledged record,
     * and {@code create_ms} from before the creation to its return. Exit
     * status 0 only when every record was acknowledged.
     */
    @Command(name = "whole-produce", mixinStandardHelpOptions = true, description = "Produces --records records"
            + " with one client (the workload of --mode produce), flushes, closes, prints one summary line.")
    public static final class Produce extends Common {

        /**
         * Creates the command.
         *
         * @param out where the summary goes
         */
        public Produce(PrintStream out) {
            super(out);
        }

        /**
         * Runs the program.
         *
         * @return 0 when every record was acknowledged, 1 otherwise
         * @throws Exception when the client fails
         */
        @Override
        public Integer call() throws Exception {
            ProduceWorkload w = settings(Mode.PRODUCE).produceWorkload();
            byte[][] pool = ProduceBenchmark.values(w.values(), w.recordSize(), VALUE_POOL_SIZE, SEED);
            int mask = VALUE_POOL_SIZE - 1;
            AckCounter counter = new AckCounter(topic, records);
            long start = System.nanoTime();
            Throwable failure = null;
            try (BenchProducer producer = client == Client.OURS ? DriverProducer.start(bootstrap, w)
                    : OfficialProducer.start(bootstrap, w)) {
                createdNanos = System.nanoTime();
                producer.begin(counter);
                for (long i = 0; i < records; i++) {
                    producer.produce(pool[(int) (i & mask)]);
                }
                producer.flush(Duration.ofSeconds(timeoutSeconds));
                counter.settled().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                failure = e;
            }
            long firstAck = counter.firstAckNanos();
            summary("whole-produce", counter.acknowledgedCount(), start, firstAck == 0 ? -1 : firstAck - start);
            if (failure != null || counter.acknowledgedCount() != records) {
                out.printf(Locale.ROOT, "FAILED: %d of %d acknowledged, %d failed; %s%n", counter.acknowledgedCount(),
                        records, counter.failedCount(), failure != null ? failure : counter.firstError());
                return 1;
            }
            return 0;
        }
    }

    /**
     * {@code whole-consume}: creates the client, reads the topic's every partition from the earliest offsets
     * (ours: {@code consumeFromEarliest} and one listener; official: no group, {@code assign},
     * {@code seekToBeginning}, {@code poll}) until {@code --records} records arrived, closes and prints
     * {@code whole-consume client=... records=... of=... wall_ms=... records_per_s=... startup_ms=... create_ms=...},
     * the start-up being the time to the first record. Exit status 0 only when every record arrived.
     */
    @Command(name = "whole-consume", mixinStandardHelpOptions = true, description = "Reads --topic from the"
            + " earliest offsets with one client until --records records arrived, closes, prints one summary line.")
    public static final class Consume extends Common {

        /**
         * Creates the command.
         *
         * @param out where the summary goes
         */
        public Consume(PrintStream out) {
            super(out);
        }

        /**
         * Runs the program.
         *
         * @return 0 when every record arrived, 1 otherwise
         * @throws Exception when the client fails
         */
        @Override
        public Integer call() throws Exception {
            BenchSettings s = settings(Mode.CONSUME);
            long start = System.nanoTime();
            AtomicLong first = new AtomicLong();
            long received = client == Client.OURS ? ours(s, start, first) : official(start, first);
            summary("whole-consume", received, start, first.get() == 0 ? -1 : first.get() - start);
            if (received < records) {
                out.printf(Locale.ROOT, "FAILED: %d of %d records within %d s%n", received, records, timeoutSeconds);
                return 1;
            }
            return 0;
        }

        private long ours(BenchSettings s, long start, AtomicLong first) throws InterruptedException {
            CompletableFuture<Void> done = new CompletableFuture<>();
            // One delivery thread calls the listener; the count is read by this one after it.
            AtomicLong count = new AtomicLong();
            try (ClusterClient c = ClusterClient.create(DriverBenchClient.configuration(bootstrap, s))) {
                createdNanos = System.nanoTime();
                c.onMessageReceived(m -> {
                    if (topic.equals(m.topic())) {
                        long n = count.incrementAndGet();
                        if (n == 1) {
                            first.set(System.nanoTime());
                        }
                        if (n >= records) {
                            done.complete(null);
                        }
                    }
                });
                c.consumeFromEarliest(topic);
                try {
                    done.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warn("ours read {} of {} records: {}", count.get(), records, e.toString());
                }
                c.stopConsume(topic);
            }
            return count.get();
        }

        private long official(long start, AtomicLong first) {
            long count = 0;
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(OfficialBenchClient.consumerConfiguration(
                    bootstrap))) {
                createdNanos = System.nanoTime();
                List<TopicPartition> parts = new ArrayList<>();
                for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(timeoutSeconds))) {
                    parts.add(new TopicPartition(topic, p.partition()));
                }
                c.assign(parts);
                c.seekToBeginning(parts);
                while (count < records && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        if (count++ == 0) {
                            first.set(System.nanoTime());
                        }
                    }
                }
            }
            return count;
        }
    }

    /**
     * {@code broker}: starts the test kit's one-broker KRaft cluster in its own JVM ({@link KafkaBrokerProcess}),
     * creates the {@code --topic} topics, pre-fills {@code --fill} with {@code --records} records by the official
     * producer, prints {@code bootstrap=HOST:PORT} and waits until its standard input closes, then stops the broker.
     */
    @Command(name = "broker", mixinStandardHelpOptions = true, description = "Starts a broker in its own JVM for"
            + " the whole-process programs, prints bootstrap=HOST:PORT, stays up until stdin closes.")
    public static final class Broker implements Callable<Integer> {
        @Option(names = "--topic", split = ",", description = "Topics to create (comma-separated or repeated).")
        List<String> topics = new ArrayList<>();
        @Option(names = "--fill", paramLabel = "TOPIC", description = "A topic to create and pre-fill with --records"
                + " records (the consume mode's pre-fill, official producer).")
        String fill;
        @Option(names = "--records", defaultValue = "2000000", paramLabel = "N", description = "Records of --fill"
                + " (default: ${DEFAULT-VALUE}).")
        long records;
        @Option(names = "--partitions", defaultValue = "4", description = "Partitions of every topic (default:"
                + " ${DEFAULT-VALUE}).")
        int partitions;

        private final PrintStream out;
        private final InputStream in;

        /**
         * Creates the command.
         *
         * @param out where the bootstrap address goes
         * @param in  the input whose end stops the broker
         */
        public Broker(PrintStream out, InputStream in) {
            this.out = out;
            this.in = in;
        }

        /**
         * Runs the broker until the input ends.
         *
         * @return 0 when the broker ran and the pre-fill succeeded, 1 otherwise
         * @throws IOException when the input cannot be read
         */
        @Override
        public Integer call() throws IOException {
            try (BenchCluster cluster = BenchCluster.open(null)) {
                for (String t : topics) {
                    cluster.createTopic(t, partitions);
                }
                if (fill != null) {
                    BenchSettings s = new BenchSettings(Mode.CONSUME, records, 100, partitions, "none", "1", 5,
                            65536, false, 1, 0, 50_000, 20, null, null, null);
                    BenchRun run = new BenchRun(s, cluster, out, false);
                    String topic = fill;
                    cluster.createTopic(topic, partitions);
                    if (ConsumeMode.prefill(run, topic) == null || cluster.recordCount(topic) != records) {
                        out.print(run.report().table());
                        out.println("FAILED: pre-fill of " + topic);
                        return 1;
                    }
                    out.printf(Locale.ROOT, "filled %s with %d records%n", topic, records);
                }
                out.println("bootstrap=" + cluster.bootstrap());
                out.flush();
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // Waiting for the end of the input: its closing stops the broker.
                }
            }
            return 0;
        }
    }

    /**
     * Adds the three commands to the main command line.
     *
     * @param line the main command line
     * @param out  where they print
     * @return {@code line}
     */
    static CommandLine addTo(CommandLine line, PrintStream out) {
        return line.addSubcommand("whole-produce", new Produce(out))
                .addSubcommand("whole-consume", new Consume(out))
                .addSubcommand("broker", new Broker(out, System.in));
    }
}
