package io.kafkadriver.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka cluster in its own JVM ({@link BrokerMain}), so that a benchmark can measure the client's CPU and
 * memory apart from the broker's.
 *
 * <p>The child runs on this JVM's {@code java.class.path} and prints its bootstrap address; {@link #start} waits for
 * it (bounded). The child watches its standard input and exits when it ends, so it dies with this JVM even on a
 * crash. {@link #close()} asks it to stop, then sends SIGTERM, then kills it, each step bounded, and finally deletes
 * its data directory if the child could not.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    /** Seconds of each bounded stop step. */
    private static final long STOP_STEP_SECONDS = 15;
    private static final Duration STOP_STEP = Duration.ofSeconds(STOP_STEP_SECONDS);

    private final Process process;
    private final String bootstrapServers;
    private final Path dataDirectory;
    private final Duration startupTime;
    private final String sslBootstrapServers;
    private final Path sslCertificatePem;
    private Admin admin;
    private boolean closed;

    private KafkaBrokerProcess(Process process, Map<String, String> announced) {
        this.process = process;
        this.bootstrapServers = announced.get(BrokerMain.BOOTSTRAP_PREFIX);
        this.dataDirectory = Path.of(announced.get(BrokerMain.DATA_DIR_PREFIX));
        this.startupTime = Duration.ofMillis(Long.parseLong(announced.get(BrokerMain.STARTUP_MS_PREFIX)));
        this.sslBootstrapServers = announced.get(BrokerMain.SSL_BOOTSTRAP_PREFIX);
        String pem = announced.get(BrokerMain.SSL_CERT_PEM_PREFIX);
        this.sslCertificatePem = pem == null ? null : Path.of(pem);
    }

    /**
     * Returns the SSL listener's bootstrap servers, when the child was started with {@code --ssl}.
     *
     * @return {@code host:port[,...]}, or null
     */
    public String sslBootstrapServers() {
        return sslBootstrapServers;
    }

    /**
     * Returns the broker certificate as PEM (a trust store needing no password), with {@code --ssl}.
     *
     * @return the file, or null
     */
    public Path sslCertificatePem() {
        return sslCertificatePem;
    }

    /**
     * Launches {@code java -cp <java.class.path> BrokerMain <brokerArgs>} and waits until it announces readiness.
     *
     * @param jvmArgs options for the child JVM, e.g. {@code -Xmx1g}
     * @param brokerArgs arguments of {@link BrokerMain}, e.g. {@code --brokers 3}
     * @param timeout bound on the whole start
     * @return the running broker process
     * @throws IllegalStateException if the child fails, exits, or is not ready in time (it is then killed)
     */
    public static KafkaBrokerProcess start(List<String> jvmArgs, List<String> brokerArgs, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.addAll(brokerArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch the broker JVM: " + command.get(0), e);
        }
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, ready), "broker-process-" + process.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new KafkaBrokerProcess(process, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("broker process failed to start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("broker process not ready after " + timeout, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the broker process", e);
        }
    }

    /**
     * Launches a child with {@code n} brokers, 1 GiB of heap and a 120 s bound.
     *
     * @param brokers broker count
     * @return the running broker process
     */
    public static KafkaBrokerProcess start(int brokers) {
        return start(List.of("-Xmx1g", "-XX:+UseParallelGC"), List.of("--brokers", Integer.toString(brokers)),
                Duration.ofSeconds(120));
    }

    /**
     * Drains the child's output for its whole life (a full pipe would block it), collects the announced values and
     * completes {@code ready} on the ready line, or exceptionally if the child fails or exits first.
     */
    private static void readOutput(Process process, CompletableFuture<Map<String, String>> ready) {
        Map<String, String> announced = new java.util.HashMap<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                LOG.debug("[broker {}] {}", process.pid(), line);
                for (String prefix : List.of(BrokerMain.BOOTSTRAP_PREFIX, BrokerMain.DATA_DIR_PREFIX,
                        BrokerMain.STARTUP_MS_PREFIX, BrokerMain.SSL_BOOTSTRAP_PREFIX, BrokerMain.SSL_CERT_PEM_PREFIX)) {
                    if (line.startsWith(prefix)) {
                        announced.put(prefix, line.substring(prefix.length()));
                    }
                }
                if (line.startsWith(BrokerMain.FAILED_PREFIX)) {
                    ready.completeExceptionally(new IllegalStateException(line));
                } else if (line.equals(BrokerMain.READY_LINE)) {
                    ready.complete(Map.copyOf(announced));
                }
            }
        } catch (IOException e) {
            LOG.debug("broker process output closed", e);
        }
        ready.completeExceptionally(new IllegalStateException("broker process exited before it was ready"));
    }

    /**
     * Returns the PLAINTEXT bootstrap servers of the child's cluster.
     *
     * @return {@code host:port[,...]}
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Returns the operating-system process id of the child JVM.
     *
     * @return its pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the child process handle, e.g. to read its CPU time with {@code toHandle().info()}.
     *
     * @return the process handle
     */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Tells whether the child JVM is still running.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the cluster start time the child measured (excluding the JVM start).
     *
     * @return startup time
     */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Returns the child's data directory; it no longer exists after {@link #close()}.
     *
     * @return the directory
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates a topic with an admin client in this JVM and waits (30 s bound) until all partitions have a leader.
     *
     * @param name topic name
     * @param partitions partition count
     * @param replicationFactor replication factor
     * @throws IllegalStateException if the creation fails or times out
     */
    public synchronized void createTopic(String name, int partitions, int replicationFactor) {
        Duration bound = Duration.ofSeconds(30);
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor))).all()
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            Bounded.waitFor("leaders of " + name, bound, () -> hasLeaders(name, partitions));
        } catch (ExecutionException e) {
            throw new IllegalStateException("create topic " + name + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("create topic " + name + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        }
    }

    private boolean hasLeaders(String name, int partitions) {
        try {
            TopicDescription d = admin().describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(name);
            return d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    /**
     * Returns the child's exit code once it has exited.
     *
     * @return the exit code
     * @throws IllegalStateException while it still runs
     */
    public int exitCode() {
        if (process.isAlive()) {
            throw new IllegalStateException("broker process " + pid() + " is still running");
        }
        return process.exitValue();
    }

    /**
     * Stops the child: closes its standard input (it shuts the cluster down and exits), then after
     * {@value #STOP_STEP_SECONDS} s sends SIGTERM, then kills it; finally deletes the data directory if left over.
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
        Bounded.stopChild(process, "broker process " + pid(), STOP_STEP);
        File dir = dataDirectory.toFile();
        if (dir.exists()) {
            Bounded.deleteRecursively(dataDirectory);
        }
    }
}
