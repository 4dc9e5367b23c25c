package io.kafkadriver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Apache Kafka broker versions of the compatibility matrix: the newest patch of each line that Maven Central
 * serves here. Each one's runtime classpath is resolved by the build (module {@code driver-compat-brokers/kafka-X.Y},
 * maven-dependency-plugin {@code build-classpath}) and read from the resource
 * {@code io/kafkadriver/compat/kafka-<version>.classpath}; {@link VersionedKafkaBroker} runs it in a JVM of its own.
 */
public enum KafkaVersion {
    /** 2.8.2 with ZooKeeper (started in the broker's JVM): the oldest broker the driver supports. */
    V2_8("2.8.2", true),
    /** 3.3.2, KRaft (the first production-ready KRaft). */
    V3_3("3.3.2", false),
    /** 3.6.2, KRaft. */
    V3_6("3.6.2", false),
    /** 3.9.2, KRaft: the last 3.x line. */
    V3_9("3.9.2", false),
    /** 4.0.2, KRaft: the first line with KIP-848 generally available and the KIP-896 removals. */
    V4_0("4.0.2", false),
    /** 4.1.2, KRaft: the newest broker the driver supports. */
    V4_1("4.1.2", false);

    /** System property choosing the versions {@link #selected()} returns: {@code all}, or a comma list. */
    public static final String PROPERTY = "compat";

    private final String version;
    private final boolean zooKeeper;

    KafkaVersion(String version, boolean zooKeeper) {
        this.version = version;
        this.zooKeeper = zooKeeper;
    }

    /**
     * Returns the full version, e.g. {@code 2.8.2}.
     *
     * @return the version
     */
    public String version() {
        return version;
    }

    /**
     * Returns the release line, e.g. {@code 2.8}.
     *
     * @return major.minor
     */
    public String line() {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /**
     * Tells whether this broker runs with ZooKeeper (2.8) rather than KRaft.
     *
     * @return true for ZooKeeper mode
     */
    public boolean zooKeeper() {
        return zooKeeper;
    }

    /**
     * Tells whether this broker has the KIP-848 consumer group protocol generally available (4.0 and later).
     *
     * @return true from 4.0 on
     */
    public boolean consumerGroupProtocol() {
        return compareTo(V4_0) >= 0;
    }

    /**
     * Returns the broker's runtime classpath as the build resolved it.
     *
     * @return a {@link java.io.File#pathSeparator}-separated list of jars
     * @throws IllegalStateException if the resource is missing (the module using it lacks the test dependency on
     *         {@code driver-compat-kafka-<line>}) or unreadable
     */
    public String classpath() {
        String resource = "io/kafkadriver/compat/kafka-" + version + ".classpath";
        try (InputStream in = KafkaVersion.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no classpath for Kafka " + version + ": resource " + resource
                        + " is missing; add a test dependency on io.kafkadriver:driver-compat-kafka-" + line());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /**
     * Returns the versions a compatibility test runs against: by default the oldest and the newest; with
     * {@code -Dcompat=all} every version; with {@code -Dcompat=3.6,4.0} those lines.
     *
     * @return the versions, oldest first
     * @throws IllegalArgumentException naming an unknown line in the property
     */
    public static List<KafkaVersion> selected() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /**
     * Parses a {@value #PROPERTY} value as {@link #selected()} does.
     *
     * @param value empty (oldest and newest), {@code all}, or a comma list of lines or versions
     * @return the versions, oldest first
     * @throws IllegalArgumentException naming an unknown entry
     */
    public static List<KafkaVersion> parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || "default".equals(v)) {
            return List.of(V2_8, V4_1);
        }
        if ("all".equals(v)) {
            return List.of(values());
        }
        List<KafkaVersion> chosen = new ArrayList<>();
        for (String entry : v.split(",")) {
            String e = entry.trim();
            KafkaVersion match = Arrays.stream(values())
                    .filter(k -> k.line().equals(e) || k.version.equals(e))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("-D" + PROPERTY + ": unknown Kafka version '"
                            + e + "'; known: all, " + Arrays.stream(values()).map(KafkaVersion::line).toList()));
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        chosen.sort(null);
        return List.copyOf(chosen);
    }

    @Override
    public String toString() {
        return "Kafka " + version + (zooKeeper ? " (ZooKeeper)" : " (KRaft)");
    }
}
