package io.kafkadriver.actors.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.Assignor.Member;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import io.kafkadriver.actors.group.GroupFixtures.Group;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.junit.jupiter.api.Test;

class CooperativeStickyAssignorTest {
    private static final int SEEDS = 300;
    private final CooperativeStickyAssignor sticky = new CooperativeStickyAssignor();

    private static TopicPartitionRef tp(String topic, int partition) {
        return new TopicPartitionRef(topic, partition);
    }

    private static List<TopicPartitionRef> partitions(String topic, int from, int to) {
        List<TopicPartitionRef> out = new ArrayList<>();
        for (int p = from; p < to; p++) {
            out.add(tp(topic, p));
        }
        return out;
    }

    private static Member member(String id, List<String> topics, List<TopicPartitionRef> owned, int generation) {
        return new Member(id, null, new Subscription(topics, null, owned, generation, null));
    }

    private Map<String, List<TopicPartitionRef>> assign(Group group) {
        return sticky.assign(group.partitionsPerTopic(), group.members());
    }

    @Test
    void userDataIsTheGenerationAsJavaWritesIt() {
        var java = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        assertArrayEquals(bytes(java.subscriptionUserData(Set.of("t"))), sticky.userData(Set.of(), -1));
        java.onAssignment(null, new ConsumerGroupMetadata("g", 7, "m", Optional.empty()));
        assertArrayEquals(bytes(java.subscriptionUserData(Set.of("t"))), sticky.userData(Set.of(tp("t", 0)), 7));
        assertArrayEquals(new byte[] {0, 0, 0, 7}, sticky.userData(Set.of(), 7));
    }

    @Test
    void aFreshGroupGetsEverythingBalanced() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Group group = GroupFixtures.randomGroup(seed, seed % 2 == 0);
            var result = assign(group);
            GroupFixtures.assertValid(group, result);
            assertEquals(GroupFixtures.assignable(group), GroupFixtures.assigned(result), "seed " + seed);
            assertBalanced(group, result, seed);
        }
    }

    @Test
    void aJoiningMemberGetsTheMovedPartitionsOnlyInTheNextRound() {
        // Flow: A owns all six partitions; B joins. Round 1: A keeps three, the other three go to nobody (A revokes
        // them and rejoins). Round 2: they are unowned and go to B.
        Map<String, Integer> topics = Map.of("t", 6);
        var round1 = sticky.assign(topics, Map.of(
                "A", member("A", List.of("t"), partitions("t", 0, 6), 3),
                "B", member("B", List.of("t"), List.of(), -1)));
        assertEquals(Map.of("A", partitions("t", 0, 3), "B", List.of()), round1);
        var round2 = sticky.assign(topics, Map.of(
                "A", member("A", List.of("t"), round1.get("A"), 4),
                "B", member("B", List.of("t"), round1.get("B"), 4)));
        assertEquals(Map.of("A", partitions("t", 0, 3), "B", partitions("t", 3, 6)), round2);
    }

    @Test
    void theHigherGenerationsClaimIsTrustedAndATieWithholdsThePartition() {
        Map<String, Integer> topics = Map.of("t", 3);
        List<String> t = List.of("t");
        var stale = sticky.assign(topics, Map.of(
                "A", member("A", t, List.of(tp("t", 0)), 5),
                "B", member("B", t, List.of(tp("t", 0), tp("t", 1)), 3),
                "C", member("C", t, List.of(), -1)));
        assertEquals(Map.of("A", List.of(tp("t", 0)), "B", List.of(tp("t", 1)), "C", List.of(tp("t", 2))), stale);

        var tie = sticky.assign(topics, Map.of(
                "A", member("A", t, List.of(tp("t", 0)), 5),
                "B", member("B", t, List.of(tp("t", 0), tp("t", 1)), 5),
                "C", member("C", t, List.of(), -1)));
        assertFalse(GroupFixtures.assigned(tie).contains(tp("t", 0)), "both claimants must revoke it first: " + tie);
        assertEquals(List.of(tp("t", 1)), tie.get("B"));
    }

    @Test
    void olderSubscriptionsCarryTheGenerationInTheirUserData() {
        // v0/v1 subscriptions have no generationId: the leader reads the assignor's user data instead.
        Map<String, Member> members = Map.of(
                "A", new Member("A", null, new Subscription(List.of("t"), sticky.userData(Set.of(), 2),
                        List.of(tp("t", 0)), -1, null)),
                "B", new Member("B", null, new Subscription(List.of("t"), sticky.userData(Set.of(), 9),
                        List.of(tp("t", 0)), -1, null)));
        assertEquals(Map.of("A", List.of(tp("t", 1)), "B", List.of(tp("t", 0))),
                sticky.assign(Map.of("t", 2), members));
    }

    @Test
    void aPartitionItsOwnerNoLongerSubscribesToWaitsForTheRevocation() {
        Map<String, Integer> topics = Map.of("t", 1, "u", 1);
        var round1 = sticky.assign(topics, Map.of(
                "A", member("A", List.of("u"), List.of(tp("t", 0)), 2),
                "B", member("B", List.of("t"), List.of(), 2)));
        assertEquals(Map.of("A", List.of(tp("u", 0)), "B", List.of()), round1);
    }

    @Test
    void membersKeepAsManyOwnedPartitionsAsBalanceAllows() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Group fresh = GroupFixtures.randomGroup(seed, true);
            Random random = new Random(seed);
            List<String> ids = new ArrayList<>(fresh.members().keySet());
            Map<String, List<TopicPartitionRef>> owned = new HashMap<>();
            for (TopicPartitionRef tp : GroupFixtures.assignable(fresh)) {
                if (random.nextInt(5) > 0) {
                    owned.computeIfAbsent(ids.get(random.nextInt(ids.size())), k -> new ArrayList<>()).add(tp);
                }
            }
            Group group = GroupFixtures.withOwned(fresh, owned, sameGeneration(ids, 4));
            var result = assign(group);
            GroupFixtures.assertValid(group, result);
            assertCooperative(group, result, seed);
            int retained = 0;
            for (String id : ids) {
                Set<TopicPartitionRef> mine = new HashSet<>(owned.getOrDefault(id, List.of()));
                boolean lost = !result.get(id).containsAll(mine);
                assertTrue(!lost || mine.containsAll(result.get(id)), () -> id + " lost and gained: " + result);
                retained += (int) result.get(id).stream().filter(mine::contains).count();
            }
            assertEquals(mostThatCanBeKept(owned, ids, GroupFixtures.assignable(group).size()), retained,
                    "seed " + seed);
        }
    }

    @Test
    void feedingTheResultBackReachesAStableCompleteAssignmentInTheSecondRound() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Group group = randomlyOwned(GroupFixtures.randomGroup(seed, seed % 2 == 0), seed, false);
            assertConverges(group, this::assign, seed);
        }
    }

    @Test
    void javasCooperativeStickyAssignorAndOursBothSatisfyTheInvariants() {
        // Claims stay within the claimant's subscription here, as a Java member revokes the partitions of topics it
        // unsubscribed from before it rejoins. Java's general (unequal subscriptions) path can otherwise move a
        // partition back to a stale previous owner that no longer subscribes to its topic.
        for (long seed = 0; seed < 100; seed++) {
            Group group = randomlyOwned(GroupFixtures.randomGroup(seed, seed % 2 == 0), seed, true);
            assertConverges(group, this::assign, seed);
            assertConverges(group, CooperativeStickyAssignorTest::assignWithJava, seed);
        }
    }

    /**
     * Java's assignor, given only the topics someone subscribes to, as the Java client does: with identical
     * subscriptions it would hand out the partitions of every topic in the map, subscribed or not.
     */
    private static Map<String, List<TopicPartitionRef>> assignWithJava(Group group) {
        Map<String, Integer> subscribed = new HashMap<>(group.partitionsPerTopic());
        subscribed.keySet().removeIf(t -> group.members().values().stream()
                .noneMatch(m -> m.subscription().topics().contains(t)));
        var java = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        return GroupFixtures.fromJava(java.assign(subscribed, GroupFixtures.toJava(group.members())));
    }

    /**
     * Round 1 is valid and cooperative; round 2 (round 1 fed back as the owned partitions, one generation later) is
     * valid, complete and balanced; round 3 changes nothing.
     */
    private static void assertConverges(Group group, Function<Group, Map<String, List<TopicPartitionRef>>> assignor,
                                        long seed) {
        var round1 = assignor.apply(group);
        GroupFixtures.assertValid(group, round1);
        assertCooperative(group, round1, seed);
        Group next = GroupFixtures.withOwned(group, round1, sameGeneration(group.members().keySet(), 10));
        var round2 = assignor.apply(next);
        GroupFixtures.assertValid(next, round2);
        assertEquals(GroupFixtures.assignable(group), GroupFixtures.assigned(round2), "seed " + seed);
        assertBalanced(next, round2, seed);
        Group after = GroupFixtures.withOwned(next, round2, sameGeneration(group.members().keySet(), 11));
        assertEquals(sortedCopy(round2), sortedCopy(assignor.apply(after)), "seed " + seed);
    }

    /**
     * Gives the members random claims: some partitions unclaimed, some claimed twice, some of a topic that no longer
     * exists, unless {@code onlySubscribed} some of topics the claimant does not subscribe to; generations 1 to 3.
     */
    private static Group randomlyOwned(Group fresh, long seed, boolean onlySubscribed) {
        Random random = new Random(~seed);
        List<String> ids = new ArrayList<>(fresh.members().keySet());
        List<TopicPartitionRef> claimable = new ArrayList<>(GroupFixtures.assignable(fresh));
        claimable.sort(AssignorSupport.PARTITION_ORDER);
        claimable.add(tp("deleted-topic", 0));
        Map<String, Set<TopicPartitionRef>> owned = new HashMap<>();
        for (TopicPartitionRef tp : claimable) {
            int claims = random.nextInt(4) == 0 ? 2 : random.nextInt(2);
            for (int c = 0; c < claims; c++) {
                String id = ids.get(random.nextInt(ids.size()));
                if (!onlySubscribed || fresh.members().get(id).subscription().topics().contains(tp.topic())
                        || !fresh.partitionsPerTopic().containsKey(tp.topic())) {
                    owned.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(tp);
                }
            }
        }
        Map<String, List<TopicPartitionRef>> lists = new HashMap<>();
        owned.forEach((id, set) -> lists.put(id, List.copyOf(set)));
        Map<String, Integer> generations = new HashMap<>();
        ids.forEach(id -> generations.put(id, 1 + random.nextInt(3)));
        return GroupFixtures.withOwned(fresh, lists, generations);
    }

    private static Map<String, Integer> sameGeneration(Iterable<String> ids, int generation) {
        Map<String, Integer> generations = new HashMap<>();
        ids.forEach(id -> generations.put(id, generation));
        return generations;
    }

    /** No member has two more partitions than another member subscribed to one of its partitions' topics. */
    private static void assertBalanced(Group group, Map<String, List<TopicPartitionRef>> result, long seed) {
        result.forEach((a, mine) -> result.forEach((b, theirs) -> {
            if (mine.size() > theirs.size() + 1) {
                List<String> topicsOfB = group.members().get(b).subscription().topics();
                assertTrue(mine.stream().noneMatch(tp -> topicsOfB.contains(tp.topic())),
                        () -> "seed " + seed + ": " + a + " could give " + b + " a partition: " + result);
            }
        }));
    }

    /** A member is given only partitions it owns or that no other member claims. */
    private static void assertCooperative(Group group, Map<String, List<TopicPartitionRef>> result, long seed) {
        result.forEach((id, partitions) -> {
            for (TopicPartitionRef tp : partitions) {
                boolean mine = group.members().get(id).subscription().ownedPartitions().contains(tp);
                boolean claimedByOther = group.members().values().stream()
                        .anyMatch(m -> !m.memberId().equals(id) && m.subscription().ownedPartitions().contains(tp));
                assertTrue(mine || !claimedByOther, () -> "seed " + seed + ": " + tp + " given to " + id
                        + " while another member still owns it: " + result);
            }
        });
    }

    /**
     * With identical subscriptions: each member may keep up to {@code n / m} of its partitions, and {@code n % m} of
     * those owning more may keep one more.
     */
    private static int mostThatCanBeKept(Map<String, List<TopicPartitionRef>> owned, List<String> ids, int total) {
        int quota = total / ids.size();
        int extras = total % ids.size();
        int kept = 0;
        int over = 0;
        for (String id : ids) {
            int mine = owned.getOrDefault(id, List.of()).size();
            kept += Math.min(mine, quota);
            over += mine > quota ? 1 : 0;
        }
        return kept + Math.min(extras, over);
    }

    private static Map<String, List<TopicPartitionRef>> sortedCopy(Map<String, List<TopicPartitionRef>> result) {
        Map<String, List<TopicPartitionRef>> copy = new LinkedHashMap<>();
        result.forEach((id, ps) -> copy.put(id, ps.stream().sorted(AssignorSupport.PARTITION_ORDER).toList()));
        return copy;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
