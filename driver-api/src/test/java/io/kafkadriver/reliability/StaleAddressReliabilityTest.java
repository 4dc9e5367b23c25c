package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.FaultProxy;
import io.kafkadriver.testkit.OracleClient;
import io.kafkadriver.testkit.RecordLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, field failure F5: brokers that move. A broker restarted behind the same advertised name (its proxy
 * pointed at the new port, as a rescheduled pod behind its DNS name), and a whole cluster replaced by another one
 * behind the seed address (the driver must drop the brokers it knew and bootstrap again from the seeds).
 */
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class StaleAddressReliabilityTest {
    private static final int PARTITIONS = 4;
    private static final int RATE = 1_000;
    /** Records written to each partition of the replacement cluster first, so its offsets differ from the old one's. */
    private static final int OFFSET_GAP = 5_000;

    @Test
    void f5BrokerRestartedOnANewPortUnderTheSameAdvertisedName() throws Exception {
        // Flow: 3 brokers advertised through their proxies; broker 1 is stopped and started again on another port,
        // its proxy (the name the driver knows) pointed at it.
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).proxied().start()) {
            String topic = "rel-f5-moved";
            kafka.createTopic(topic, PARTITIONS, 3);
            try (ClusterClient client = ClusterClient.create(Reliability.config(
                    kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED)).build());
                 ProduceRun run = new ProduceRun("F5 broker moved under its name", client, topic)) {
                run.startSteady(RATE);
                run.awaitAcknowledgements(RATE, PHASE);
                run.markFault();
                kafka.stopBroker(1);
                run.awaitAcknowledgements(RATE, PHASE);
                kafka.restartBroker(1);
                kafka.electPreferredLeaders(topic, PARTITIONS);
                run.awaitAcknowledgements(2L * RATE, PHASE);
                RecordLedger.Report r = run.finish(kafka, PHASE);
                Reliability.verdict("F5 (same name, new port)", r, null, () -> r.assertSound(true, false));
            }
        }
    }

    @Test
    void f5EveryBrokerReplacedTheDriverBootstrapsAgainFromTheSeeds() throws Exception {
        // Flow: the seed is a proxy (a load balancer's name) in front of cluster A, whose broker is advertised at
        // its own proxy. Under a steady producer, A's broker goes silent, then cluster A is gone for good and the
        // seed leads to cluster B, whose broker is advertised elsewhere. Every broker the driver knew is dead; it
        // must bootstrap again from the seed and go on producing into B.
        String topic = "rel-f5-replaced";
        try (EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().start()) {
            b.createTopic(topic, PARTITIONS, 1);
            fill(b, topic);
            List<ConsumerRecord<byte[], byte[]>> content = new ArrayList<>();
            EmbeddedKafkaCluster a = EmbeddedKafkaCluster.builder().proxied().start();
            // Through A's own proxy, so that A answers on its proxied listener and advertises the proxy's address.
            try (FaultProxy seed = FaultProxy.forAddress(a.proxy(0).address());
                 ClusterClient client = ClusterClient.create(Reliability.config(seed.address())
                         .requestTimeout(Duration.ofSeconds(2)).clientRequestTimeout(Duration.ofSeconds(3)).build());
                 ProduceRun run = new ProduceRun("F5 every broker replaced", client, topic)) {
                a.createTopic(topic, PARTITIONS, 1);
                run.startSteady(RATE);
                run.awaitAcknowledgements(RATE, PHASE);
                a.proxy(0).blackHole(); // nothing more is acknowledged by A from here on
                content.addAll(new OracleClient(a.clientConfig(EmbeddedKafkaCluster.PLAINTEXT), PHASE)
                        .readToEnd(topic));
                run.markFault();
                a.close();
                String[] hostPort = b.bootstrapServers().split(":");
                seed.setTarget(hostPort[0], Integer.parseInt(hostPort[1]));
                run.awaitAcknowledgements(2L * RATE, PHASE);
                run.stop();
                client.flush().toCompletableFuture().get(PHASE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                io.kafkadriver.testkit.Bounded.waitUntil(PHASE, () -> run.ledger().pending() == 0);
                for (ConsumerRecord<byte[], byte[]> r : new OracleClient(b.clientConfig(
                        EmbeddedKafkaCluster.PLAINTEXT), PHASE).readToEnd(topic)) {
                    if (r.offset() >= OFFSET_GAP) {
                        content.add(r);
                    }
                }
                RecordLedger.Report r = run.ledger().reconcile(content);
                Reliability.verdict("F5 (every broker replaced)", r, null, () -> {
                    r.assertSound(true, true);
                    assertTrue(r.acknowledged() > content.stream().filter(c -> c.offset() < OFFSET_GAP).count(),
                            "records were acknowledged by the new cluster: " + r);
                });
            } finally {
                a.close();
            }
        }
    }

    /** Writes OFFSET_GAP one-byte records to each partition of the replacement cluster's topic. */
    private static void fill(EmbeddedKafkaCluster b, String topic) {
        List<ProducerRecord<byte[], byte[]>> filler = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < OFFSET_GAP; i++) {
                filler.add(new ProducerRecord<>(topic, p, null, new byte[] {1}));
            }
        }
        new OracleClient(b.bootstrapServers()).produce(filler, "none");
    }
}
