/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one consumer-group subscription behaves: kafka-sharp's {@code ConsumerGroupConfiguration}, with the settings of
 * today's protocol. Immutable; build it with {@link #builder()} or read it from HOCON with {@link #fromConfig}.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>builder</th><th>HOCON key</th><th>default</th></tr>
 * <tr><td>{@code autoCommitEvery}</td><td>{@code auto-commit-every}</td><td>off (kafka-sharp's
 * {@code AutoCommitEveryMs = -1})</td></tr>
 * <tr><td>{@code sessionTimeout}</td><td>{@code session-timeout}</td><td>15 s (kafka-sharp's)</td></tr>
 * <tr><td>{@code heartbeatInterval}</td><td>{@code heartbeat-interval}</td><td>3 s</td></tr>
 * <tr><td>{@code rebalanceTimeout}</td><td>{@code rebalance-timeout}</td><td>10 s (kafka-sharp's)</td></tr>
 * <tr><td>{@code groupInstanceId}</td><td>{@code group-instance-id}</td><td>none (a dynamic member)</td></tr>
 * <tr><td>{@code assignors}</td><td>{@code assignors}</td><td>range, cooperative-sticky (the official client's)</td></tr>
 * <tr><td>{@code protocol}</td><td>{@code protocol}</td><td>CLASSIC (CONSUMER: KIP-848)</td></tr>
 * <tr><td>{@code remoteAssignor}</td><td>{@code remote-assignor}</td><td>none (the broker's default)</td></tr>
 * <tr><td>{@code autoOffsetReset}</td><td>{@code auto-offset-reset}</td><td>the client's {@code autoOffsetReset}</td></tr>
 * </table>
 */
public final class ConsumerGroupConfiguration {
    private static final Set<String> KEYS = Set.of("auto-commit-every", "session-timeout", "heartbeat-interval",
            "rebalance-timeout", "group-instance-id", "assignors", "protocol", "remote-assignor", "auto-offset-reset");

    private final Duration autoCommitEvery;
    private final Duration sessionTimeout;
    private final Duration heartbeatInterval;
    private final Duration rebalanceTimeout;
    private final String groupInstanceId;
    private final List<PartitionAssignor> assignors;
    private final GroupProtocol protocol;
    private final String remoteAssignor;
    private final AutoOffsetReset autoOffsetReset;

    private ConsumerGroupConfiguration(Builder b) {
        this.autoCommitEvery = b.autoCommitEvery;
        this.sessionTimeout = b.sessionTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.rebalanceTimeout = b.rebalanceTimeout;
        this.groupInstanceId = b.groupInstanceId;
        this.assignors = List.copyOf(b.assignors);
        this.protocol = b.protocol;
        this.remoteAssignor = b.remoteAssignor;
        this.autoOffsetReset = b.autoOffsetReset;
    }

    /**
     * A builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults.
     *
     * @return a configuration with every default
     */
    public static ConsumerGroupConfiguration defaults() {
        return builder().build();
    }

    /**
     * Reads a HOCON object whose keys are those of the table above, for example
     * {@code config.getConfig("my-app.orders-group")}; a missing key keeps its default, an unknown key is refused.
     *
     * @param section the object
     * @return the configuration
     * @throws ConfigurationException for an unknown key, a value of the wrong type, or a value out of range
     */
    public static ConsumerGroupConfiguration fromConfig(Config section) {
        Objects.requireNonNull(section, "section");
        for (Map.Entry<String, com.typesafe.config.ConfigValue> e : section.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new ConfigurationException(e.getKey(), e.getKey(), "'" + e.getKey() + "' is not a consumer"
                        + " group setting (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        Builder b = builder();
        try {
            if (section.hasPath("auto-commit-every")) {
                b.autoCommitEvery(section.getDuration("auto-commit-every"));
            }
            if (section.hasPath("session-timeout")) {
                b.sessionTimeout(section.getDuration("session-timeout"));
            }
            if (section.hasPath("heartbeat-interval")) {
                b.heartbeatInterval(section.getDuration("heartbeat-interval"));
            }
            if (section.hasPath("rebalance-timeout")) {
                b.rebalanceTimeout(section.getDuration("rebalance-timeout"));
            }
            if (section.hasPath("group-instance-id")) {
                b.groupInstanceId(section.getString("group-instance-id"));
            }
            if (section.hasPath("assignors")) {
                List<PartitionAssignor> list = new ArrayList<>();
                for (String name : section.getStringList("assignors")) {
                    list.add(PartitionAssignor.ofWireName(name));
                }
                b.assignors(list.toArray(new PartitionAssignor[0]));
            }
            if (section.hasPath("protocol")) {
                b.protocol(GroupProtocol.valueOf(section.getString("protocol").toUpperCase(java.util.Locale.ROOT)));
            }
            if (section.hasPath("remote-assignor")) {
                b.remoteAssignor(section.getString("remote-assignor"));
            }
            if (section.hasPath("auto-offset-reset")) {
                b.autoOffsetReset(AutoOffsetReset.valueOf(section.getString("auto-offset-reset")
                        .toUpperCase(java.util.Locale.ROOT)));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigurationException("consumer group", "consumer group", "bad consumer group setting: "
                    + e.getMessage(), e);
        }
        return b.build();
    }

    /** {@return the auto-commit period, or null when auto-commit is off} */
    public Duration autoCommitEvery() {
        return autoCommitEvery;
    }

    /** {@return how long the coordinator waits for a heartbeat before dropping the member} */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** {@return the heartbeat cadence} */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** {@return how long a rebalance may take, revoke listeners included} */
    public Duration rebalanceTimeout() {
        return rebalanceTimeout;
    }

    /** {@return the static member id, or null for a dynamic member} */
    public String groupInstanceId() {
        return groupInstanceId;
    }

    /** {@return the assignors offered, in preference order} */
    public List<PartitionAssignor> assignors() {
        return assignors;
    }

    /** {@return the rebalance protocol} */
    public GroupProtocol protocol() {
        return protocol;
    }

    /** {@return the broker-side assignor asked for under KIP-848, or null for the broker's default} */
    public String remoteAssignor() {
        return remoteAssignor;
    }

    /** {@return where a partition without a committed offset starts, or null for the client's setting} */
    public AutoOffsetReset autoOffsetReset() {
        return autoOffsetReset;
    }

    @Override
    public String toString() {
        return "ConsumerGroupConfiguration[autoCommitEvery=" + autoCommitEvery + ", sessionTimeout=" + sessionTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", rebalanceTimeout=" + rebalanceTimeout
                + ", groupInstanceId=" + groupInstanceId + ", assignors=" + assignors + ", protocol=" + protocol
                + ", remoteAssignor=" + remoteAssignor + ", autoOffsetReset=" + autoOffsetReset + "]";
    }

    /** Builds a {@link ConsumerGroupConfiguration}; each setter checks its argument, {@link #build} the whole. */
    public static final class Builder {
        private Duration autoCommitEvery;
        private Duration sessionTimeout = Duration.ofSeconds(15);
        private Duration heartbeatInterval = Duration.ofSeconds(3);
        private Duration rebalanceTimeout = Duration.ofSeconds(10);
        private String groupInstanceId;
        private List<PartitionAssignor> assignors = List.of(PartitionAssignor.RANGE,
                PartitionAssignor.COOPERATIVE_STICKY);
        private GroupProtocol protocol = GroupProtocol.CLASSIC;
        private String remoteAssignor;
        private AutoOffsetReset autoOffsetReset;
        /** The classic-only settings given explicitly: refused under CONSUMER, where the broker owns them. */
        private final Set<String> classicOnly = new java.util.TreeSet<>();

        private Builder() {
        }

        /**
         * Commits the delivered positions of the owned partitions periodically (and on revoke and on unsubscribe):
         * kafka-sharp's {@code AutoCommitEveryMs}.
         *
         * @param period the period, positive, or null to turn auto-commit off
         * @return this builder
         */
        public Builder autoCommitEvery(Duration period) {
            this.autoCommitEvery = period == null ? null : positive("autoCommitEvery", period);
            return this;
        }

        /**
         * How long the coordinator waits for a heartbeat before it drops the member (the broker accepts 6 s to
         * 30 min by default).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = positive("sessionTimeout", timeout);
            classicOnly.add("sessionTimeout");
            return this;
        }

        /**
         * How often the member heartbeats; below the session timeout (a third of it or less is usual).
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive("heartbeatInterval", interval);
            classicOnly.add("heartbeatInterval");
            return this;
        }

        /**
         * How long a rebalance may take: the coordinator waits this long for every member to rejoin, and a revoke
         * listener (with the commit that follows it) may run this long.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder rebalanceTimeout(Duration timeout) {
            this.rebalanceTimeout = positive("rebalanceTimeout", timeout);
            return this;
        }

        /**
         * Makes the member static (KIP-345): restarted within the session timeout with the same id, it gets its
         * partitions back with no rebalance. A static member does not send LeaveGroup on unsubscribe.
         *
         * @param id a non-blank id unique in the group, or null for a dynamic member
         * @return this builder
         */
        public Builder groupInstanceId(String id) {
            if (id != null && id.isBlank()) {
                throw new ConfigurationException("groupInstanceId", "group-instance-id",
                        "groupInstanceId must not be blank (null makes a dynamic member)");
            }
            this.groupInstanceId = id;
            return this;
        }

        /**
         * The classic protocol's assignors, in preference order; the group uses the first one every member offers.
         *
         * @param list at least one, no repeats
         * @return this builder
         */
        public Builder assignors(PartitionAssignor... list) {
            if (list == null || list.length == 0) {
                throw new ConfigurationException("assignors", "assignors", "assignors must name at least one assignor");
            }
            Set<PartitionAssignor> set = new LinkedHashSet<>(List.of(list));
            if (set.size() != list.length) {
                throw new ConfigurationException("assignors", "assignors", "assignors must not repeat an assignor: "
                        + List.of(list));
            }
            this.assignors = List.copyOf(set);
            classicOnly.add("assignors");
            return this;
        }

        /**
         * The rebalance protocol. Under CONSUMER the broker sets the session timeout and the heartbeat interval and
         * assigns the partitions: {@code sessionTimeout}, {@code heartbeatInterval} and {@code assignors} are then
         * refused; {@code rebalanceTimeout}, {@code groupInstanceId}, {@code remoteAssignor}, {@code autoCommitEvery}
         * and {@code autoOffsetReset} apply. A broker without it (before 4.0, or with it switched off) makes the member
         * fail with {@code onGroupFailed} naming the cause.
         *
         * @param p CLASSIC (the default) or CONSUMER (KIP-848, brokers 4.0 and later)
         * @return this builder
         */
        public Builder protocol(GroupProtocol p) {
            this.protocol = Objects.requireNonNull(p, "protocol");
            return this;
        }

        /**
         * The broker-side assignor to ask for under KIP-848 ({@code uniform} or {@code range} on Apache Kafka).
         *
         * @param name the assignor, or null for the broker's default
         * @return this builder
         */
        public Builder remoteAssignor(String name) {
            this.remoteAssignor = name;
            return this;
        }

        /**
         * Where a partition without a committed offset starts.
         *
         * @param reset the policy, or null for the client's {@code autoOffsetReset}
         * @return this builder
         */
        public Builder autoOffsetReset(AutoOffsetReset reset) {
            this.autoOffsetReset = reset;
            return this;
        }

        /**
         * Checks the settings together and builds.
         *
         * @return the configuration
         * @throws ConfigurationException when the heartbeat interval is not below the session timeout, or a
         *                                setting belongs to the other protocol
         */
        public ConsumerGroupConfiguration build() {
            if (protocol == GroupProtocol.CLASSIC && heartbeatInterval.compareTo(sessionTimeout) >= 0) {
                throw new ConfigurationException("heartbeatInterval", "heartbeat-interval", "heartbeatInterval ("
                        + heartbeatInterval.toMillis() + " ms) must be below sessionTimeout ("
                        + sessionTimeout.toMillis() + " ms)");
            }
            if (protocol == GroupProtocol.CONSUMER && !classicOnly.isEmpty()) {
                throw new ConfigurationException(classicOnly.iterator().next(), classicOnly.iterator().next(),
                        classicOnly + " belong to the CLASSIC protocol: under CONSUMER (KIP-848) the broker sets the"
                                + " session timeout and the heartbeat interval (group.consumer.session.timeout.ms,"
                                + " group.consumer.heartbeat.interval.ms) and assigns the partitions (choose its"
                                + " assignor with remoteAssignor)");
            }
            if (protocol == GroupProtocol.CLASSIC && remoteAssignor != null) {
                throw new ConfigurationException("remoteAssignor", "remote-assignor", "remoteAssignor ("
                        + remoteAssignor + ") is a KIP-848 setting: it needs protocol CONSUMER (under CLASSIC the"
                        + " leader runs one of the assignors)");
            }
            return new ConsumerGroupConfiguration(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new ConfigurationException(name, name, name + " must be positive and below 2^31 ms, was "
                        + d);
            }
            return d;
        }
    }
}
