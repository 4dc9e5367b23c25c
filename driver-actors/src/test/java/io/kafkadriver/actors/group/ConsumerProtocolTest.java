package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.ConsumerProtocol.Assignment;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import io.kafkadriver.protocol.DecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumerProtocolTest {
    private static final byte[] USER_DATA = {0, 0, 0, 7};
    private static final List<TopicPartitionRef> OWNED =
            List.of(tp("alpha", 0), tp("alpha", 3), tp("beta", 1));
    private static final Subscription FULL =
            new Subscription(List.of("alpha", "beta", "gamma"), USER_DATA, OWNED, 12, "rack-1");
    /** Grouped by topic as on the wire, but neither topics nor partitions sorted. */
    private static final Assignment ASSIGNMENT =
            new Assignment(List.of(tp("beta", 2), tp("beta", 0), tp("alpha", 1)), new byte[] {1, 2});

    private static TopicPartitionRef tp(String topic, int partition) {
        return new TopicPartitionRef(topic, partition);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void aSubscriptionRoundTripsWithTheFieldsItsVersionCarries(short version) {
        Subscription expected = new Subscription(FULL.topics(), USER_DATA, version >= 1 ? OWNED : List.of(),
                version >= 2 ? 12 : -1, version >= 3 ? "rack-1" : null);
        byte[] bytes = FULL.encode(version);
        assertEquals(version, ByteBuffer.wrap(bytes).getShort());
        assertEquals(expected, Subscription.decode(bytes));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void anAssignmentRoundTripsAtEveryVersion(short version) {
        byte[] bytes = ASSIGNMENT.encode(version);
        assertEquals(version, ByteBuffer.wrap(bytes).getShort());
        assertEquals(ASSIGNMENT, Assignment.decode(bytes));
    }

    @Test
    void nullsAndEmptiesRoundTrip() {
        Subscription bare = new Subscription(List.of(), null, List.of(), -1, null);
        assertEquals(bare, Subscription.decode(bare.encode()));
        assertEquals(Assignment.EMPTY, Assignment.decode(Assignment.EMPTY.encode()));
    }

    @Test
    void aNewerVersionIsReadAsTheNewestWeKnowIgnoringItsTrailingFields() {
        byte[] v3 = FULL.encode();
        byte[] extra = "a field of version 4".getBytes(StandardCharsets.UTF_8);
        ByteBuffer v4 = ByteBuffer.allocate(v3.length + 4 + extra.length);
        v4.put(v3).putInt(0x01020304).put(extra).putShort(0, (short) 4);
        assertEquals(FULL, Subscription.decode(v4.array()));

        byte[] a3 = ASSIGNMENT.encode();
        byte[] a9 = Arrays.copyOf(a3, a3.length + 3);
        ByteBuffer.wrap(a9).putShort(0, (short) 9);
        assertEquals(ASSIGNMENT, Assignment.decode(a9));
    }

    @Test
    void nullOrZeroAssignmentBytesMeanAnEmptyAssignment() {
        assertEquals(Assignment.EMPTY, Assignment.decode(null));
        assertEquals(Assignment.EMPTY, Assignment.decode(new byte[0]));
    }

    @Test
    void everyTruncationIsADecodeExceptionNamingTheStruct() {
        byte[] sub = FULL.encode();
        for (int cut = 0; cut < sub.length; cut++) {
            byte[] part = Arrays.copyOf(sub, cut);
            DecodeException e = assertThrows(DecodeException.class, () -> Subscription.decode(part), "cut " + cut);
            assertTrue(e.getMessage().contains("consumer protocol subscription"), e.getMessage());
        }
        byte[] assignment = ASSIGNMENT.encode();
        for (int cut = 1; cut < assignment.length; cut++) {
            byte[] part = Arrays.copyOf(assignment, cut);
            DecodeException e = assertThrows(DecodeException.class, () -> Assignment.decode(part), "cut " + cut);
            assertTrue(e.getMessage().contains("consumer protocol assignment"), e.getMessage());
        }
    }

    @Test
    void malformedBytesAreDecodeExceptions() {
        assertThrows(DecodeException.class, () -> Subscription.decode(null));
        DecodeException negative = assertThrows(DecodeException.class,
                () -> Subscription.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0}));
        assertTrue(negative.getMessage().contains("negative version -1"), negative.getMessage());
        // Topics is not nullable: a -1 length is malformed, not "no topics".
        byte[] nullTopics = {0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF};
        assertThrows(DecodeException.class, () -> Subscription.decode(nullTopics));
        // An assignment claiming 1000 topics in 6 bytes.
        assertThrows(DecodeException.class, () -> Assignment.decode(new byte[] {0, 3, 0, 0, 3, (byte) 0xE8}));
    }

    @Test
    void ourBytesEqualJavasAndEachSideReadsTheOther() {
        ConsumerPartitionAssignor.Subscription java = new ConsumerPartitionAssignor.Subscription(
                List.of("gamma", "alpha", "beta"), ByteBuffer.wrap(USER_DATA),
                List.of(GroupFixtures.toJava(tp("beta", 1)), GroupFixtures.toJava(tp("alpha", 3)),
                        GroupFixtures.toJava(tp("alpha", 0))), 12, Optional.of("rack-1"));
        byte[] javaBytes = bytes(ConsumerProtocol.serializeSubscription(java));
        Subscription ours = new Subscription(List.of("gamma", "alpha", "beta"), USER_DATA,
                List.of(tp("beta", 1), tp("alpha", 3), tp("alpha", 0)), 12, "rack-1");
        assertArrayEquals(javaBytes, ours.encode(), "both write v3, topics and owned partitions sorted");
        assertEquals(FULL, Subscription.decode(javaBytes));

        ConsumerPartitionAssignor.Subscription back = ConsumerProtocol.deserializeSubscription(
                ByteBuffer.wrap(FULL.encode()));
        assertEquals(FULL.topics(), back.topics());
        assertEquals(ByteBuffer.wrap(USER_DATA), back.userData());
        assertEquals(OWNED, back.ownedPartitions().stream().map(GroupFixtures::fromJava).toList());
        assertEquals(Optional.of(12), back.generationId());
        assertEquals(Optional.of("rack-1"), back.rackId());
    }

    @Test
    void javaReadsEveryVersionWeWriteAndWeReadEveryVersionJavaWrites() {
        for (short v = 0; v <= 3; v++) {
            ConsumerPartitionAssignor.Subscription java =
                    ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(FULL.encode(v)));
            assertEquals(FULL.topics(), java.topics());
            assertEquals(v >= 1 ? OWNED : List.of(),
                    java.ownedPartitions().stream().map(GroupFixtures::fromJava).toList());
            byte[] javaBytes = bytes(ConsumerProtocol.serializeSubscription(java, v));
            assertArrayEquals(FULL.encode(v), javaBytes, "version " + v);
            byte[] javaAssignment = bytes(ConsumerProtocol.serializeAssignment(javaAssignment(), v));
            assertEquals(ASSIGNMENT, Assignment.decode(javaAssignment));
        }
    }

    @Test
    void assignmentBytesEqualJavasTopicsInFirstSeenOrder() {
        List<TopicPartitionRef> mixed = List.of(tp("beta", 2), tp("alpha", 1), tp("beta", 0));
        byte[] javaBytes = bytes(ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(
                mixed.stream().map(GroupFixtures::toJava).toList(), ByteBuffer.wrap(ASSIGNMENT.userData()))));
        assertArrayEquals(javaBytes, new Assignment(mixed, ASSIGNMENT.userData()).encode());
        assertEquals(ASSIGNMENT, Assignment.decode(javaBytes), "grouped by topic, in first-seen order");

        ConsumerPartitionAssignor.Assignment back = ConsumerProtocol.deserializeAssignment(
                ByteBuffer.wrap(ASSIGNMENT.encode()));
        assertEquals(ASSIGNMENT.partitions(), back.partitions().stream().map(GroupFixtures::fromJava).toList());
        assertEquals(ByteBuffer.wrap(ASSIGNMENT.userData()), back.userData());
    }

    private static ConsumerPartitionAssignor.Assignment javaAssignment() {
        return new ConsumerPartitionAssignor.Assignment(
                ASSIGNMENT.partitions().stream().map(GroupFixtures::toJava).toList(),
                ByteBuffer.wrap(ASSIGNMENT.userData()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
