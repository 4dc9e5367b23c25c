package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.actors.cluster.BrokerAddress;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.PartitionState;
import io.kafkadriver.actors.cluster.TopicState;
import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ProduceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The produce router under ManualTime, with a probe as the cluster: {@code temporaryIgnorePartitionTime}. */
class ProduceRouterActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ManualTime.config());
    private static final ManualTime TIME = ManualTime.get(KIT.system());
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOPIC = "t";

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static ClusterMetadata metadata() {
        List<PartitionState> partitions = List.of(
                new PartitionState(0, 1, 0, new int[] {1}, new int[] {1}, (short) 0),
                new PartitionState(1, 1, 0, new int[] {1}, new int[] {1}, (short) 0));
        return new ClusterMetadata("c", 1, Map.of(1, new BrokerAddress(1, "h1", 9092, null)),
                Map.of(TOPIC, new TopicState(TOPIC, (short) 0, partitions)), 0L);
    }

    /** Answers the cluster's side until {@code records} were produced; counts them per partition. */
    private static Map<Integer, Integer> produced(TestProbe<ClusterActor.Command> cluster, int records) {
        Map<Integer, Integer> perPartition = new TreeMap<>();
        int seen = 0;
        while (seen < records) {
            ClusterActor.Command m = cluster.receiveMessage(WAIT);
            if (m instanceof ClusterActor.Subscribe s) {
                s.listener().tell(metadata()); // the batcher's subscription
            } else if (m instanceof ClusterActor.SendToNode s && s.request().api() == ApiKey.PRODUCE) {
                for (ProduceRequest.PartitionProduceData p : ((ProduceRequest) s.request().request()).topicData()
                        .get(0).partitionData()) {
                    perPartition.merge(p.index(), 1, Integer::sum);
                    seen++;
                }
                ProduceAnswers.answer(s, (short) 0, 0);
            }
        }
        return perPartition;
    }

    @Test
    void aPartitionInTroubleIsSkippedByRoundRobinForTemporaryIgnorePartitionTime() {
        AtomicLong clock = new AtomicLong();
        ProducerAccounting accounting = new ProducerAccounting(-1);
        ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> inbox =
                new ChunkInbox<>(ProduceRouterActor.Drain.INSTANCE);
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        // One record per batch, sent at once; the defaults skip a partition in trouble for 1 s.
        ProduceSettings settings = ProduceSettings.defaults(Duration.ZERO, 1);
        assertEquals(Duration.ofSeconds(1), settings.ignorePartitionTime());
        ActorRef<ProduceRouterActor.Command> router = KIT.spawn(ProduceRouterActor.create(settings, cluster.ref(),
                inbox, accounting, ProduceListener.NONE, clock::get));
        cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT).listener().tell(metadata());
        router.tell(new ProduceRouterActor.PartitionTrouble(TOPIC, 0));
        for (int i = 0; i < 4; i++) {
            inbox.offer(new OutgoingRecord(TOPIC, -1, null, new byte[] {(byte) i}, null, 0, 0, accounting.admit(),
                    null));
        }
        assertEquals(Map.of(1, 4), produced(cluster, 4), "partition 0 is skipped while in trouble");

        clock.set(1_000); // the ignore time is over; the router's tick forgets the trouble
        TIME.timePasses(Duration.ofSeconds(1));
        for (int i = 0; i < 4; i++) {
            inbox.offer(new OutgoingRecord(TOPIC, -1, null, new byte[] {(byte) i}, null, 1_000, 1_000,
                    accounting.admit(), null));
        }
        assertEquals(Map.of(0, 2, 1, 2), produced(cluster, 4), "both partitions again, in turn");
        KIT.stop(router);
    }

    @Test
    void recordsExpireWithinTheirTtlWhenNoBrokerHasEverAnswered() {
        // Issue 17 (F8): seeds that never answer (down, or not Kafka); no metadata ever comes.
        AtomicLong clock = new AtomicLong();
        ProducerAccounting accounting = new ProducerAccounting(-1);
        ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> inbox =
                new ChunkInbox<>(ProduceRouterActor.Drain.INSTANCE);
        TestProbe<ClusterActor.Command> cluster = KIT.createTestProbe();
        ProduceSettings settings = ProduceSettings.defaults(Duration.ZERO, 1).withMessageTtl(Duration.ofSeconds(2));
        java.util.List<String> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProduceListener listener = new ProduceListener() {
            @Override
            public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
            }

            @Override
            public void dropped(List<OutgoingRecord> records, Drop drop) {
                dropped.add(drop.kind() + " x" + records.size() + ": " + drop.cause().getMessage());
            }
        };
        ActorRef<ProduceRouterActor.Command> router = KIT.spawn(ProduceRouterActor.create(settings, cluster.ref(),
                inbox, accounting, listener, clock::get));
        cluster.expectMessageClass(ClusterActor.Subscribe.class, WAIT); // never answered
        for (int i = 0; i < 3; i++) {
            inbox.offer(new OutgoingRecord(TOPIC, -1, null, new byte[] {(byte) i}, null, 0, 0, accounting.admit(),
                    null));
        }
        clock.set(1_000);
        TIME.timePasses(Duration.ofSeconds(1));
        inbox.offer(new OutgoingRecord(TOPIC, -1, null, new byte[] {9}, null, 1_000, 1_000, accounting.admit(), null));
        clock.set(2_000);
        TIME.timePasses(Duration.ofSeconds(1));
        org.junit.jupiter.api.Assertions.assertTrue(io.kafkadriver.testkit.Bounded.waitUntil(WAIT,
                () -> !dropped.isEmpty()), "the three old records expired");
        assertEquals(1, dropped.size(), dropped.toString());
        org.junit.jupiter.api.Assertions.assertTrue(dropped.get(0).startsWith("EXPIRED x3")
                && dropped.get(0).contains("no broker has answered"), dropped.get(0));
        assertEquals(1, accounting.buffered(), "the younger one still waits");
        clock.set(3_000);
        TIME.timePasses(Duration.ofSeconds(1));
        org.junit.jupiter.api.Assertions.assertTrue(io.kafkadriver.testkit.Bounded.waitUntil(WAIT,
                () -> dropped.size() == 2), "then it expires too");
        assertEquals(0, accounting.buffered());
        KIT.stop(router);
    }
}
