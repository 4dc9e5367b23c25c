/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef;
import io.kafkadriver.actors.group.ConsumerProtocol.Subscription;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The {@code cooperative-sticky} assignor (KIP-429), compatible with Java's
 * {@code org.apache.kafka.clients.consumer.CooperativeStickyAssignor}: same name, same user data, same guarantees.
 * Its output is not Java's to the partition (Java's is not unique either), but it is:
 *
 * <ul>
 *   <li><b>balanced</b>: no member has two or more partitions more than another member subscribed to one of its
 *       topics, so members with the same subscription differ by at most one;</li>
 *   <li><b>sticky</b>: a member keeps the partitions it owns (its subscription's {@code ownedPartitions}) unless
 *       balance needs them elsewhere, and partitions that must move are taken from the most loaded members;</li>
 *   <li><b>cooperative</b>: a partition moving from A to B is given to nobody in this round. A sees it missing,
 *       revokes it and rejoins at once; the next round finds it unowned and gives it to B. Feeding the result back
 *       as owned partitions therefore reaches a stable, complete assignment in the second round.</li>
 * </ul>
 *
 * <p>Two members may claim one partition after a missed rebalance. As in Java, the claim with the higher generation
 * is trusted; claims of equal generation are both distrusted, so the partition is treated as unowned but withheld
 * for one round while the claimants revoke it. A member's generation is its subscription's {@code generationId}
 * (v2+), else the generation in its user data (older Java members), else -1.
 *
 * <p>The algorithm: keep every trusted claim; give each remaining partition to its least loaded subscriber, the
 * partitions with the fewest subscribers first; move partitions from the most to the least loaded members while a
 * move narrows a gap of two or more (the moved partition is one the giver did not own, if it has one); finally leave
 * out every partition that another member still claims.
 */
public final class CooperativeStickyAssignor implements Assignor {
    /** The wire name. */
    public static final String NAME = "cooperative-sticky";

    /** Creates the assignor (it has no state: the generation comes with each call). */
    public CooperativeStickyAssignor() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean cooperative() {
        return true;
    }

    /**
     * Java's user data: the generation as a big-endian int32 (its {@code COOPERATIVE_STICKY_ASSIGNOR_USER_DATA_V0}),
     * read by leaders that only see a v0 or v1 subscription.
     *
     * @param owned      the partitions the member owns now (not encoded: the subscription carries them)
     * @param generation the generation in which it got them, or -1
     * @return 4 bytes
     */
    @Override
    public byte[] userData(Set<TopicPartitionRef> owned, int generation) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(generation).array();
    }

    @Override
    public Map<String, List<TopicPartitionRef>> assign(Map<String, Integer> partitionsPerTopic,
                                                       Map<String, Member> members) {
        Plan plan = new Plan(partitionsPerTopic, AssignorSupport.sorted(members));
        plan.placeUnowned();
        plan.balance();
        return plan.withoutTransfers();
    }

    /** The generation a member's claims date from: the subscription's, else the user data's, else -1. */
    private static int generation(Subscription s) {
        if (s.generationId() >= 0) {
            return s.generationId();
        }
        byte[] data = s.userData();
        return data != null && data.length >= Integer.BYTES ? ByteBuffer.wrap(data).getInt() : -1;
    }

    /** One assignment being worked out: who claims what, whom we trust, and the target. */
    private static final class Plan {
        private final Map<String, Integer> partitionsPerTopic;
        private final List<Member> members;
        private final SortedMap<String, List<Member>> subscribers;
        /** Every member that says it owns the partition, trusted or not. */
        private final Map<TopicPartitionRef, Set<String>> claimants = new HashMap<>();
        /** The trusted owner of each claimed partition. */
        private final Map<TopicPartitionRef, String> owner = new HashMap<>();
        /** Each member's target partitions: what it keeps first, then what it is given. */
        private final Map<String, List<TopicPartitionRef>> target;

        Plan(Map<String, Integer> partitionsPerTopic, List<Member> sortedMembers) {
            this.partitionsPerTopic = partitionsPerTopic;
            this.members = sortedMembers;
            this.subscribers = AssignorSupport.subscribersByTopic(partitionsPerTopic, sortedMembers);
            this.target = AssignorSupport.emptyResult(sortedMembers);
            resolveClaims();
            for (Member m : members) {
                m.subscription().ownedPartitions().stream()
                        .filter(tp -> m.memberId().equals(owner.get(tp)))
                        .distinct()
                        .sorted(AssignorSupport.PARTITION_ORDER)
                        .forEach(target.get(m.memberId())::add);
            }
        }

        /** Trusts, per partition, the highest-generation claim of a subscriber; a tie at the top trusts nobody. */
        private void resolveClaims() {
            Map<TopicPartitionRef, Integer> topGeneration = new HashMap<>();
            for (Member m : members) {
                int generation = generation(m.subscription());
                for (TopicPartitionRef tp : new LinkedHashSet<>(m.subscription().ownedPartitions())) {
                    claimants.computeIfAbsent(tp, k -> new HashSet<>()).add(m.memberId());
                    if (!mayOwn(m, tp)) {
                        continue;
                    }
                    Integer top = topGeneration.get(tp);
                    if (top == null || generation > top) {
                        owner.put(tp, m.memberId());
                        topGeneration.put(tp, generation);
                    } else if (generation == top) {
                        owner.remove(tp);
                    }
                }
            }
        }

        private boolean mayOwn(Member m, TopicPartitionRef tp) {
            return tp.partition() >= 0 && tp.partition() < partitionsPerTopic.getOrDefault(tp.topic(), 0)
                    && m.subscription().topics().contains(tp.topic());
        }

        /** Gives each partition without a trusted owner to its least loaded subscriber, fewest subscribers first. */
        void placeUnowned() {
            List<TopicPartitionRef> unowned = new ArrayList<>();
            subscribers.forEach((topic, ms) -> {
                for (int p = 0; p < partitionsPerTopic.get(topic); p++) {
                    TopicPartitionRef tp = new TopicPartitionRef(topic, p);
                    if (!owner.containsKey(tp)) {
                        unowned.add(tp);
                    }
                }
            });
            unowned.sort(Comparator.comparingInt((TopicPartitionRef tp) -> subscribers.get(tp.topic()).size())
                    .thenComparing(AssignorSupport.PARTITION_ORDER));
            for (TopicPartitionRef tp : unowned) {
                Member least = null;
                for (Member m : subscribers.get(tp.topic())) {
                    if (least == null || load(m) < load(least)) {
                        least = m;
                    }
                }
                target.get(least.memberId()).add(tp);
            }
        }

        /**
         * Moves partitions from more to less loaded members until no move narrows a gap of two or more. Each move
         * lowers the sum of squared loads, so this ends.
         */
        void balance() {
            boolean moved = true;
            while (moved) {
                moved = moveOne();
            }
        }

        private boolean moveOne() {
            List<Member> byLoad = new ArrayList<>(members);
            byLoad.sort(Comparator.comparingInt(this::load).reversed().thenComparing(AssignorSupport.MEMBER_ORDER));
            for (int from = 0; from < byLoad.size(); from++) {
                Member giver = byLoad.get(from);
                for (int to = byLoad.size() - 1; to > from && load(giver) - load(byLoad.get(to)) > 1; to--) {
                    if (move(giver, byLoad.get(to))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Moves one of the giver's partitions the taker subscribes to, the last given first (owned ones last). */
        private boolean move(Member giver, Member taker) {
            List<TopicPartitionRef> given = target.get(giver.memberId());
            for (int i = given.size() - 1; i >= 0; i--) {
                if (taker.subscription().topics().contains(given.get(i).topic())) {
                    target.get(taker.memberId()).add(given.remove(i));
                    return true;
                }
            }
            return false;
        }

        private int load(Member m) {
            return target.get(m.memberId()).size();
        }

        /** The target minus each partition another member still claims: that member must revoke it first. */
        Map<String, List<TopicPartitionRef>> withoutTransfers() {
            target.forEach((id, partitions) -> partitions.removeIf(tp -> !id.equals(owner.get(tp))
                    && claimants.getOrDefault(tp, Set.of()).stream().anyMatch(c -> !c.equals(id))));
            return AssignorSupport.finish(target);
        }
    }
}
