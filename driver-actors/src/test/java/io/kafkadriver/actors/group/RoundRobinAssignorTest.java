package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinAssignorTest {
    private final RoundRobinAssignor roundRobin = new RoundRobinAssignor();

    private static Member member(String id, String instance, String... topics) {
        return new Member(id, instance, new Subscription(List.of(topics), null, List.of(), -1, null));
    }

    private static TopicPartitionRef tp(String topic, int partition) {
        return new TopicPartitionRef(topic, partition);
    }

    @Test
    void membersNotSubscribedToATopicArePassedOver() {
        // Java's Javadoc example: C0 takes t0, C1 t0 and t1, C2 t0, t1 and t2; the topics have 1, 2 and 3 partitions.
        var result = roundRobin.assign(Map.of("t0", 1, "t1", 2, "t2", 3), Map.of(
                "C0", member("C0", null, "t0"), "C1", member("C1", null, "t0", "t1"),
                "C2", member("C2", null, "t0", "t1", "t2")));
        assertEquals(Map.of("C0", List.of(tp("t0", 0)), "C1", List.of(tp("t1", 0)),
                "C2", List.of(tp("t1", 1), tp("t2", 0), tp("t2", 1), tp("t2", 2))), result);
    }

    @Test
    void theTurnCarriesOverFromOneTopicToTheNext() {
        var result = roundRobin.assign(Map.of("t0", 1, "t1", 1, "t2", 1), Map.of(
                "x", member("x", null, "t0", "t1", "t2"), "y", member("y", null, "t0", "t1", "t2"),
                "s", member("s", "static", "t0", "t1", "t2")));
        assertEquals(Map.of("s", List.of(tp("t0", 0)), "x", List.of(tp("t1", 0)), "y", List.of(tp("t2", 0))), result);
    }

    @Test
    void givesWhatJavasRoundRobinAssignorGivesOnRandomGroups() {
        var java = new org.apache.kafka.clients.consumer.RoundRobinAssignor();
        for (long seed = 0; seed < 300; seed++) {
            GroupFixtures.assertSameAsJava(roundRobin, java, GroupFixtures.randomGroup(seed, seed % 3 == 0), seed);
        }
    }
}
