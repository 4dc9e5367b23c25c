package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {
    private final RangeAssignor range = new RangeAssignor();

    private static Member member(String id, String instance, String... topics) {
        return new Member(id, instance, new Subscription(List.of(topics), null, List.of(), -1, null));
    }

    private static TopicPartitionRef tp(String topic, int partition) {
        return new TopicPartitionRef(topic, partition);
    }

    @Test
    void eachTopicIsSplitInRangesTheFirstMembersTakingTheExtras() {
        // Java's Javadoc example: two members, two topics of three partitions.
        var result = range.assign(Map.of("t0", 3, "t1", 3),
                Map.of("C0", member("C0", null, "t0", "t1"), "C1", member("C1", null, "t0", "t1")));
        assertEquals(Map.of("C0", List.of(tp("t0", 0), tp("t0", 1), tp("t1", 0), tp("t1", 1)),
                "C1", List.of(tp("t0", 2), tp("t1", 2))), result);
    }

    @Test
    void staticMembersComeFirstByInstanceIdThenDynamicOnesByMemberId() {
        var result = range.assign(Map.of("t", 4), Map.of(
                "a", member("a", null, "t"), "b", member("b", "zeta", "t"),
                "c", member("c", "eta", "t"), "d", member("d", null, "t")));
        assertEquals(Map.of("c", List.of(tp("t", 0)), "b", List.of(tp("t", 1)),
                "a", List.of(tp("t", 2)), "d", List.of(tp("t", 3))), result);
    }

    @Test
    void givesWhatJavasRangeAssignorGivesOnRandomGroups() {
        var java = new org.apache.kafka.clients.consumer.RangeAssignor();
        for (long seed = 0; seed < 300; seed++) {
            GroupFixtures.assertSameAsJava(range, java, GroupFixtures.randomGroup(seed, seed % 3 == 0), seed);
        }
    }
}
