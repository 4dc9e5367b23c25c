package io.kafkadriver.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Entry point of a broker JVM started by {@link KafkaBrokerProcess} (also usable by hand):
 * <pre>
 * java -cp &lt;classpath&gt; io.kafkadriver.testkit.BrokerMain [--brokers N] [--broker-property k=v]...
 *      [--sasl-user user:password]... [--ssl]   (--ssl also prints the SSL bootstrap and certificate PEM)
 * </pre>
 * It starts an {@link EmbeddedKafkaCluster}, prints machine-readable lines on standard output
 * ({@value #BOOTSTRAP_PREFIX}..., {@value #DATA_DIR_PREFIX}..., {@value #STARTUP_MS_PREFIX}..., then
 * {@value #READY_LINE}), and runs until its standard input ends or reads {@code stop}: so it dies with its parent,
 * whose end of the pipe closes when it exits. A shutdown hook also closes the cluster on SIGTERM.
 */
public final class BrokerMain {

    /** Prefix of the line giving the PLAINTEXT bootstrap servers. */
    public static final String BOOTSTRAP_PREFIX = "KAFKA_BOOTSTRAP=";
    /** Prefix of the line giving the cluster's data directory (deleted on exit). */
    public static final String DATA_DIR_PREFIX = "KAFKA_DATA_DIR=";
    /** Prefix of the line giving the measured startup time in milliseconds. */
    public static final String STARTUP_MS_PREFIX = "KAFKA_STARTUP_MS=";
    /** Prefix of the line giving the SSL listener's bootstrap servers (with {@code --ssl} only). */
    public static final String SSL_BOOTSTRAP_PREFIX = "KAFKA_SSL_BOOTSTRAP=";
    /** Prefix of the line giving the broker certificate as a PEM file clients can trust (no password). */
    public static final String SSL_CERT_PEM_PREFIX = "KAFKA_SSL_CERT_PEM=";
    /** The last line printed once the cluster is ready. */
    public static final String READY_LINE = "KAFKA_READY";
    /** Printed if the cluster could not start, followed by the reason. */
    public static final String FAILED_PREFIX = "KAFKA_FAILED=";

    private BrokerMain() {
    }

    /**
     * Starts the cluster and blocks until standard input ends.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        EmbeddedKafkaCluster cluster;
        try {
            cluster = parse(List.of(args)).build();
            cluster.start();
        } catch (RuntimeException e) {
            out.println(FAILED_PREFIX + e);
            out.flush();
            System.exit(2);
            return;
        }
        Thread hook = new Thread(cluster::close, "broker-main-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(BOOTSTRAP_PREFIX + cluster.bootstrapServers());
        out.println(DATA_DIR_PREFIX + cluster.dataDirectory());
        out.println(STARTUP_MS_PREFIX + cluster.startupTime().toMillis());
        if (List.of(args).contains("--ssl")) {
            // The certificate, never a password: the parent logs these lines at debug.
            out.println(SSL_BOOTSTRAP_PREFIX + cluster.bootstrapServers(EmbeddedKafkaCluster.SSL));
            out.println(SSL_CERT_PEM_PREFIX + cluster.sslMaterial().brokerCertificatePem());
        }
        out.println(READY_LINE);
        out.flush();
        awaitStdinEnd();
        cluster.close();
        out.println("KAFKA_STOPPED");
        out.flush();
        System.exit(0);
    }

    private static void awaitStdinEnd() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if ("stop".equals(line.trim())) {
                    return;
                }
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: stop as on end of input.
        }
    }

    /**
     * Parses the command line into cluster settings.
     *
     * @param args the arguments
     * @return a builder with those settings
     * @throws IllegalArgumentException naming the bad argument
     */
    static EmbeddedKafkaCluster.Builder parse(List<String> args) {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--brokers" -> builder.brokers(Integer.parseInt(value(args, ++i, arg)));
                case "--broker-property" -> {
                    String[] kv = pair(value(args, ++i, arg), '=', arg);
                    builder.brokerProperty(kv[0], kv[1]);
                }
                case "--sasl-user" -> {
                    String[] up = pair(value(args, ++i, arg), ':', arg);
                    builder.saslPlainUser(up[0], up[1]);
                }
                case "--ssl" -> builder.ssl();
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return builder;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static String[] pair(String s, char sep, String option) {
        int i = s.indexOf(sep);
        if (i <= 0) {
            throw new IllegalArgumentException(option + " expects 'a" + sep + "b' but got '" + s + "'");
        }
        return new String[] {s.substring(0, i), s.substring(i + 1)};
    }
}
