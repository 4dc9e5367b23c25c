/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.message.ConsumerProtocolAssignment;
import io.kafkadriver.protocol.message.ConsumerProtocolSubscription;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedded consumer protocol: the bytes a member puts in its JoinGroup metadata ({@link Subscription}) and the
 * bytes the leader hands each member through SyncGroup ({@link Assignment}), for protocol type {@code "consumer"}.
 *
 * <p>Both are an int16 version followed by the struct in classic (non-flexible) encoding. We write version
 * {@value #WRITE_VERSION} of both, as the Java client does since 3.5. We read versions 0 to
 * {@value #WRITE_VERSION}; a newer version is read as version {@value #WRITE_VERSION} and its trailing bytes are
 * ignored, which is Kafka's compatibility rule: a later version may only append fields. Trailing bytes after a known
 * version are ignored too, as Java does.
 *
 * <p>Partitions are flat lists of {@link TopicPartitionRef}; on the wire they are grouped by topic. Subscription
 * topics and owned partitions are written sorted (as Java writes them); assignment partitions are grouped by topic in
 * the order the topics first appear, partitions in the given order (again as Java writes them), so our bytes equal
 * Java's for the same input.
 */
public final class ConsumerProtocol {
    /** The version of both structs this client writes. */
    public static final short WRITE_VERSION = 3;

    /** The smallest buffer {@link ProtocolWriter} accepts. */
    private static final int MIN_WRITER_CAPACITY = 16;
    private static final String SUBSCRIPTION = "consumer protocol subscription";
    private static final String ASSIGNMENT = "consumer protocol assignment";

    private ConsumerProtocol() {
    }

    /**
     * What a member sends in its JoinGroup metadata.
     *
     * @param topics          the topics it wants to consume
     * @param userData        the chosen assignor's data (see {@link Assignor#userData}), or null; not copied
     * @param ownedPartitions the partitions it owns now (v1+; what cooperative assignors keep)
     * @param generationId    the generation in which it got them (v2+), or -1 for none
     * @param rackId          its {@code client.rack} (v3+), or null
     */
    public record Subscription(List<String> topics, byte[] userData, List<TopicPartitionRef> ownedPartitions,
                               int generationId, String rackId) {
        /**
         * Checks and copies the lists.
         */
        public Subscription {
            topics = List.copyOf(topics);
            ownedPartitions = List.copyOf(ownedPartitions);
        }

        /**
         * Encodes this subscription at {@link #WRITE_VERSION}.
         *
         * @return the version-prefixed bytes
         */
        public byte[] encode() {
            return encode(WRITE_VERSION);
        }

        /**
         * Encodes this subscription at a given version, dropping the fields the version cannot carry.
         *
         * @param version 0 to {@link #WRITE_VERSION}
         * @return the version-prefixed bytes
         */
        public byte[] encode(short version) {
            ConsumerProtocolSubscription m = new ConsumerProtocolSubscription()
                    .setTopics(topics.stream().sorted().toList())
                    .setUserData(userData)
                    .setGenerationId(generationId)
                    .setRackId(rackId);
            List<TopicPartitionRef> owned = ownedPartitions.stream().sorted(AssignorSupport.PARTITION_ORDER).toList();
            groupByTopic(owned).forEach((topic, ps) -> m.ownedPartitions().add(
                    new ConsumerProtocolSubscription.TopicPartition().setTopic(topic).setPartitions(ps)));
            return versionPrefixed(version, m);
        }

        /**
         * Decodes a subscription of any version.
         *
         * @param bytes the version-prefixed bytes from a JoinGroup response member
         * @return the subscription
         * @throws DecodeException when the bytes are missing, truncated or malformed
         */
        public static Subscription decode(byte[] bytes) {
            ProtocolReader r = reader(bytes, SUBSCRIPTION);
            short version = readVersion(r, SUBSCRIPTION, ConsumerProtocolSubscription.HIGHEST_SUPPORTED_VERSION);
            ConsumerProtocolSubscription m = new ConsumerProtocolSubscription();
            read(() -> m.read(r, version), SUBSCRIPTION, version);
            List<TopicPartitionRef> owned = new ArrayList<>();
            for (ConsumerProtocolSubscription.TopicPartition tp : m.ownedPartitions()) {
                tp.partitions().forEach(p -> owned.add(new TopicPartitionRef(tp.topic(), p)));
            }
            return new Subscription(m.topics(), m.userData(), owned, m.generationId(), m.rackId());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subscription s && topics.equals(s.topics) && Arrays.equals(userData, s.userData)
                    && ownedPartitions.equals(s.ownedPartitions) && generationId == s.generationId
                    && Objects.equals(rackId, s.rackId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topics, Arrays.hashCode(userData), ownedPartitions, generationId, rackId);
        }

        @Override
        public String toString() {
            return "Subscription(topics=" + topics + ", userData=" + describe(userData) + ", ownedPartitions="
                    + ownedPartitions + ", generationId=" + generationId + ", rackId=" + rackId + ")";
        }
    }

    /**
     * What the leader gives a member through SyncGroup.
     *
     * @param partitions the partitions assigned to the member
     * @param userData   the assignor's data for the member, or null (none of our assignors sends any); not copied
     */
    public record Assignment(List<TopicPartitionRef> partitions, byte[] userData) {
        /** The empty assignment, which is also what 0 bytes mean. */
        public static final Assignment EMPTY = new Assignment(List.of(), null);

        /**
         * Checks and copies the list.
         */
        public Assignment {
            partitions = List.copyOf(partitions);
        }

        /**
         * Encodes this assignment at {@link #WRITE_VERSION}.
         *
         * @return the version-prefixed bytes
         */
        public byte[] encode() {
            return encode(WRITE_VERSION);
        }

        /**
         * Encodes this assignment at a given version (all versions carry the same fields).
         *
         * @param version 0 to {@link #WRITE_VERSION}
         * @return the version-prefixed bytes
         */
        public byte[] encode(short version) {
            ConsumerProtocolAssignment m = new ConsumerProtocolAssignment().setUserData(userData);
            groupByTopic(partitions).forEach((topic, ps) -> m.assignedPartitions().add(
                    new ConsumerProtocolAssignment.TopicPartition().setTopic(topic).setPartitions(ps)));
            return versionPrefixed(version, m);
        }

        /**
         * Decodes an assignment of any version. Null or 0 bytes, which a SyncGroup response carries for a member
         * left out of the assignment, mean {@link #EMPTY}.
         *
         * @param bytes the version-prefixed bytes from a SyncGroup response, or null
         * @return the assignment
         * @throws DecodeException when the bytes are truncated or malformed
         */
        public static Assignment decode(byte[] bytes) {
            if (bytes == null || bytes.length == 0) {
                return EMPTY;
            }
            ProtocolReader r = reader(bytes, ASSIGNMENT);
            short version = readVersion(r, ASSIGNMENT, ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION);
            ConsumerProtocolAssignment m = new ConsumerProtocolAssignment();
            read(() -> m.read(r, version), ASSIGNMENT, version);
            List<TopicPartitionRef> partitions = new ArrayList<>();
            for (ConsumerProtocolAssignment.TopicPartition tp : m.assignedPartitions()) {
                tp.partitions().forEach(p -> partitions.add(new TopicPartitionRef(tp.topic(), p)));
            }
            return new Assignment(partitions, m.userData());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Assignment a && partitions.equals(a.partitions) && Arrays.equals(userData, a.userData);
        }

        @Override
        public int hashCode() {
            return Objects.hash(partitions, Arrays.hashCode(userData));
        }

        @Override
        public String toString() {
            return "Assignment(partitions=" + partitions + ", userData=" + describe(userData) + ")";
        }
    }

    /** Topic to partition ids, topics in first-seen order, partitions in the given order. */
    private static Map<String, List<Integer>> groupByTopic(List<TopicPartitionRef> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartitionRef tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return byTopic;
    }

    private static byte[] versionPrefixed(short version, Message m) {
        int size = Math.max(MIN_WRITER_CAPACITY, Short.BYTES + m.size(version));
        ProtocolWriter w = new ProtocolWriter(size, ProtocolWriter.DEFAULT_ZERO_COPY_THRESHOLD);
        w.writeInt16(version);
        m.write(w, version);
        return w.toByteArray();
    }

    private static ProtocolReader reader(byte[] bytes, String what) {
        if (bytes == null) {
            throw new DecodeException(what + " is missing (null bytes)");
        }
        return new ProtocolReader(ByteBuffer.wrap(bytes));
    }

    /** Reads the version prefix; a version newer than we know is read as the newest we know. */
    private static short readVersion(ProtocolReader r, String what, short highestKnown) {
        short version;
        try {
            version = r.readInt16("version");
        } catch (DecodeException e) {
            throw new DecodeException("malformed " + what + ": " + e.getMessage(), e);
        }
        if (version < 0) {
            throw new DecodeException("malformed " + what + ": negative version " + version);
        }
        return (short) Math.min(version, highestKnown);
    }

    private static void read(Runnable read, String what, short version) {
        try {
            read.run();
        } catch (DecodeException e) {
            throw new DecodeException("malformed " + what + " (read as version " + version + "): "
                    + e.getMessage(), e);
        }
    }

    private static String describe(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " byte(s)";
    }
}
