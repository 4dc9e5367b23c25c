package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import io.kafkadriver.actors.group.GroupFixtures.Group;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssignorTest {

    @Test
    void byNameKnowsTheThreeWireNames() {
        assertInstanceOf(RangeAssignor.class, Assignor.byName("range"));
        assertInstanceOf(RoundRobinAssignor.class, Assignor.byName("roundrobin"));
        assertInstanceOf(CooperativeStickyAssignor.class, Assignor.byName("cooperative-sticky"));
        assertFalse(Assignor.byName("range").cooperative());
        assertFalse(Assignor.byName("roundrobin").cooperative());
        assertTrue(Assignor.byName("cooperative-sticky").cooperative());
        for (String name : List.of("range", "roundrobin", "cooperative-sticky")) {
            assertEquals(name, Assignor.byName(name).name());
        }
    }

    @Test
    void byNameRefusesAnUnknownNameListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Assignor.byName("sticky"));
        assertEquals("unknown assignor 'sticky'; known: range, roundrobin, cooperative-sticky", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "cooperative-sticky"})
    void everyAssignorGivesEveryAssignablePartitionOnceToASubscriberOfItsTopic(String name) {
        Assignor assignor = Assignor.byName(name);
        for (long seed = 0; seed < 200; seed++) {
            Group group = GroupFixtures.randomGroup(seed, seed % 2 == 0);
            var result = assignor.assign(group.partitionsPerTopic(), group.members());
            GroupFixtures.assertValid(group, result);
            assertEquals(GroupFixtures.assignable(group), GroupFixtures.assigned(result), "seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "cooperative-sticky"})
    void membersWithNothingToTakeAreStillInTheResult(String name) {
        Member idle = new Member("idle", null, new Subscription(List.of("unknown"), null, List.of(), -1, null));
        Member busy = new Member("busy", null, new Subscription(List.of("t"), null, List.of(), -1, null));
        var result = Assignor.byName(name).assign(Map.of("t", 2), Map.of("idle", idle, "busy", busy));
        assertEquals(Map.of("idle", List.of(), "busy", List.of(tp("t", 0), tp("t", 1))), result);
        assertEquals(Map.of(), Assignor.byName(name).assign(Map.of("t", 2), Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"range", "roundrobin", "cooperative-sticky"})
    void aKeyThatIsNotItsMembersIdIsRefused(String name) {
        Member m = new Member("m", null, new Subscription(List.of("t"), null, List.of(), -1, null));
        Assignor assignor = Assignor.byName(name);
        assertThrows(IllegalArgumentException.class, () -> assignor.assign(Map.of("t", 1), Map.of("x", m)));
    }

    @Test
    void onlyTheStickyAssignorHasUserData() {
        assertNull(Assignor.byName("range").userData(Set.of(), 3));
        assertNull(Assignor.byName("roundrobin").userData(Set.of(), 3));
    }

    private static TopicPartitionRef tp(String topic, int partition) {
        return new TopicPartitionRef(topic, partition);
    }
}
