package io.kafkadriver.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.OracleClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo entry point, until the driver itself exists: starts a real embedded Kafka cluster, creates a topic,
 * round-trips a few records with the official client as a smoke check, prints what happened and exits 0 after
 * closing everything (or stays up with {@code --keep-running} until Ctrl-C).
 */
@Command(name = "kafka-driver-bench", mixinStandardHelpOptions = true,
        description = "Starts an embedded Apache Kafka (KRaft) cluster and checks it with the official client.")
public final class Main implements Callable<Integer> {

    @Option(names = "--brokers", defaultValue = "1",
            description = "Number of embedded brokers (default: ${DEFAULT-VALUE}).")
    private int brokers;

    @Option(names = "--topic", defaultValue = "demo", description = "Topic to create (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--partitions", defaultValue = "3",
            description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--records", defaultValue = "10",
            description = "Records to produce and read back (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--keep-running", description = "Stay up after the smoke check until Ctrl-C.")
    private boolean keepRunning;

    private final PrintStream out;

    /**
     * Creates the command, printing to {@code out}.
     *
     * @param out where the report goes
     */
    public Main(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the command line and exits with its status: the demo, or with {@code produce ...} the producer benchmark
     * ({@link ProduceBenchmark}).
     *
     * @param args command-line arguments; see {@code --help} and {@code produce --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main(System.out))
                .addSubcommand("produce", new ProduceBenchmark(System.out, System.err))
                .execute(args));
    }

    /**
     * Starts the cluster, runs the smoke check and, unless {@code --keep-running}, closes everything.
     *
     * @return 0 on success, 1 if the records read back are not the ones produced
     * @throws InterruptedException if interrupted while kept running
     */
    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(brokers).build();
        try {
            cluster.start();
            out.printf("Kafka broker ready at %s (%d broker(s), started in %d ms)%n", cluster.bootstrapServers(),
                    brokers, cluster.startupTime().toMillis());
            cluster.createTopic(topic, partitions, Math.min(brokers, 3));
            int status = smokeCheck(new OracleClient(cluster.bootstrapServers()));
            if (status != 0 || !keepRunning) {
                return status;
            }
            out.println("Running until Ctrl-C...");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "bench-shutdown"));
            new CountDownLatch(1).await();
            return 0;
        } finally {
            cluster.close();
        }
    }

    private int smokeCheck(OracleClient oracle) {
        oracle.produce(topic, records, "lz4");
        List<ConsumerRecord<byte[], byte[]>> read = oracle.readAll(topic, records);
        long intact = read.stream()
                .filter(r -> OracleClient.text(r.value()).equals("value-" + OracleClient.text(r.key()).substring(4)))
                .count();
        out.printf("Produced %d records to '%s' and read back %d (%d intact) with the official client%n",
                records, topic, read.size(), intact);
        return read.size() == records && intact == records ? 0 : 1;
    }
}
