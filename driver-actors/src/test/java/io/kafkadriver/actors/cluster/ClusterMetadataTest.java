package io.kafkadriver.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterMetadataTest {
    private static final Map<Integer, BrokerAddress> BROKERS = Map.of(
            1, new BrokerAddress(1, "a", 9092, null), 2, new BrokerAddress(2, "b", 9092, null));

    private static PartitionState p(int index, int leader, int epoch) {
        return new PartitionState(index, leader, epoch, new int[] {1, 2}, new int[] {1, 2}, (short) 0);
    }

    private static ClusterMetadata snapshot(TopicState... topics) {
        return ClusterMetadata.EMPTY.merge(BROKERS, List.of(topics), "c", 1, 10);
    }

    @Test
    void leadersAndPartitionsWithLeaderComeFromTheSnapshot() {
        ClusterMetadata m = snapshot(new TopicState("t", (short) 0, List.of(p(1, -1, 3), p(0, 2, 5), p(2, 1, 1))));
        assertEquals("b", m.leader("t", 0).host());
        assertNull(m.leader("t", 1));
        assertNull(m.leader("t", 9));
        assertNull(m.leader("nope", 0));
        assertArrayEquals(new int[] {0, 2}, m.topic("t").partitionsWithLeader());
        assertEquals(3, m.topic("t").partitionCount());
    }

    @Test
    void leadershipChangesListMovedNewAndGonePartitions() {
        ClusterMetadata before = snapshot(new TopicState("t", (short) 0, List.of(p(0, 1, 1), p(1, 2, 1))),
                new TopicState("gone", (short) 0, List.of(p(0, 1, 1))));
        ClusterMetadata after = before.merge(BROKERS, List.of(
                new TopicState("t", (short) 0, List.of(p(0, 1, 1), p(1, 1, 2))),
                new TopicState("new", (short) 0, List.of(p(0, 2, 1))),
                new TopicState("gone", (short) 3, List.of())), "c", 1, 20);
        assertEquals(Set.of(new TopicPartitionRef("t", 1), new TopicPartitionRef("new", 0),
                new TopicPartitionRef("gone", 0)), Set.copyOf(before.leadershipChanges(after)));
        assertNull(after.topic("gone"));
        assertEquals(20, after.refreshedAtMs());
    }

    @Test
    void badPartitionIndexesAreRefusedNamingTheTopic() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopicState("t", (short) 0, List.of(p(0, 1, 1), p(0, 2, 1))));
        assertTrue(e.getMessage().contains("topic t"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BrokerAddress(1, "h", 70_000, null));
    }

    @Test
    void partitionStateIsImmutable() {
        int[] isr = {1, 2};
        PartitionState s = new PartitionState(0, 1, 1, isr, isr, (short) 0);
        isr[0] = 9;
        assertEquals(1, s.isr()[0]);
        s.isr()[1] = 9;
        assertEquals(2, s.isr()[1]);
        assertEquals(s, new PartitionState(0, 1, 1, new int[] {1, 2}, new int[] {1, 2}, (short) 0));
    }
}
