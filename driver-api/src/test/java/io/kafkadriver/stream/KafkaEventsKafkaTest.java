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
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.GroupPartitions;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event sources against a real broker: each event once, and a clear failure when the buffer overflows. */
@KafkaClusterTest(brokers = 1)
class KafkaEventsKafkaTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "event-streams");
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @Test
    void discardsAndAcknowledgementsAreEachSeenOnce(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: a buffer of 10 records under DISCARD with a 5 s linger: of 100 records produced at once, 10 wait
        // for their batch and 90 are discarded. The discard source sees each of the 90 once; after a flush the
        // acknowledgement source counts the 10.
        String topic = "events-discard";
        kafka.createTopic(topic, 1, 1);
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .maxBufferedMessages(10).overflowStrategy(OverflowStrategy.DISCARD)
                .produceBufferingTime(Duration.ofSeconds(5)).build())) {
            List<UndeliveredMessage> discarded = new CopyOnWriteArrayList<>();
            List<ProduceAcknowledgement> acked = new CopyOnWriteArrayList<>();
            KafkaEvents.discarded(client, 1000).runWith(Sink.foreach(discarded::add), system);
            KafkaEvents.acknowledged(client, 1000).runWith(Sink.foreach(acked::add), system);
            // Registered by the time runWith returns: materialization runs the mapMaterializedValue function.
            int admitted = 0;
            for (int i = 0; i < 100; i++) {
                admitted += client.produce(topic, null, OracleClient.utf8("v" + i)) ? 1 : 0;
            }
            assertEquals(10, admitted);
            Bounded.waitFor("90 discards", BOUND, () -> discarded.size() >= 90);
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Bounded.waitFor("10 acknowledged", BOUND, () -> acked.stream().mapToInt(ProduceAcknowledgement::count)
                    .sum() >= 10);
            assertFalse(Bounded.waitUntil(Duration.ofMillis(200), () -> discarded.size() > 90
                    || acked.stream().mapToInt(ProduceAcknowledgement::count).sum() > 10), "nothing twice");
            Set<String> values = discarded.stream().map(u -> OracleClient.text(u.record().value()))
                    .collect(Collectors.toSet());
            assertEquals(90, values.size(), "each discarded record once");
        }
    }

    @Test
    void assignmentsAndRevocationsAreEachSeenOnce(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "events-group";
        kafka.createTopic(topic, 3, 1);
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .build())) {
            List<GroupPartitions> assigned = new CopyOnWriteArrayList<>();
            List<GroupPartitions> revoked = new CopyOnWriteArrayList<>();
            CompletionStage<Done> a = KafkaEvents.partitionsAssigned(client, 16).runWith(Sink.foreach(assigned::add),
                    system);
            CompletionStage<Done> r = KafkaEvents.partitionsRevoked(client, 16).runWith(Sink.foreach(revoked::add),
                    system);
            client.subscribe("events-group", List.of(topic), ConsumerGroupConfiguration.builder()
                    .sessionTimeout(Duration.ofSeconds(6)).heartbeatInterval(Duration.ofMillis(500)).build());
            Bounded.waitFor("the assignment", BOUND, () -> !assigned.isEmpty());
            client.unsubscribe("events-group").toCompletableFuture().get(30, TimeUnit.SECONDS);
            Bounded.waitFor("the revocation", BOUND, () -> !revoked.isEmpty());
            assertFalse(Bounded.waitUntil(Duration.ofMillis(200), () -> assigned.size() > 1 || revoked.size() > 1));
            Set<TopicPartition> all = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            assertEquals(List.of(new GroupPartitions("events-group", all)), assigned);
            assertEquals(List.of(new GroupPartitions("events-group", all)), revoked);
            assertFalse(a.toCompletableFuture().isDone());
            assertFalse(r.toCompletableFuture().isDone());
        }
    }

    @Test
    void anOverflowingBufferFailsTheSourceNamingItsSize(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: a discard source with a buffer of 2 whose downstream never finishes its first element; 50 discards
        // overflow it and the source fails with EventBufferOverflowException naming the size.
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .maxBufferedMessages(1).overflowStrategy(OverflowStrategy.DISCARD)
                .produceBufferingTime(Duration.ofSeconds(5)).build())) {
            CompletionStage<Done> done = KafkaEvents.discarded(client, 2)
                    .mapAsync(1, u -> new CompletableFuture<Done>())
                    .runWith(Sink.ignore(), system);
            kafka.createTopic("events-overflow", 1, 1);
            Bounded.waitFor("the overflow", BOUND, () -> {
                for (int i = 0; i < 50; i++) {
                    client.produce("events-overflow", null, OracleClient.utf8("v" + i));
                }
                return done.toCompletableFuture().isDone();
            });
            ExecutionException e = Assertions.assertThrows(ExecutionException.class,
                    () -> done.toCompletableFuture().get(1, TimeUnit.SECONDS));
            EventBufferOverflowException overflow = assertInstanceOf(EventBufferOverflowException.class,
                    e.getCause());
            assertTrue(overflow.getMessage().contains("buffer of 2 events"), overflow.getMessage());
        }
    }
}
