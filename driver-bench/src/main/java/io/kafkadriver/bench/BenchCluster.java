/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.testkit.KafkaBrokerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The cluster a benchmark runs against: a one-broker KRaft cluster in its own JVM ({@link KafkaBrokerProcess}, so
 * the broker's CPU and memory are not the client's), or an existing cluster given by its bootstrap servers.
 */
final class BenchCluster implements AutoCloseable {
    private static final Duration TOPIC_BOUND = Duration.ofSeconds(30);
    private static final long LEADER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final KafkaBrokerProcess broker;
    private final String bootstrap;
    private Admin admin;

    private BenchCluster(KafkaBrokerProcess broker, String bootstrap) {
        this.broker = broker;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts a broker process with an SSL listener (self-signed certificate) besides the PLAINTEXT one.
     *
     * @return the cluster; {@link #bootstrap()} stays the PLAINTEXT listener (topics, offsets), the clients use
     *         {@link #sslBootstrap()} and trust {@link #sslCertificatePem()}
     */
    static BenchCluster openWithSsl() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(List.of("-Xmx1g", "-XX:+UseParallelGC"),
                List.of("--brokers", "1", "--ssl"), Duration.ofSeconds(120));
        return new BenchCluster(broker, broker.bootstrapServers());
    }

    /**
     * The SSL listener's bootstrap servers.
     *
     * @return them, or null when the broker has no SSL listener
     */
    String sslBootstrap() {
        return broker == null ? null : broker.sslBootstrapServers();
    }

    /**
     * The broker certificate as PEM, for the clients' trust store.
     *
     * @return the file, or null when the broker has no SSL listener
     */
    java.nio.file.Path sslCertificatePem() {
        return broker == null ? null : broker.sslCertificatePem();
    }

    /**
     * Starts a broker process, or connects to the given cluster.
     *
     * @param bootstrap an existing cluster's bootstrap servers, or null to start one broker in its own JVM
     * @return the cluster
     */
    static BenchCluster open(String bootstrap) {
        return open(bootstrap, Map.of());
    }

    /**
     * Starts a broker process with extra broker properties, or connects to the given cluster (whose settings stay
     * as they are).
     *
     * @param bootstrap        an existing cluster's bootstrap servers, or null to start one broker in its own JVM
     * @param brokerProperties properties of the broker started here, over the test kit's
     * @return the cluster
     */
    static BenchCluster open(String bootstrap, Map<String, String> brokerProperties) {
        if (bootstrap != null) {
            return new BenchCluster(null, bootstrap);
        }
        if (brokerProperties.isEmpty()) {
            KafkaBrokerProcess broker = KafkaBrokerProcess.start(1);
            return new BenchCluster(broker, broker.bootstrapServers());
        }
        // The child of KafkaBrokerProcess.start(1), with the same JVM options, plus the properties.
        List<String> args = new ArrayList<>(List.of("--brokers", "1"));
        new TreeMap<>(brokerProperties).forEach((k, v) -> args.addAll(List.of("--broker-property", k + "=" + v)));
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(List.of("-Xmx1g", "-XX:+UseParallelGC"), args,
                Duration.ofSeconds(120));
        return new BenchCluster(broker, broker.bootstrapServers());
    }

    /** The bootstrap servers. */
    String bootstrap() {
        return bootstrap;
    }

    /**
     * Creates a topic with replication factor 1 and waits (bounded) until every partition has a leader.
     *
     * @param name       the topic
     * @param partitions its partition count
     */
    void createTopic(String name, int partitions) {
        if (broker != null) {
            broker.createTopic(name, partitions, 1);
            return;
        }
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(TOPIC_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TOPIC_BOUND.toNanos();
            while (!hasLeaders(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + name + " have no leader after " + TOPIC_BOUND);
                }
                // Polling the metadata: the admin API has no "wait for leaders".
                LockSupport.parkNanos(LEADER_POLL_NANOS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("create topic " + name + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("create topic " + name + " timed out after " + TOPIC_BOUND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        }
    }

    private boolean hasLeaders(String name, int partitions) throws InterruptedException {
        try {
            TopicDescription d = admin().describeTopics(List.of(name)).allTopicNames()
                    .get(TOPIC_BOUND.toMillis(), TimeUnit.MILLISECONDS).get(name);
            return d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Returns how many records a topic holds: the sum over its partitions of the latest offset minus the earliest.
     *
     * @param name the topic
     * @return records
     * @throws IllegalStateException when the offsets cannot be read within the topic bound
     */
    long recordCount(String name) {
        try {
            TopicDescription d = admin().describeTopics(List.of(name)).allTopicNames()
                    .get(TOPIC_BOUND.toMillis(), TimeUnit.MILLISECONDS).get(name);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            d.partitions().forEach(p -> {
                latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
            });
            long end = 0;
            for (var e : admin().listOffsets(latest).all().get(TOPIC_BOUND.toMillis(), TimeUnit.MILLISECONDS)
                    .values()) {
                end += e.offset();
            }
            long start = 0;
            for (var e : admin().listOffsets(earliest).all().get(TOPIC_BOUND.toMillis(), TimeUnit.MILLISECONDS)
                    .values()) {
                start += e.offset();
            }
            return end - start;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + name, e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }
        return admin;
    }

    /**
     * Returns the broker process's CPU time so far.
     *
     * @return nanoseconds, or -1 for an external cluster or when the OS does not tell
     */
    long brokerCpuNanos() {
        if (broker == null) {
            return -1;
        }
        return broker.handle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Closes the admin client and stops the broker process, if this benchmark started it. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }
}
