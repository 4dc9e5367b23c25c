package io.kafkadriver.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster (KRaft) running inside this JVM, for tests, benchmarks and the demo.
 *
 * <p>It wraps Apache Kafka's own {@code KafkaClusterTestKit}: {@code n} brokers, the first of which also runs the
 * single KRaft controller ("combined" mode), every listener bound to a random free port on {@code localhost}, and
 * all data under one temporary directory that {@link #close()} deletes. The metadata version is the latest
 * production one and only stable API versions are advertised, as on a released 4.1 broker. The {@value #PLAINTEXT}
 * listener always exists; {@link Builder#saslPlainUser} (or {@link Builder#scramUser}, {@link Builder#oauthBearer}),
 * {@link Builder#ssl}, {@link Builder#saslSsl}, {@link Builder#mutualTls} and {@link Builder#proxied} add a
 * {@value #SASL_PLAINTEXT}, an {@value #SSL}, a {@value #SASL_SSL}, an {@value #MTLS} and a {@value #PROXIED}
 * listener. Every SASL listener enables the mechanisms configured (PLAIN, SCRAM-SHA-256 and -512, OAUTHBEARER).
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).start()) {
 *     kafka.createTopic("orders", 6, 3);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Queries are thread-safe; lifecycle calls ({@code start}, {@code stopBroker}, {@code restartBroker},
 * {@code close}) are synchronized.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** Name of the always-present plain-text client listener (also used between brokers). */
    public static final String PLAINTEXT = "PLAINTEXT";
    /** Name of the optional SASL_PLAINTEXT listener (mechanism PLAIN). */
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    /** Name of the optional SSL listener (self-signed certificate made at start). */
    public static final String SSL = "SSL";
    /** Name of the optional SASL_SSL listener (the SSL listener's certificate, the SASL mechanisms configured). */
    public static final String SASL_SSL = "SASL_SSL";
    /** Name of the optional mutual TLS listener (protocol SSL, {@code ssl.client.auth=required}). */
    public static final String MTLS = "MTLS";
    /** Name of the optional plain-text listener advertised through one {@link FaultProxy} per broker. */
    public static final String PROXIED = "PROXIED";
    /** Name of the KRaft controller listener (not for clients). */
    public static final String CONTROLLER = "CONTROLLER";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final ClusterSettings settings;
    private final Map<Integer, FaultProxy> proxies = new TreeMap<>();
    private Path baseDirectory;
    private SslMaterial sslMaterial;
    private KafkaClusterTestKit testKit;
    private Admin admin;
    private Duration startupTime = Duration.ZERO;
    private boolean closed;

    private EmbeddedKafkaCluster(ClusterSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts a builder with the defaults: one broker, no extra listener, 60 s start and 30 s operation bounds.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage, starts every node and waits (bounded by {@link Builder#startTimeout}) until all brokers
     * are registered, unfenced and have caught up with the metadata.
     *
     * @return this cluster, for chaining
     * @throws IllegalStateException if already started or closed, or if the cluster fails to start in time
     */
    public synchronized EmbeddedKafkaCluster start() {
        if (testKit != null || closed) {
            throw new IllegalStateException("cluster already started or closed");
        }
        long begin = System.nanoTime();
        try {
            baseDirectory = Files.createTempDirectory("kafka-driver-testkit-");
            if (settings.tls()) {
                sslMaterial = SslMaterial.generate(baseDirectory.resolve("ssl"), settings.certificateHost());
                if (settings.mutualTls()) {
                    sslMaterial.withClientCertificate();
                }
            }
            Map<Integer, Integer> proxyPorts = startProxies();
            testKit = newTestKit(proxyPorts);
            testKit.format();
            testKit.startup();
            awaitBrokersReady();
            createScramUsers();
            proxies.keySet().forEach(this::pointProxyAtBroker);
        } catch (Exception e) {
            closeQuietly();
            throw new IllegalStateException("embedded Kafka cluster failed to start: " + e, e);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Embedded Kafka cluster of {} broker(s) started in {} ms at {}", settings.brokers(),
                startupTime.toMillis(), bootstrapServers());
        return this;
    }

    /** The proxies listen first so that their ports can be advertised; they learn their target after start. */
    private Map<Integer, Integer> startProxies() {
        Map<Integer, Integer> ports = new HashMap<>();
        if (settings.proxied()) {
            for (int id = 0; id < settings.brokers(); id++) {
                FaultProxy proxy = FaultProxy.startUnbound();
                proxies.put(id, proxy);
                ports.put(id, proxy.port());
            }
        }
        return ports;
    }

    private void pointProxyAtBroker(int id) {
        proxies.get(id).setTarget("localhost", broker(id).boundPort(ListenerName.normalised(PROXIED)));
    }

    private KafkaClusterTestKit newTestKit(Map<Integer, Integer> proxyPorts) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                // The test kit defaults to the newest *testing* metadata version; behave like a released broker.
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                // As `kafka-storage format` does on 4.x: the KIP-848 consumer group protocol is on.
                .setFeature("group.version", (short) 1)
                .setCombined(true)
                .setNumBrokerNodes(settings.brokers())
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDirectory)
                .setBrokerListenerName(new ListenerName(PLAINTEXT))
                .setBrokerSecurityProtocol(SecurityProtocol.PLAINTEXT)
                .setControllerListenerName(new ListenerName(CONTROLLER))
                .setControllerSecurityProtocol(SecurityProtocol.PLAINTEXT)
                .setPerServerProperties(BrokerConfigs.perServer(settings, proxyPorts))
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(true);
        BrokerConfigs.common(settings, sslMaterial).forEach(builder::setConfigProp);
        return builder.build();
    }

    /**
     * Waits until the controller sees every broker registered and unfenced and each broker has published the latest
     * metadata. The test kit's own wait has no bound, so it runs on a helper thread bounded here.
     */
    private void awaitBrokersReady() {
        CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
            try {
                testKit.waitForReadyBrokers();
            } catch (ExecutionException e) {
                throw new IllegalStateException("brokers did not become ready", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for brokers", e);
            }
        });
        Bounded.await("all brokers ready", ready, settings.startTimeout());
    }

    /**
     * Creates the SCRAM-SHA-256 and SCRAM-SHA-512 credentials of {@link Builder#scramUser} through the admin API
     * (KIP-554) and waits, bounded, until the broker lists them (the credential travels through the metadata log).
     */
    private void createScramUsers() {
        if (settings.scramUsers().isEmpty()) {
            return;
        }
        // One request per mechanism: a request may alter each user's credential only once.
        for (org.apache.kafka.clients.admin.ScramMechanism m : List.of(
                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256,
                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512)) {
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> alterations =
                    new java.util.ArrayList<>();
            settings.scramUsers().forEach((user, password) -> alterations.add(
                    new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user,
                            new org.apache.kafka.clients.admin.ScramCredentialInfo(m, 4096), password)));
            Bounded.await("create " + m + " users", admin().alterUserScramCredentials(alterations).all(),
                    settings.operationTimeout());
        }
        Bounded.waitFor("SCRAM users " + settings.scramUsers().keySet() + " known", settings.operationTimeout(),
                () -> Bounded.await("describe SCRAM users", admin().describeUserScramCredentials().all(),
                        settings.operationTimeout()).values().stream().mapToInt(d -> d.credentialInfos().size())
                        .sum() == 2 * settings.scramUsers().size());
    }

    /**
     * Returns the bootstrap address list of the {@value #PLAINTEXT} listener of the running brokers.
     *
     * @return {@code host:port[,host:port...]}
     */
    public String bootstrapServers() {
        return bootstrapServers(PLAINTEXT);
    }

    /**
     * Returns the bootstrap address list of the named listener: the ports the running brokers bound, or for
     * {@value #PROXIED} the addresses of their proxies.
     *
     * @param listenerName {@value #PLAINTEXT}, {@value #SASL_PLAINTEXT}, {@value #SSL}, {@value #SASL_SSL},
     *                     {@value #MTLS} or {@value #PROXIED}
     * @return {@code host:port[,host:port...]} of every running broker
     * @throws IllegalArgumentException if the cluster was built without that listener
     */
    public String bootstrapServers(String listenerName) {
        if (!settings.hasListener(listenerName)) {
            throw new IllegalArgumentException("listener '" + listenerName + "' is not configured on this cluster"
                    + " (add it with the builder: saslPlainUser(...), scramUser(...), oauthBearer(), ssl(), saslSsl(),"
                    + " mutualTls() or proxied())");
        }
        if (PROXIED.equals(listenerName)) {
            return runningBrokers().keySet().stream().map(id -> proxies.get(id).address())
                    .collect(Collectors.joining(","));
        }
        ListenerName listener = ListenerName.normalised(listenerName);
        return runningBrokers().values().stream()
                .map(b -> "localhost:" + b.boundPort(listener))
                .collect(Collectors.joining(","));
    }

    /**
     * Returns the client properties needed to reach the named listener (bootstrap, security protocol, SASL
     * credentials of the first configured user or the trust store), ready for an official client.
     *
     * @param listenerName a listener this cluster has
     * @return a new mutable map of client properties
     */
    public Map<String, Object> clientConfig(String listenerName) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(listenerName));
        if (SASL_PLAINTEXT.equals(listenerName) || SASL_SSL.equals(listenerName)) {
            if (SASL_SSL.equals(listenerName)) {
                config.putAll(sslMaterial.clientConfig());
            }
            Map.Entry<String, String> user = settings.saslUsers().entrySet().iterator().next();
            config.putAll(SaslPlain.clientConfig(listenerName, user.getKey(), user.getValue()));
        } else if (SSL.equals(listenerName)) {
            config.putAll(sslMaterial.clientConfig());
        } else if (MTLS.equals(listenerName)) {
            config.putAll(sslMaterial.clientConfig());
            config.put("ssl.keystore.type", "PKCS12");
            config.put("ssl.keystore.location", sslMaterial.clientKeyStore().toString());
            config.put("ssl.keystore.password", sslMaterial.password());
        }
        return config;
    }

    /**
     * Returns the proxy in front of one broker's {@value #PROXIED} listener.
     *
     * @param brokerId broker id
     * @return that broker's proxy (owned by the cluster; closed with it)
     * @throws IllegalStateException if the cluster was not built with {@link Builder#proxied()}
     */
    public FaultProxy proxy(int brokerId) {
        if (!settings.proxied()) {
            throw new IllegalStateException("this cluster has no proxies (use builder().proxied())");
        }
        broker(brokerId);
        return proxies.get(brokerId);
    }

    /**
     * Returns the generated SSL material (trust store for clients), if the cluster has an SSL listener.
     *
     * @return the key and trust stores
     * @throws IllegalStateException if the cluster has no SSL listener or is not started
     */
    public SslMaterial sslMaterial() {
        if (sslMaterial == null) {
            throw new IllegalStateException("this cluster has no TLS listener (use builder().ssl(), saslSsl() or"
                    + " mutualTls())");
        }
        return sslMaterial;
    }

    /**
     * Returns the ids of all brokers of this cluster, running or stopped.
     *
     * @return broker ids in ascending order ({@code 0..n-1})
     */
    public List<Integer> brokerIds() {
        return testKit().brokers().keySet().stream().sorted().collect(Collectors.toList());
    }

    /**
     * Returns the ids of the brokers the cluster metadata lists as alive (registered and not fenced).
     *
     * @return alive broker ids, sorted
     */
    public List<Integer> aliveBrokerIds() {
        Collection<Node> nodes = Bounded.await("describe cluster", admin().describeCluster().nodes(),
                settings.operationTimeout());
        return nodes.stream().map(Node::id).sorted().collect(Collectors.toList());
    }

    /**
     * Returns how long {@link #start()} took, from the creation of the data directory to all brokers ready.
     *
     * @return the measured startup time, zero before start
     */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Returns the temporary directory holding all logs and metadata of this cluster; deleted by {@link #close()}.
     *
     * @return the base data directory, or {@code null} before start
     */
    public Path dataDirectory() {
        return baseDirectory;
    }

    /**
     * Creates a topic and waits (bounded by {@link Builder#operationTimeout}) until every partition has a leader and
     * every running broker knows the topic.
     *
     * @param name topic name
     * @param partitions number of partitions, at least 1
     * @param replicationFactor replicas per partition, between 1 and the broker count
     * @throws IllegalArgumentException on a bad partition count or replication factor
     * @throws IllegalStateException if the creation fails or does not complete in time
     */
    public void createTopic(String name, int partitions, int replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 for topic " + name + ": " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > settings.brokers()) {
            throw new IllegalArgumentException("replicationFactor must be in [1, " + settings.brokers()
                    + "] for topic " + name + ": " + replicationFactor);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor);
        Bounded.await("create topic " + name, admin().createTopics(List.of(topic)).all(),
                settings.operationTimeout());
        Bounded.waitFor("leaders for all " + partitions + " partitions of " + name, settings.operationTimeout(),
                () -> topicReady(name, partitions));
    }

    /**
     * Creates a topic with given replicas per partition (the first replica of each list is its preferred leader) and
     * waits, bounded, until every partition has a leader, as {@link #createTopic(String, int, int)} does.
     *
     * @param name       topic name
     * @param assignment partition index to the broker ids holding its replicas
     * @throws IllegalStateException if the creation fails or does not complete in time
     */
    public void createTopic(String name, Map<Integer, List<Integer>> assignment) {
        NewTopic topic = new NewTopic(name, assignment);
        Bounded.await("create topic " + name, admin().createTopics(List.of(topic)).all(),
                settings.operationTimeout());
        Bounded.waitFor("leaders for all " + assignment.size() + " partitions of " + name,
                settings.operationTimeout(), () -> topicReady(name, assignment.size()));
    }

    private boolean topicReady(String name, int partitions) {
        for (BrokerServer broker : runningBrokers().values()) {
            if (!broker.metadataCache().contains(name)) {
                return false;
            }
        }
        TopicDescription description = describe(name);
        return description != null && description.partitions().size() == partitions
                && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                && leads(p.leader().id(), new org.apache.kafka.common.TopicPartition(name, p.partition())));
    }

    /**
     * Whether the leader's replica manager has the partition online. The metadata can name a leader before its
     * replica manager has made the partition online, and a produce in between gets NOT_LEADER_OR_FOLLOWER, which the
     * official idempotent producer then turns into OUT_OF_ORDER_SEQUENCE_NUMBER retries until its delivery timeout
     * (seen as a flaky "Expiring N record(s)" right after createTopic).
     */
    private boolean leads(int brokerId, org.apache.kafka.common.TopicPartition tp) {
        BrokerServer broker = runningBrokers().get(brokerId);
        if (broker == null) {
            return false;
        }
        return broker.replicaManager().onlinePartition(tp).isDefined();
    }

    /**
     * Deletes a topic and waits (bounded) until no running broker knows it any more.
     *
     * @param name topic name
     * @throws IllegalStateException if the deletion fails or does not complete in time
     */
    public void deleteTopic(String name) {
        Bounded.await("delete topic " + name, admin().deleteTopics(List.of(name)).all(),
                settings.operationTimeout());
        Bounded.waitFor("topic " + name + " gone from all brokers", settings.operationTimeout(),
                () -> runningBrokers().values().stream().noneMatch(b -> b.metadataCache().contains(name)));
    }

    /**
     * Returns the id of the current leader of a partition, as the cluster's metadata says.
     *
     * @param topic topic name
     * @param partition partition index
     * @return the leader's broker id, or -1 if the partition has no leader right now
     * @throws IllegalArgumentException if the topic or partition does not exist
     */
    public int leaderOf(String topic, int partition) {
        TopicDescription description = describe(topic);
        if (description == null) {
            throw new IllegalArgumentException("unknown topic " + topic);
        }
        TopicPartitionInfo info = description.partitions().stream().filter(p -> p.partition() == partition)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown partition " + topic + "-" + partition));
        Node leader = info.leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /** Describes a topic; null if it does not exist. */
    private TopicDescription describe(String topic) {
        try {
            return Bounded.await("describe topic " + topic, admin().describeTopics(List.of(topic)).allTopicNames(),
                    settings.operationTimeout()).get(topic);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Elects the preferred leader of every partition of a topic again (after a broker restart, to move its
     * leaderships back to it), waiting at most 60 s; partitions already led by their preferred replica are no failure.
     *
     * @param topic      the topic
     * @param partitions its partition count
     * @throws IllegalStateException when the election does not complete in time
     */
    public void electPreferredLeaders(String topic, int partitions) {
        Set<org.apache.kafka.common.TopicPartition> all = new java.util.HashSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new org.apache.kafka.common.TopicPartition(topic, p));
        }
        // Partitions already led by their preferred replica answer ELECTION_NOT_NEEDED, per partition.
        Bounded.await("preferred leaders of " + topic, admin().electLeaders(
                org.apache.kafka.common.ElectionType.PREFERRED, all).partitions(), Duration.ofSeconds(60));
    }

    /**
     * Stops one broker (controlled shutdown: its leaderships move to other in-sync replicas). On broker 0 the
     * controller keeps running, so the rest of the cluster keeps working.
     *
     * @param id broker id
     * @throws IllegalArgumentException if no such broker
     * @throws IllegalStateException if it is already stopped
     */
    public synchronized void stopBroker(int id) {
        BrokerServer broker = broker(id);
        if (broker.isShutdown()) {
            throw new IllegalStateException("broker " + id + " is already stopped");
        }
        long begin = System.nanoTime();
        broker.shutdown();
        broker.awaitShutdown();
        LOG.info("Embedded broker {} stopped in {} ms", id, (System.nanoTime() - begin) / 1_000_000);
    }

    /**
     * Starts a stopped broker again (same id, data and PLAINTEXT port) and waits (bounded) until it is registered
     * and unfenced. Ports of the optional SASL/SSL listeners may change; a {@value #PROXIED} listener keeps its
     * advertised (proxy) address, and the proxy is pointed at the broker's new port.
     *
     * @param id broker id
     * @throws IllegalArgumentException if no such broker
     * @throws IllegalStateException if it is running, or does not come back in time
     */
    public synchronized void restartBroker(int id) {
        BrokerServer broker = broker(id);
        if (!broker.isShutdown()) {
            throw new IllegalStateException("broker " + id + " is running; stop it first");
        }
        long begin = System.nanoTime();
        broker.startup();
        if (proxies.containsKey(id)) {
            pointProxyAtBroker(id);
        }
        if (runningBrokers().size() == settings.brokers()) {
            awaitBrokersReady();
        } else {
            // The test kit's readiness wait counts every broker, so with another one still down ask the cluster.
            Bounded.waitFor("broker " + id + " registered again", settings.startTimeout(),
                    () -> aliveBrokerIds().contains(id));
        }
        LOG.info("Embedded broker {} restarted in {} ms", id, (System.nanoTime() - begin) / 1_000_000);
    }

    /**
     * Tells whether a broker is running.
     *
     * @param id broker id
     * @return true if it has not been stopped (or was restarted)
     */
    public boolean isRunning(int id) {
        return !broker(id).isShutdown();
    }

    private BrokerServer broker(int id) {
        BrokerServer broker = testKit().brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker with id " + id + "; ids are " + brokerIds());
        }
        return broker;
    }

    private Map<Integer, BrokerServer> runningBrokers() {
        Map<Integer, BrokerServer> running = new TreeMap<>();
        testKit().brokers().forEach((id, b) -> {
            if (!b.isShutdown()) {
                running.put(id, b);
            }
        });
        return running;
    }

    private KafkaClusterTestKit testKit() {
        if (testKit == null) {
            throw new IllegalStateException(closed ? "cluster is closed" : "cluster is not started; call start()");
        }
        return testKit;
    }

    /**
     * Returns an official admin client on the PLAINTEXT listener, owned by this cluster (do not close it).
     *
     * @return the shared admin client
     */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "testkit-admin");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.operationTimeout().toMillis());
            admin = Admin.create(props);
        }
        return admin;
    }

    /**
     * Shuts every node and proxy down and deletes all data directories. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (testKit != null) {
            try {
                testKit.close();
            } catch (Exception e) {
                LOG.warn("error while closing the embedded Kafka cluster", e);
            }
            testKit = null;
        }
        proxies.values().forEach(FaultProxy::close);
        if (baseDirectory != null) {
            Bounded.deleteRecursively(baseDirectory);
        }
    }

    /**
     * Settings of an {@link EmbeddedKafkaCluster}. Not thread-safe; build once.
     */
    public static final class Builder {
        private int brokers = 1;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final Map<String, String> saslUsers = new LinkedHashMap<>();
        private boolean ssl;
        private boolean proxied;
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private boolean oauthBearer;
        private boolean saslSsl;
        private boolean mutualTls;
        private String certificateHost;
        private long reauthMs;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration operationTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets the number of brokers; broker 0 also runs the KRaft controller.
         *
         * @param count at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count < 1}
         */
        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("brokers must be >= 1: " + count);
            }
            this.brokers = count;
            return this;
        }

        /**
         * Overrides one broker property for every broker (applied last, so it wins over the testkit's defaults).
         *
         * @param key a Kafka broker config name, e.g. {@code num.partitions}
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String key, String value) {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("broker property needs a key and a value: " + key + "=" + value);
            }
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Adds a user to the {@value #SASL_PLAINTEXT} listener (mechanism PLAIN), creating that listener on first
         * use. The first user added is the one {@link #clientConfig(String)} uses.
         *
         * @param user user name
         * @param password password
         * @return this builder
         */
        public Builder saslPlainUser(String user, String password) {
            if (user == null || user.isEmpty() || password == null || user.contains("\"") || password.contains("\"")
                    || !user.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("SASL user name must match [A-Za-z0-9_.-]+ and the password "
                        + "must not contain '\"': " + user);
            }
            saslUsers.put(user, password);
            return this;
        }

        /**
         * Adds a SCRAM-SHA-256 and SCRAM-SHA-512 user (4096 iterations) to the SASL listeners, created through the
         * admin API when the cluster starts; creates the {@value #SASL_PLAINTEXT} listener on first use.
         *
         * @param user     user name
         * @param password password
         * @return this builder
         */
        public Builder scramUser(String user, String password) {
            if (user == null || !user.matches("[A-Za-z0-9_.-]+") || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("SCRAM user name must match [A-Za-z0-9_.-]+ and have a password: "
                        + user);
            }
            scramUsers.put(user, password);
            return this;
        }

        /**
         * Enables OAUTHBEARER on the SASL listeners, validating unsecured JWS tokens ({@code alg: none}, with
         * {@code sub}, {@code iat} and {@code exp} claims) with Kafka's
         * {@code OAuthBearerUnsecuredValidatorCallbackHandler}: for tests only. Creates the
         * {@value #SASL_PLAINTEXT} listener.
         *
         * @return this builder
         */
        public Builder oauthBearer() {
            this.oauthBearer = true;
            return this;
        }

        /**
         * Adds a {@value #SASL_SSL} listener: the certificate of the TLS listeners, the SASL mechanisms configured.
         *
         * @return this builder
         */
        public Builder saslSsl() {
            this.saslSsl = true;
            return this;
        }

        /**
         * Adds an {@value #MTLS} listener (protocol SSL) that requires a client certificate; the certificate is
         * generated with the broker's ({@link SslMaterial#clientKeyStore()}, {@link SslMaterial#clientPem()}).
         *
         * @return this builder
         */
        public Builder mutualTls() {
            this.mutualTls = true;
            return this;
        }

        /**
         * Makes the broker certificate name only {@code host} instead of {@code localhost} and {@code 127.0.0.1},
         * so that a client connecting to {@code localhost} sees a host name mismatch.
         *
         * @param host a DNS name
         * @return this builder
         */
        public Builder certificateHost(String host) {
            if (host == null || !host.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("certificate host must be a DNS name: " + host);
            }
            this.certificateHost = host;
            return this;
        }

        /**
         * Sets {@code connections.max.reauth.ms} (KIP-368): SASL sessions last this long, and the broker closes a
         * connection that did not re-authenticate in time.
         *
         * @param lifetime a positive duration
         * @return this builder
         */
        public Builder reauthentication(Duration lifetime) {
            this.reauthMs = requirePositive("reauthentication", lifetime).toMillis();
            return this;
        }

        /**
         * Adds an {@value #SSL} listener with a self-signed certificate for {@code localhost}/{@code 127.0.0.1},
         * generated with the JDK's {@code keytool} at start.
         *
         * @return this builder
         */
        public Builder ssl() {
            this.ssl = true;
            return this;
        }

        /**
         * Adds a {@value #PROXIED} listener on every broker, advertised at the address of that broker's own
         * {@link FaultProxy} (see {@link #proxy(int)}): a client bootstrapped with
         * {@code bootstrapServers(PROXIED)} reaches every broker only through the proxies, so faults hit all its
         * traffic, not just the bootstrap connection. Broker-to-broker traffic stays on {@value #PLAINTEXT}.
         *
         * @return this builder
         */
        public Builder proxied() {
            this.proxied = true;
            return this;
        }

        /**
         * Bounds the cluster start and each broker restart.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = requirePositive("startTimeout", timeout);
            return this;
        }

        /**
         * Bounds each admin operation (create/delete/describe topic).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = requirePositive("operationTimeout", timeout);
            return this;
        }

        private static Duration requirePositive(String name, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        /**
         * Builds the (not yet started) cluster.
         *
         * @return a new cluster; call {@link EmbeddedKafkaCluster#start()}
         */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(new ClusterSettings(brokers, Map.copyOf(brokerProperties),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(saslUsers)), ssl, proxied, startTimeout,
                    operationTimeout, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scramUsers)),
                    oauthBearer, saslSsl, mutualTls, certificateHost, reauthMs));
        }

        /**
         * Builds and starts the cluster.
         *
         * @return the running cluster
         */
        public EmbeddedKafkaCluster start() {
            return build().start();
        }
    }
}
