package io.kafkadriver.api.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.api.BatchStrategy;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: producer settings that were wired but never shown against a broker, each with a run that would fail if
 * the setting were ignored.
 */
@KafkaClusterTest(brokers = 3, brokerProperties = "auto.create.topics.enable=false")
class SettingsEffectKafkaTest {

    private static ConfigurationBuilder base(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers()).produceBufferingTime(Duration.ofMillis(5))
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    /** Produces the numbers 0..count-1 in order, from one thread, and returns partition to its values in offset order. */
    private static Map<Integer, List<Integer>> produceNumbers(EmbeddedKafkaCluster kafka, Configuration config,
                                                             String topic, int count) throws Exception {
        try (ClusterClient client = ClusterClient.create(config)) {
            for (int i = 0; i < count; i++) {
                client.produce(topic, null, Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : new OracleClient(kafka.bootstrapServers()).readAll(topic, count)) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(Integer.parseInt(
                    OracleClient.text(r.value())));
        }
        return byPartition;
    }

    @Test
    void roundRobinLandsNumberOfMessagesBeforeRoundRobinRecordsOnEachPartitionInTurn(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("runs", 3, 1);
        int n = 5;
        Map<Integer, List<Integer>> byPartition = produceNumbers(kafka, base(kafka)
                .numberOfMessagesBeforeRoundRobin(n).build(), "runs", 45);
        assertEquals(3, byPartition.size(), byPartition.toString());
        // Run k (the numbers 5k..5k+4) is on one partition, and run k+1 on the next one, in turn.
        int[] partitionOfRun = new int[9];
        byPartition.forEach((p, values) -> {
            assertEquals(15, values.size(), "partition " + p + ": " + values);
            for (int v : values) {
                partitionOfRun[v / n] = p;
            }
            for (int i = 0; i < values.size(); i += n) {
                int first = values.get(i);
                assertEquals(0, first % n, "partition " + p + " starts a run at " + first + ": " + values);
                for (int j = 1; j < n; j++) {
                    assertEquals(first + j, values.get(i + j), "partition " + p + " holds whole runs: " + values);
                }
            }
        });
        for (int k = 1; k < 9; k++) {
            assertEquals((partitionOfRun[k - 1] + 1) % 3, partitionOfRun[k], "runs go round the partitions in turn: "
                    + byPartition);
        }
    }

    @Test
    void minInSyncReplicasSkipsAPartitionWhoseIsrIsTooSmallUnderAcksAll(EmbeddedKafkaCluster kafka) throws Exception {
        List<Integer> b = kafka.brokerIds();
        // Every partition led by the first broker; partition 1 alone has its follower on the third one.
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(b.get(0), b.get(1)), 1, List.of(b.get(0), b.get(2)),
                2, List.of(b.get(0), b.get(1)));
        kafka.createTopic("isr-checked", assignment);
        kafka.createTopic("isr-unchecked", assignment);
        kafka.stopBroker(b.get(2));
        try {
            Bounded.waitFor("partition 1 down to one in-sync replica", Duration.ofSeconds(60), () -> isr(kafka,
                    "isr-checked", 1) == 1 && isr(kafka, "isr-unchecked", 1) == 1);
            Map<Integer, List<Integer>> checked = produceNumbers(kafka, base(kafka).requiredAcks(RequiredAcks.ALL)
                    .minInSyncReplicas(2).build(), "isr-checked", 30);
            assertEquals(List.of(0, 2), List.copyOf(checked.keySet()), "partition 1 has one in-sync replica: "
                    + checked);
            Map<Integer, List<Integer>> unchecked = produceNumbers(kafka, base(kafka).requiredAcks(RequiredAcks.ALL)
                    .build(), "isr-unchecked", 30);
            assertEquals(List.of(0, 1, 2), List.copyOf(unchecked.keySet()), "without the check every partition is"
                    + " used: " + unchecked);
        } finally {
            kafka.restartBroker(b.get(2));
        }
    }

    @Test
    void globalBatchingUsesOneBatcherForThePartitionsOfEveryBrokerAndByNodeOnePerBroker(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("batched", 3, 1);
        assertEquals(3, java.util.stream.IntStream.range(0, 3).map(p -> kafka.leaderOf("batched", p)).distinct()
                .count(), "the three partitions have three different leaders");
        assertEquals(List.of("batcher"), batchers(kafka, BatchStrategy.GLOBAL));
        assertEquals(List.of("batcher-node-" + kafka.brokerIds().get(0), "batcher-node-" + kafka.brokerIds().get(1),
                "batcher-node-" + kafka.brokerIds().get(2)), batchers(kafka, BatchStrategy.BY_NODE));
    }

    /** Produces to every partition of "batched" under a strategy and names the batcher actors the router made. */
    private static List<String> batchers(EmbeddedKafkaCluster kafka, BatchStrategy strategy) throws Exception {
        ActorTestKit kit = ActorTestKit.create();
        try (ClusterClient client = ClusterClient.create(base(kafka).batchStrategy(strategy).build(), kit.system())) {
            for (int i = 0; i < 30; i++) {
                client.produce("batched", null, new byte[] {(byte) i});
            }
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            TestProbe<ActorIdentity> probe = kit.createTestProbe();
            Adapter.toClassic(kit.system()).actorSelection("/system/kafka-driver-*/produce-router/*")
                    .tell(new Identify("batchers"), Adapter.toClassic(probe.ref()));
            List<String> names = new ArrayList<>();
            ActorIdentity id;
            while ((id = probe.expectMessageClass(ActorIdentity.class, Duration.ofSeconds(10))) != null) {
                id.getActorRef().ifPresent(ref -> names.add(ref.path().name()));
                if (names.size() == (strategy == BatchStrategy.GLOBAL ? 1 : 3)) {
                    break;
                }
            }
            probe.expectNoMessage(Duration.ofMillis(300)); // and no other batcher
            java.util.Collections.sort(names);
            return names;
        } finally {
            kit.shutdownTestKit();
        }
    }

    private static int isr(EmbeddedKafkaCluster kafka, String topic, int partition) {
        try {
            return kafka.admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().get(partition).isr().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
