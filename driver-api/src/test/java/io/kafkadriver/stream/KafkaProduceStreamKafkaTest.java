/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KafkaSink} and {@link KafkaFlow} against a real broker, read back with the official client. */
@KafkaClusterTest(brokers = 1)
class KafkaProduceStreamKafkaTest {
    private static final long WAIT_S = 60;
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "produce-streams");
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private static io.kafkadriver.api.ConfigurationBuilder config(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    private static ProducerRecord record(String topic, int i) {
        return ProducerRecord.of(topic, OracleClient.utf8("k" + i), OracleClient.utf8("v" + i));
    }

    @Test
    void theSinkCompletesOnceEveryRecordIsAcknowledged(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: 20,000 records through a sink with a 5 s linger (the default); the sink's completion comes once all
        // are acknowledged, without waiting out the linger of the last batch; the official client reads them back.
        String topic = "stream-sink";
        kafka.createTopic(topic, 3, 1);
        int n = 20_000;
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            long start = System.nanoTime();
            Source.range(0, n - 1).map(i -> record(topic, i))
                    .runWith(KafkaSink.create(client, ProducerSettings.defaults().withParallelism(500)), system)
                    .toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(0, client.bufferedRecords(), "every record was settled when the sink completed");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "no linger wait per window");
        }
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(kafka.bootstrapServers()).readAll(topic, n);
        assertEquals(n, read.size());
        assertEquals(n, read.stream().map(r -> OracleClient.text(r.value())).distinct().count());
    }

    @Test
    void theFlowEmitsResultsInInputOrderWithPassThroughAndOffsets(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "stream-flow";
        kafka.createTopic(topic, 4, 1);
        int n = 10_000;
        List<ProducerResult<Integer>> results;
        try (ClusterClient client = ClusterClient.create(config(kafka).produceBufferingTime(Duration.ofMillis(5))
                .build())) {
            results = Source.range(0, n - 1).map(i -> ProducerEnvelope.of(record(topic, i), i))
                    .via(KafkaFlow.<Integer>flow(client, ProducerSettings.defaults().withParallelism(100)))
                    .runWith(Sink.seq(), system).toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
        }
        assertEquals(n, results.size());
        Map<String, Integer> byPosition = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ProducerResult<Integer> r = results.get(i);
            assertEquals(i, r.passThrough(), "in input order");
            assertTrue(r.succeeded());
            assertEquals(topic, r.topic());
            byPosition.put(r.partition() + "@" + r.offset(), i);
        }
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(kafka.bootstrapServers()).readAll(topic, n);
        assertEquals(n, read.size());
        for (ConsumerRecord<byte[], byte[]> r : read) {
            Integer i = byPosition.get(r.partition() + "@" + r.offset());
            assertEquals("v" + i, OracleClient.text(r.value()), "the result's partition and offset hold its record");
        }
    }

    @Test
    void failuresFailTheFlowOrComeOutAsResults(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: records to a topic that does not exist expire after the 500 ms TTL. flow() fails with the
        // ProduceFailedException; flowWithFailures() emits a failed result per record, in order, and completes.
        try (ClusterClient client = ClusterClient.create(config(kafka).messageTtl(Duration.ofMillis(500)).build())) {
            List<ProducerResult<Integer>> results = Source.range(0, 9)
                    .map(i -> ProducerEnvelope.of(record("stream-no-such-topic", i), i))
                    .via(KafkaFlow.<Integer>flowWithFailures(client, ProducerSettings.defaults()))
                    .runWith(Sink.seq(), system).toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(10, results.size());
            for (int i = 0; i < 10; i++) {
                assertEquals(i, results.get(i).passThrough());
                assertFalse(results.get(i).succeeded());
                assertTrue(results.get(i).failure().expired(), results.get(i).failure().getMessage());
                assertEquals(-1, results.get(i).offset());
            }
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                    Source.range(0, 9).map(i -> record("stream-no-such-topic", i))
                            .runWith(KafkaSink.create(client), system).toCompletableFuture()
                            .get(WAIT_S, TimeUnit.SECONDS));
            assertInstanceOf(ProduceFailedException.class, e.getCause());
        }
    }
}
