/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer sources against a real broker: backpressure down to the fetch budget, a {@code Flow.Publisher} that
 * honours {@code request(n)}, committable group sources that drain and land their final commit (plain and per
 * partition), and batched commits at a high rate.
 */
@KafkaClusterTest(brokers = 1)
class KafkaSourceKafkaTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "source-streams");
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private static ConfigurationBuilder config(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200));
    }

    private static ConsumerGroupConfiguration group() {
        return ConsumerGroupConfiguration.builder().sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500)).rebalanceTimeout(Duration.ofSeconds(10)).build();
    }

    /** Writes {@code perPartition} records of {@code size} bytes to each partition with the official client. */
    private static void write(EmbeddedKafkaCluster kafka, String topic, int partitions, int perPartition, int size) {
        kafka.createTopic(topic, partitions, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < partitions * perPartition; i++) {
            byte[] value = new byte[size];
            value[0] = (byte) i;
            records.add(new ProducerRecord<>(topic, i % partitions, null, value));
        }
        new OracleClient(kafka.bootstrapServers()).produce(records, "none");
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Long> committed(EmbeddedKafkaCluster kafka, String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                    .listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> out.put(new TopicPartition(tp.topic(), tp.partition()), o.offset()));
            return out;
        }
    }

    @Test
    void aThrottledDownstreamKeepsTheDriverWithinItsFetchBudget(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: 30 MB in 3 partitions, a 2 MB fetch budget, a source with a buffer of 100 and a downstream taking
        // 10,000 records/s. The driver's buffered bytes never pass the budget (plus one fetch's worth), and well
        // into the run it still holds records: the source did not take them from it (backpressure reached it).
        String topic = "source-backpressure";
        int perPartition = 10_000;
        write(kafka, topic, 3, perPartition, 1024);
        long budget = 2L << 20;
        int fetchMax = 256 << 10;
        try (ClusterClient client = ClusterClient.create(config(kafka).consumerFetchBufferBytes(budget)
                .fetchMessageMaxBytes(fetchMax).build())) {
            int total = 3 * perPartition;
            AtomicLong maxBuffered = new AtomicLong();
            AtomicInteger seen = new AtomicInteger();
            List<Long> late = new CopyOnWriteArrayList<>();
            Map<Integer, Long> next = new ConcurrentHashMap<>();
            AtomicInteger outOfOrder = new AtomicInteger();
            Pair<Control, CompletionStage<Done>> running = KafkaSource.topic(client, topic,
                            new KafkaDriver.StartFrom.Earliest(), ConsumerSettings.defaults().withBufferSize(100))
                    .throttle(10_000, Duration.ofSeconds(1))
                    .map(m -> {
                        long buffered = client.fetchedBytesBuffered();
                        maxBuffered.accumulateAndGet(buffered, Math::max);
                        int n = seen.incrementAndGet();
                        if (n > total / 2 && n < total * 3 / 4) {
                            late.add(buffered);
                        }
                        Long expected = next.put(m.partition(), m.offset() + 1);
                        if (expected != null && expected != m.offset()) {
                            outOfOrder.incrementAndGet();
                        }
                        return m;
                    })
                    .take(total)
                    .toMat(Sink.ignore(), Keep.both()).run(system);
            get(running.second());
            assertEquals(total, seen.get());
            assertEquals(0, outOfOrder.get(), "each partition in offset order, no gap");
            assertTrue(maxBuffered.get() <= budget + fetchMax, "buffered " + maxBuffered.get() + " > budget " + budget);
            assertTrue(late.stream().filter(b -> b > 0).count() > late.size() / 2,
                    "the driver still held fetched records in the middle of the run: " + late.size() + " samples");
            get(running.first().isShutdown());
        }
    }

    @Test
    void aPublisherHonoursRequest(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "source-publisher";
        write(kafka, topic, 1, 1000, 16);
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            Flow.Publisher<ReceivedMessage> publisher = KafkaPublishers.topic(client, topic,
                    new KafkaDriver.StartFrom.Earliest(), ConsumerSettings.defaults());
            AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
            AtomicLong requested = new AtomicLong();
            AtomicInteger received = new AtomicInteger();
            AtomicInteger overRequested = new AtomicInteger();
            publisher.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription.set(s);
                }

                @Override
                public void onNext(ReceivedMessage item) {
                    if (received.incrementAndGet() > requested.get()) {
                        overRequested.incrementAndGet();
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });
            Bounded.waitFor("the subscription", BOUND, () -> subscription.get() != null);
            requested.set(10);
            subscription.get().request(10);
            Bounded.waitFor("10 records", BOUND, () -> received.get() == 10);
            // The source holds up to 1,000 records ready: an eleventh would come at once if it were sent unasked.
            assertFalse(Bounded.waitUntil(Duration.ofMillis(300), () -> received.get() > 10));
            requested.addAndGet(990);
            subscription.get().request(990);
            Bounded.waitFor("all 1,000 records", BOUND, () -> received.get() == 1000);
            assertEquals(0, overRequested.get(), "never more than requested");
            subscription.get().cancel();
        }
    }

    @Test
    void drainAndShutdownOfACommittableSourceLandsTheFinalCommit(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: a committable source processes part of 4 x 1,000 records, then drainAndShutdown: the records in
        // flight are processed, the final commit lands (the admin client sees the offset after the last processed
        // record of each partition), the member leaves; a fresh member resumes exactly there: nothing repeated,
        // nothing skipped.
        String topic = "source-drain";
        write(kafka, topic, 4, 1000, 16);
        String groupId = "drain-group";
        Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            Pair<Control, CompletionStage<Done>> running = KafkaSource.committable(client,
                            GroupSubscription.topics(groupId, List.of(topic), group()),
                            ConsumerSettings.defaults().withBufferSize(50))
                    .throttle(2000, Duration.ofSeconds(1))
                    .map(m -> {
                        processed.merge(m.offset().topicPartition(), m.offset().offset(), Math::max);
                        count.incrementAndGet();
                        return m.offset();
                    })
                    .toMat(Committer.sink(CommitterSettings.defaults().withMaxBatch(100)
                            .withMaxInterval(Duration.ofMillis(200))), Keep.both())
                    .run(system);
            Bounded.waitFor("1,000 records processed", BOUND, () -> count.get() >= 1000);
            get(running.first().drainAndShutdown(running.second()));
            assertTrue(count.get() < 4000, "stopped before the end: " + count.get());
            assertEquals(processed, committed(kafka, groupId), "the final commit is the last processed offsets");
        }
        // A fresh member of the group resumes after the commit.
        Map<TopicPartition, Long> first = new ConcurrentHashMap<>();
        AtomicInteger rest = new AtomicInteger();
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            Pair<Control, CompletionStage<Done>> running = KafkaSource.group(client,
                            GroupSubscription.topics(groupId, List.of(topic), group()), ConsumerSettings.defaults())
                    .map(m -> {
                        first.putIfAbsent(new TopicPartition(m.topic(), m.partition()), m.offset());
                        rest.incrementAndGet();
                        return m;
                    })
                    .toMat(Sink.ignore(), Keep.both()).run(system);
            Bounded.waitFor("the rest of the records", BOUND, () -> count.get() + rest.get() >= 4000);
            get(running.first().shutdown());
            assertEquals(4000, count.get() + rest.get(), "nothing repeated");
            // A partition consumed to its end in the first run has nothing left to resume with.
            processed.forEach((tp, offset) -> assertEquals(offset < 1000 ? offset : null, first.get(tp),
                    "resumed at the commit of " + tp));
        }
    }

    @Test
    void drainAndShutdownOfAPartitionedSourceCompletesEverySubStream(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow: a committable per-partition source over 4 partitions; each sub-stream is merged into one committer.
        // drainAndShutdown completes every sub-stream, lands the final commit and leaves the group.
        String topic = "source-partitioned";
        write(kafka, topic, 4, 1000, 16);
        String groupId = "partitioned-group";
        Map<TopicPartition, Long> processed = new ConcurrentHashMap<>();
        Map<TopicPartition, CompletionStage<Done>> subStreams = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            Pair<Control, CompletionStage<Done>> running = KafkaSource.committablePartitioned(client,
                            GroupSubscription.topics(groupId, List.of(topic), group()),
                            ConsumerSettings.defaults().withBufferSize(20))
                    .flatMapMerge(16, pair -> pair.second()
                            .throttle(500, Duration.ofSeconds(1))
                            .watchTermination((mat, done) -> {
                                subStreams.put(pair.first(), done);
                                return NotUsed.notUsed();
                            }))
                    .map(m -> {
                        processed.merge(m.offset().topicPartition(), m.offset().offset(), Math::max);
                        count.incrementAndGet();
                        return m.offset();
                    })
                    .toMat(Committer.sink(CommitterSettings.defaults().withMaxInterval(Duration.ofMillis(200))),
                            Keep.both())
                    .run(system);
            Bounded.waitFor("every partition's sub-stream and 400 records", BOUND,
                    () -> subStreams.size() == 4 && count.get() >= 400);
            get(running.first().drainAndShutdown(running.second()));
            for (Map.Entry<TopicPartition, CompletionStage<Done>> e : subStreams.entrySet()) {
                assertTrue(e.getValue().toCompletableFuture().isDone(), e.getKey() + "'s sub-stream completed");
            }
            assertTrue(count.get() < 4000, "stopped before the end: " + count.get());
            assertEquals(processed, committed(kafka, groupId), "the final commit is the last processed offsets");
        }
    }

    @Test
    void aCommittableSourceAtAHighRateCommitsInBatches(EmbeddedKafkaCluster kafka) throws Exception {
        // Flow (F15): 200,000 records through a committable source into Committer.flow; every one is consumed, the
        // commits number far fewer than the records (one in flight, the rest merged), the last lands at the end.
        String topic = "source-rate";
        int perPartition = 50_000;
        write(kafka, topic, 4, perPartition, 8);
        int total = 4 * perPartition;
        String groupId = "rate-group";
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> allSeen = new CompletableFuture<>();
        try (ClusterClient client = ClusterClient.create(config(kafka).build())) {
            long start = System.nanoTime();
            Pair<Control, CompletionStage<Integer>> running = KafkaSource.committable(client,
                            GroupSubscription.topics(groupId, List.of(topic), group()), ConsumerSettings.defaults())
                    .map(m -> {
                        if (count.incrementAndGet() == total) {
                            allSeen.complete(null);
                        }
                        return m.offset();
                    })
                    .via(Committer.flow(CommitterSettings.defaults().withMaxBatch(5000)))
                    .toMat(Sink.fold(0, (n, d) -> n + 1), Keep.both())
                    .run(system);
            allSeen.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            int commits = get(running.first().drainAndShutdown(running.second()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(total, count.get());
            assertTrue(commits >= 1 && commits * 100 < total, commits + " commits for " + total + " records");
            Map<TopicPartition, Long> committed = committed(kafka, groupId);
            for (int p = 0; p < 4; p++) {
                assertEquals((long) perPartition, committed.get(new TopicPartition(topic, p)), "partition " + p);
            }
            System.out.println("committable source: " + total + " records in " + ms + " ms, " + commits
                    + " commits");
        }
    }
}
