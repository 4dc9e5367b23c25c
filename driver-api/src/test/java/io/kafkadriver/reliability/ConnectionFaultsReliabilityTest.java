package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.FaultProxy;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.RecordLedger;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the network misbehaving between the driver and healthy brokers, through one {@link FaultProxy} per
 * broker (3 brokers, RF=3, acks=all, idempotence on): connections dropped again and again, a broker black-holed, answers
 * slower than the request timeout, connections cut in the middle of an answer, a byte flipped in fetched data. A
 * steady producer and a consumer from earliest both go through the proxies; the official client reads the topic
 * directly.
 */
@KafkaClusterTest(brokers = 3, proxied = true)
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class ConnectionFaultsReliabilityTest {
    private static final int PARTITIONS = 6;
    private static final int RATE = 2_000;

    private final EmbeddedKafkaCluster kafka;

    ConnectionFaultsReliabilityTest(EmbeddedKafkaCluster kafka) {
        this.kafka = kafka;
    }

    @AfterEach
    void heal() {
        kafka.brokerIds().forEach(id -> kafka.proxy(id).passThrough());
    }

    private ConfigurationBuilder proxied() {
        return Reliability.config(kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED))
                .requestTimeout(Duration.ofSeconds(2)).clientRequestTimeout(Duration.ofSeconds(3));
    }

    /** What a scenario does to the proxies while the producer and the consumer run. */
    private interface Fault {
        void play(ProduceRun run) throws Exception;
    }

    private void scenario(String topic, String name, String covers, Fault fault) throws Exception {
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient client = ClusterClient.create(proxied().build());
             ClusterClient consumer = ClusterClient.create(proxied().build());
             ProduceRun run = new ProduceRun(name, client, topic);
             DeliveryLog log = new DeliveryLog(name, consumer, topic)) {
            consumer.consumeFromEarliest(topic);
            run.startSteady(RATE);
            run.awaitAcknowledgements(RATE, PHASE);
            run.markFault();
            fault.play(run);
            heal();
            run.awaitAcknowledgements(RATE, PHASE);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            Reliability.verdict(covers, r, c, () -> {
                r.assertSound(true, false);
                c.assertSound(false);
            });
        }
    }

    private void everyProxy(Consumer<FaultProxy> action) {
        kafka.brokerIds().forEach(id -> action.accept(kafka.proxy(id)));
    }

    @Test
    void connectionsDroppedEveryFewSeconds() throws Exception {
        // Flow: five times, once another 1.5 s worth of records is acknowledged, every connection of every broker
        // is closed at once.
        scenario("rel-drops", "connections dropped every few seconds", "connection drops", run -> {
            long before = accepted();
            for (int i = 0; i < 5; i++) {
                everyProxy(FaultProxy::dropConnections);
                run.awaitAcknowledgements(3L * RATE / 2, PHASE);
            }
            assertTrue(accepted() - before >= 5, "the driver reconnected after the drops");
        });
    }

    @Test
    void aBlackHoledBroker() throws Exception {
        // Flow: broker 1's proxy swallows every byte both ways (its connections look alive) until 4 s worth of
        // records is acknowledged by the others; requests to it time out (2 s) and are retried.
        scenario("rel-blackhole", "a black-holed broker", "black hole", run -> {
            kafka.proxy(1).blackHole();
            run.awaitAcknowledgements(4L * RATE, PHASE);
        });
    }

    @Test
    void answersSlowerThanTheRequestTimeout() throws Exception {
        // Flow: every chunk to and from broker 2 waits 3 s, beyond the 2 s request timeout: requests reach the
        // broker and are written, their answers come too late; the retries must not write them twice.
        scenario("rel-latency", "latency beyond the request timeout", "latency > request timeout", run -> {
            kafka.proxy(2).latency(Duration.ofSeconds(3));
            run.awaitAcknowledgements(4L * RATE, PHASE);
        });
    }

    @Test
    void connectionsCutInTheMiddleOfAnAnswer() throws Exception {
        // Flow: each connection is cut after 3,000 bytes of answers, mid-frame, for 5 s worth of records.
        scenario("rel-cut", "connections cut mid-response", "cut mid-response", run -> {
            everyProxy(p -> p.cutAfter(FaultProxy.Direction.SERVER_TO_CLIENT, 3_000));
            run.awaitAcknowledgements(5L * RATE, PHASE);
        });
    }

    @Test
    void aByteFlippedInTheAnswers() throws Exception {
        // Flow: a 60,000-record backlog (written directly), read through the proxies by a slow consumer while byte
        // 20,000 of every connection's answers is flipped: that byte lies in the records of a large fetch answer,
        // whose checksum catches it; the partition is fetched again. Connections are dropped three times during the
        // read, so that new ones are damaged too. Every record once, in order, unaltered. (Kafka answers carry no
        // checksum outside the record batches: a flip in a small answer's other fields cannot be told from a true
        // answer by any client, so the producer of this scenario does not go through the proxies.)
        String topic = "rel-corrupt";
        kafka.createTopic(topic, PARTITIONS, 3);
        try (ClusterClient producer = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("a corrupted byte in a response (backlog)", producer, topic)) {
            run.produce(60_000);
            run.finish(kafka, PHASE).assertSound(true, false);
        }
        long before = corrupted();
        everyProxy(p -> p.corruptByteAt(FaultProxy.Direction.SERVER_TO_CLIENT, 20_000));
        try (LogCapture logs = new LogCapture();
             ClusterClient consumer = ClusterClient.create(proxied().build());
             DeliveryLog log = new DeliveryLog("a corrupted byte in a response", consumer, topic, 50_000)) {
            consumer.consumeFromEarliest(topic);
            for (int i = 1; i <= 3; i++) {
                log.awaitAtLeast(15_000 * i, PHASE);
                everyProxy(FaultProxy::dropConnections);
            }
            DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
            long flipped = corrupted() - before;
            Reliability.verdict("corrupt byte", null, c, () -> {
                c.assertSound(false);
                assertTrue(flipped >= 3, "bytes were flipped: " + flipped);
                assertTrue(logs.any("CRC mismatch"), "a damaged answer was caught by its checksum");
            });
        }
    }

    private long accepted() {
        return kafka.brokerIds().stream().mapToLong(id -> kafka.proxy(id).acceptedConnections()).sum();
    }

    private long corrupted() {
        return kafka.brokerIds().stream().mapToLong(id -> kafka.proxy(id).corruptedBytes()).sum();
    }
}
