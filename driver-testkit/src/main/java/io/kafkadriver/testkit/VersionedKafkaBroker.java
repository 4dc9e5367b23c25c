package io.kafkadriver.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Kafka broker of a given {@link KafkaVersion}, in a JVM of its own running that version's jars (as the
 * build resolved them) and {@link VersionedBrokerMain}: 2.8 with ZooKeeper in the same JVM, 3.3 and later in KRaft
 * combined mode (broker and controller), formatted first.
 *
 * <p>Ports are picked free just before the launch and the launch is tried again with new ones (at most
 * {@value #BIND_ATTEMPTS} times) if the broker could not bind. The start is bounded: it waits until the port accepts
 * and a Metadata request (the official client's {@code describeCluster}) answers. The broker's output goes to
 * {@link #logFile()} (under {@code test.log.dir}, i.e. {@code target/test-logs}), never to the console. The child
 * exits when its standard input ends, so it dies with this JVM; {@link #close()} stops it (bounded, then killed) and
 * deletes its data directory.
 */
public final class VersionedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VersionedKafkaBroker.class);
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration START_BOUND = Duration.ofSeconds(120);
    private static final Duration STOP_STEP = Duration.ofSeconds(15);
    private static final Duration ADMIN_BOUND = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Where the ports come from: a free one each time; a test replaces it to provoke a bind failure. */
    static volatile IntSupplier portSource = VersionedKafkaBroker::freePort;

    private final KafkaVersion version;
    private final Process process;
    private final Path dataDirectory;
    private final Path logFile;
    private final String bootstrapServers;
    private final int jmxPort;
    private Duration startupTime = Duration.ZERO;
    private Admin admin;
    private boolean closed;

    private VersionedKafkaBroker(KafkaVersion version, Process process, Path dataDirectory, Path logFile,
            String bootstrapServers, int jmxPort) {
        this.version = version;
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.bootstrapServers = bootstrapServers;
        this.jmxPort = jmxPort;
    }

    /**
     * Starts a broker of that version and waits (bounded, 120 s per attempt) until it answers a Metadata request.
     *
     * @param version the broker version
     * @param brokerProperties extra {@code server.properties} entries (they override the defaults)
     * @return the running broker
     * @throws IllegalStateException if it did not start, naming the log file and the broker's last error line
     */
    public static VersionedKafkaBroker start(KafkaVersion version, Map<String, String> brokerProperties) {
        String classpath = version.classpath() + File.pathSeparator + launcherLocation();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            Path dir = createDataDirectory(version);
            Path log = logDirectory().resolve("kafka-" + version.version() + "-" + COUNTER.incrementAndGet()
                    + ".log");
            try {
                return launch(version, classpath, brokerProperties, dir, log);
            } catch (BindFailed e) {
                LOG.warn("{}: a port was taken before the broker bound it, trying again with new ports ({})",
                        version, e.getMessage());
                last = new IllegalStateException(e.getMessage(), e);
            }
        }
        throw last;
    }

    /**
     * Starts a broker of that version with the default test settings.
     *
     * @param version the broker version
     * @return the running broker
     */
    public static VersionedKafkaBroker start(KafkaVersion version) {
        return start(version, Map.of());
    }

    private static VersionedKafkaBroker launch(KafkaVersion version, String classpath, Map<String, String> extra,
            Path dir, Path log) throws BindFailed {
        long begin = System.nanoTime();
        int port = portSource.getAsInt();
        int secondPort = portSource.getAsInt();
        int jmxPort = portSource.getAsInt();
        Path config = dir.resolve("server.properties");
        write(config, serverProperties(version, dir, port, secondPort, extra));
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                // JMX on loopback, so a test can read the broker's own metrics (e.g. its fetch sessions).
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-cp", classpath, VersionedBrokerMain.class.getName(), "--config", config.toString()));
        if (version.zooKeeper()) {
            command.addAll(List.of("--zookeeper", Integer.toString(secondPort), dir.resolve("zookeeper").toString()));
        } else {
            command.addAll(List.of("--format", clusterId()));
        }
        Process process;
        try {
            // Redirect.to truncates: the log (and what a test reads in it) is never an earlier run's.
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            Bounded.deleteRecursively(dir);
            throw new IllegalStateException("cannot launch the " + version + " broker JVM", e);
        }
        String bootstrap = "127.0.0.1:" + port;
        VersionedKafkaBroker broker = new VersionedKafkaBroker(version, process, dir, log, bootstrap, jmxPort);
        try {
            awaitReady(broker, begin);
        } catch (RuntimeException e) {
            broker.close();
            String error = lastErrorLine(log);
            if (logContains(log, "Address already in use") || logContains(log, "Port already in use")
                    || logContains(log, "BindException")) {
                throw new BindFailed(version + ": " + error);
            }
            throw new IllegalStateException(version + " broker did not start: " + e.getMessage()
                    + "; its last error: " + error + " (log: " + log + ")", e);
        }
        broker.startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("{} broker ready at {} in {} ms (pid {}, log {})", version, bootstrap,
                broker.startupTime.toMillis(), process.pid(), log);
        return broker;
    }

    private static void awaitReady(VersionedKafkaBroker broker, long beginNanos) {
        Duration bound = START_BOUND;
        Bounded.waitFor("the " + broker.version + " broker's port " + broker.bootstrapServers, bound, () -> {
            if (!broker.process.isAlive()) {
                throw new IllegalStateException("the broker JVM exited with code " + broker.process.exitValue());
            }
            return accepts(broker.bootstrapServers);
        });
        Duration left = bound.minusNanos(System.nanoTime() - beginNanos);
        Bounded.waitFor("a Metadata answer from the " + broker.version + " broker", left.isNegative()
                ? Duration.ofSeconds(1) : left, () -> {
                    if (!broker.process.isAlive()) {
                        throw new IllegalStateException("the broker JVM exited with code "
                                + broker.process.exitValue());
                    }
                    return broker.answersMetadata();
                });
    }

    private static boolean accepts(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersMetadata() {
        try {
            // Short, so that a JVM that died meanwhile (a port taken by another listener accepts, then never answers)
            // is seen soon by the isAlive check between two tries.
            return !admin().describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String serverProperties(KafkaVersion version, Path dir, int port, int secondPort,
            Map<String, String> extra) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        if (version.zooKeeper()) {
            p.put("broker.id", "0");
            p.put("zookeeper.connect", "127.0.0.1:" + secondPort);
            p.put("zookeeper.connection.timeout.ms", "30000");
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        } else {
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + secondPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + secondPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        }
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // As EmbeddedKafkaCluster: tests write records stamped long ago; time-based retention would delete them.
        p.put("log.retention.ms", "-1");
        if (version.consumerGroupProtocol()) {
            // As GroupKafkaTest: KIP-848 groups get short sessions and heartbeats (the defaults are 45 s and 5 s).
            p.put("group.consumer.session.timeout.ms", "6000");
            p.put("group.consumer.min.session.timeout.ms", "6000");
            p.put("group.consumer.heartbeat.interval.ms", "500");
            p.put("group.consumer.min.heartbeat.interval.ms", "500");
        }
        p.putAll(extra);
        StringBuilder sb = new StringBuilder("# written by VersionedKafkaBroker for " + version + "\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** A random cluster id as Kafka's {@code Uuid.toString()} prints one (URL-safe base64, no padding). */
    private static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id; // a leading '-' would read as an option on the format command line
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String lastErrorLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                if (l.contains("Exception") || l.contains("ERROR") || l.contains("FATAL")) {
                    return l.trim();
                }
            }
            return "none logged";
        } catch (IOException e) {
            return "log unreadable: " + e;
        }
    }

    /** Whether the broker's log has the text: a bind failure shows anywhere in it, not always in its last error. */
    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory (or jar) holding VersionedBrokerMain, which the child needs beside the Kafka jars. */
    private static String launcherLocation() {
        try {
            return Path.of(VersionedBrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate VersionedBrokerMain", e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path logDirectory() {
        Path dir = Path.of(System.getProperty("test.log.dir", System.getProperty("java.io.tmpdir")));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static Path createDataDirectory(KafkaVersion version) {
        try {
            return Files.createTempDirectory("kafka-" + version.version() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Returns the broker's version.
     *
     * @return the version
     */
    public KafkaVersion version() {
        return version;
    }

    /**
     * Returns the PLAINTEXT bootstrap address.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the file the broker's JVM writes its output and log to; it is kept after {@link #close()}.
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Returns the time from the launch until the broker answered Metadata.
     *
     * @return the start time
     */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Returns the operating-system process id of the broker's JVM.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Tells whether the broker's JVM still runs.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the data directory (configuration, logs, ZooKeeper's files); it no longer exists after close.
     *
     * @return the directory
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Returns an official admin client (kafka-clients 4.1, which speaks to brokers from 2.1 on) for this broker,
     * closed with it.
     *
     * @return the admin client
     */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000"));
        }
        return admin;
    }

    /**
     * Sums one numeric attribute over the broker's MBeans that match a pattern, over JMX (loopback, its own port),
     * e.g. {@code kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions,*} / {@code Value} (the
     * trailing {@code ,*} also matches the per-shard beans of 3.8 and later).
     *
     * @param pattern an ObjectName pattern
     * @param attribute the attribute, a {@link Number}
     * @return the sum, 0 when nothing matches
     * @throws IllegalStateException if JMX fails or an attribute is not a number
     */
    public long jmxSum(String pattern, String attribute) {
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            long sum = 0;
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                sum += ((Number) server.getAttribute(name, attribute)).longValue();
            }
            return sum;
        } catch (IOException | JMException | ClassCastException e) {
            throw new IllegalStateException("JMX " + pattern + " " + attribute + " of " + this + ": " + e, e);
        }
    }

    /**
     * Creates a topic (replication factor 1) and waits (bounded) until every partition has a leader.
     *
     * @param name the topic
     * @param partitions its partition count
     * @throws IllegalStateException if the creation fails or times out
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic (replication factor 1) with topic configs, e.g. {@code message.format.version}, and waits
     * (bounded) until every partition has a leader.
     *
     * @param name the topic
     * @param partitions its partition count
     * @param configs topic configs
     * @throws IllegalStateException if the creation fails or times out
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Bounded.await("create topic " + name, admin().createTopics(List.of(new NewTopic(name, partitions,
                (short) 1).configs(configs))).all(), ADMIN_BOUND);
        Bounded.waitFor("leaders of " + name, ADMIN_BOUND, () -> hasLeaders(name, partitions));
    }

    private boolean hasLeaders(String name, int partitions) {
        try {
            TopicDescription d = admin().describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(name);
            return d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Stops the broker: closes its standard input (the child exits, the broker's shutdown hook stopping it), after
     * 15 s sends SIGTERM, after 15 s more kills it; then deletes the data directory. The log file stays.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        Bounded.stopChild(process, version + " broker (pid " + pid() + ")", STOP_STEP);
        Bounded.deleteRecursively(dataDirectory);
    }

    @Override
    public String toString() {
        return version + " at " + bootstrapServers;
    }

    /** The broker could not bind a port that was free a moment before: worth another try with new ports. */
    private static final class BindFailed extends Exception {
        private static final long serialVersionUID = 1L;

        BindFailed(String message) {
            super(message);
        }
    }
}
