package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionChooserTest {

    private static TopicState topic(int partitions, int... leaderless) {
        Set<Integer> none = new HashSet<>();
        for (int p : leaderless) {
            none.add(p);
        }
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            states.add(new PartitionState(p, none.contains(p) ? -1 : 1, 0, new int[] {1}, new int[] {1}, (short) 0));
        }
        return new TopicState("t", (short) 0, states);
    }

    @Test
    void roundRobinMovesAfterTheConfiguredRunAndSkipsLeaderlessPartitions() {
        PartitionChooser chooser = new PartitionChooser(3, true, k -> 0, 0);
        TopicState t = topic(4, 2);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            chosen.add(chooser.choose(t, -1, null));
        }
        // Runs of three on one partition, visiting 0, 1 and 3 (2 has no leader) in a cycle.
        for (int i = 0; i < 12; i += 3) {
            assertEquals(chosen.get(i), chosen.get(i + 1));
            assertEquals(chosen.get(i), chosen.get(i + 2));
            assertTrue(chosen.get(i) != 2);
        }
        assertEquals(Set.of(0, 1, 3), Set.copyOf(chosen.subList(0, 9)));
    }

    @Test
    void keyedRecordsUseTheHashOverAllPartitionsEvenLeaderlessOnes() {
        PartitionChooser chooser = new PartitionChooser(1, true, key -> key[0], 0);
        TopicState t = topic(4, 2);
        assertEquals(2, chooser.choose(t, -1, new byte[] {6}));
        assertEquals(1, chooser.choose(t, -1, new byte[] {5}));
        PartitionChooser noHash = new PartitionChooser(1, false, key -> key[0], 0);
        assertTrue(noHash.choose(t, -1, new byte[] {6}) != 2, "without key hashing, keys go round robin");
    }

    @Test
    void explicitPartitionsAreUsedWhenTheTopicHasThem() {
        PartitionChooser chooser = new PartitionChooser(1, true, key -> 0, 0);
        TopicState t = topic(3);
        assertEquals(2, chooser.choose(t, 2, new byte[] {1}));
        assertEquals(PartitionChooser.NO_PARTITION, chooser.choose(t, 3, null));
        assertEquals(PartitionChooser.NO_PARTITION, chooser.choose(topic(2, 0, 1), -1, null));
        assertEquals(PartitionChooser.NO_PARTITION, chooser.choose(new TopicState("e", (short) 3, List.of()), -1,
                null));
        assertThrows(IllegalArgumentException.class, () -> new PartitionChooser(0, true, k -> 0, 0));
    }
}
