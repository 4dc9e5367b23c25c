package io.kafkadriver.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actor.KafkaDriver.ProduceResult;
import io.kafkadriver.actors.produce.ProduceRouterActor;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.internal.DriverBehavior;
import io.kafkadriver.api.internal.Engine;
import io.kafkadriver.testkit.ConsumeAudit;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The driver as a Behavior in an actor system the application owns: produce with acknowledgements to an
 * {@code ActorRef}, flush, stop with the system left running, a parent supervisor restarting it after a child failed
 * with every record answered, and {@code ClusterClient.create(config, system)}.
 */
@KafkaClusterTest(brokers = 1)
class KafkaDriverKafkaTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static ConfigurationBuilder config(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200)).produceBufferingTime(Duration.ofMillis(5));
    }

    private static byte[] value(int i) {
        return OracleClient.utf8("v" + i);
    }

    /** Records every batch the receiver gets in the audit until it holds {@code total} deliveries. */
    private static void receiveUntil(TestProbe<KafkaDriver.Records> receiver, ConsumeAudit audit, long total) {
        while (audit.received() < total) {
            receiver.expectMessageClass(KafkaDriver.Records.class, WAIT).records()
                    .forEach(m -> audit.record(m.partition(), m.offset()));
        }
    }

    /** Creates a topic and writes record i to partition i % partitions with the official client. */
    private static void writeNumbered(EmbeddedKafkaCluster kafka, String topic, int partitions, int perPartition,
                                      String codec) {
        kafka.createTopic(topic, partitions, 1);
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> written = new ArrayList<>();
        for (int i = 0; i < partitions * perPartition; i++) {
            written.add(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % partitions, null,
                    value(i)));
        }
        new OracleClient(kafka.bootstrapServers()).produce(written, codec);
    }

    @Test
    void producesWithAcknowledgementsToAnActorRefAndStopsLeavingTheSystemRunning(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("actor-acks", 1, 1);
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(KafkaDriver.create(config(kafka).build()), "driver-acks");
        TestProbe<ProduceResult> results = KIT.createTestProbe();
        int n = 200;
        for (int i = 0; i < n; i++) {
            driver.tell(new KafkaDriver.Produce("actor-acks", null, value(i), results.ref()));
        }
        Set<Long> offsets = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ProduceResult r = results.expectMessageClass(ProduceResult.class, WAIT);
            ProduceResult.Acknowledged ack = assertInstanceOf(ProduceResult.Acknowledged.class, r, r.toString());
            assertEquals("actor-acks", ack.topic());
            assertEquals(0, ack.partition());
            offsets.add(ack.offset());
        }
        assertEquals(n, offsets.size(), "one acknowledgement per record, each at its own offset");

        // Fire and forget, then a flush: answered once every record before it has its outcome.
        for (int i = n; i < 2 * n; i++) {
            driver.tell(new KafkaDriver.Produce("actor-acks", 0, null, value(i), null, null));
        }
        TestProbe<KafkaDriver.Flushed> flushed = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Flush(flushed.ref()));
        flushed.expectMessage(WAIT, KafkaDriver.Flushed.INSTANCE);
        List<ConsumerRecord<byte[], byte[]>> read = new OracleClient(kafka.bootstrapServers())
                .readAll("actor-acks", 2 * n);
        assertEquals(2 * n, read.size());
        for (int i = 0; i < 2 * n; i++) {
            assertEquals("v" + i, OracleClient.text(read.get(i).value()), "in produce order");
        }

        TestProbe<KafkaDriver.Stopped> stopped = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Stop(stopped.ref()));
        stopped.expectMessage(WAIT, KafkaDriver.Stopped.INSTANCE);
        stopped.expectTerminated(driver, WAIT);
        assertFalse(KIT.system().getWhenTerminated().toCompletableFuture().isDone(), "the user's system goes on");
    }

    @Test
    void aRecordThatCannotBeDeliveredIsAnsweredWithAFailure(EmbeddedKafkaCluster kafka) {
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(KafkaDriver.create(config(kafka)
                .messageTtl(Duration.ofSeconds(1)).build()), "driver-ttl");
        TestProbe<ProduceResult> results = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Produce("no-such-topic-here", null, value(1), results.ref()));
        ProduceResult.Failed failed = assertInstanceOf(ProduceResult.Failed.class,
                results.expectMessageClass(ProduceResult.class, WAIT));
        assertTrue(failed.expired(), failed.toString());
        assertTrue(failed.reason().contains("no-such-topic-here"), failed.reason());
        assertEquals("no-such-topic-here", failed.record().topic());
        KIT.stop(driver, WAIT);
    }

    @Test
    void aParentSupervisorRestartsTheDriverAfterAChildFailedAndEveryRecordIsAnswered(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("actor-restart", 1, 1);
        List<Engine> engines = new CopyOnWriteArrayList<>();
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(Behaviors.supervise(DriverBehavior.create(
                config(kafka).build(), engines::add)).onFailure(SupervisorStrategy.restart()), "driver-restart");
        TestProbe<ProduceResult> results = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Produce("actor-restart", null, value(0), results.ref()));
        assertInstanceOf(ProduceResult.Acknowledged.class, results.expectMessageClass(ProduceResult.class, WAIT));

        // A burst, with the produce router made to fail in the middle of it (a null metadata snapshot).
        int burst = 2_000;
        for (int i = 1; i <= burst; i++) {
            driver.tell(new KafkaDriver.Produce("actor-restart", null, value(i), results.ref()));
            if (i == burst / 2) {
                engines.get(0).produceRouter().tell(new ProduceRouterActor.MetadataUpdate(null));
            }
        }
        int acknowledged = 0;
        List<ProduceResult.Failed> failed = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            ProduceResult r = results.expectMessageClass(ProduceResult.class, WAIT);
            if (r instanceof ProduceResult.Acknowledged) {
                acknowledged++;
            } else {
                failed.add((ProduceResult.Failed) r);
            }
        }
        results.expectNoMessage(Duration.ofMillis(200));
        assertEquals(burst, acknowledged + failed.size(), "every record answered exactly once");
        io.kafkadriver.testkit.Bounded.waitFor("the driver's restart", WAIT, () -> engines.size() >= 2);
        // The restarted driver produces again.
        driver.tell(new KafkaDriver.Produce("actor-restart", null, value(-1), results.ref()));
        assertInstanceOf(ProduceResult.Acknowledged.class, results.expectMessageClass(ProduceResult.class, WAIT));
        // Every acknowledged record is there. (A batch in flight when its batcher stopped is reported as discarded,
        // though the broker may have written it: without idempotence that is the honest answer, not a loss.)
        int expected = 2 + acknowledged;
        assertTrue(new OracleClient(kafka.bootstrapServers()).readAll("actor-restart", expected).size() >= expected);
        KIT.stop(driver, WAIT);
    }

    @Test
    void aReceiverGetsNoMoreThanItGrantedWhileTheFetchBudgetStaysBounded(EmbeddedKafkaCluster kafka) {
        String topic = "actor-demand";
        int partitions = 2;
        int perPartition = 10_000;
        writeNumbered(kafka, topic, partitions, perPartition, "lz4");
        long budget = 256 * 1024;
        List<Engine> engines = new CopyOnWriteArrayList<>();
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(DriverBehavior.create(config(kafka)
                .consumerFetchBufferBytes(budget).fetchMessageMaxBytes(64 * 1024).build(), engines::add),
                "driver-demand");
        TestProbe<KafkaDriver.Records> receiver = KIT.createTestProbe();
        ConsumeAudit audit = ConsumeAudit.fromZero(partitions, perPartition);
        driver.tell(new KafkaDriver.Consume(topic, -1, new KafkaDriver.StartFrom.Earliest(), receiver.ref(), 100));
        int got = 0;
        while (got < 100) {
            KafkaDriver.Records r = receiver.expectMessageClass(KafkaDriver.Records.class, WAIT);
            assertTrue(r.records().size() <= 100 - got, r.records().size() + " records with " + (100 - got)
                    + " granted");
            got += r.records().size();
            r.records().forEach(m -> audit.record(m.partition(), m.offset()));
        }
        receiver.expectNoMessage(Duration.ofMillis(300)); // exactly what was granted, nothing more
        long used = engines.get(0).fetchBudget().used();
        assertTrue(used > 0 && used <= budget, "the undelivered chunks keep their bytes reserved, within the budget: "
                + used + " of " + budget + " bytes");

        driver.tell(new KafkaDriver.Demand(topic, partitions * perPartition - 100));
        receiveUntil(receiver, audit, partitions * perPartition);
        assertEquals(List.of(), audit.problems());
        receiver.expectNoMessage(Duration.ofMillis(100));
        KIT.stop(driver, WAIT);
    }

    @Test
    void anOffsetResetReachesAnEventSubscriberAndConsumptionGoesOn(EmbeddedKafkaCluster kafka) {
        String topic = "actor-reset";
        kafka.createTopic(topic, 1, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 30, "none");
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(KafkaDriver.create(config(kafka)
                .autoOffsetReset(io.kafkadriver.api.AutoOffsetReset.EARLIEST).build()), "driver-reset");
        TestProbe<KafkaDriver.Event> events = KIT.createTestProbe();
        driver.tell(new KafkaDriver.SubscribeEvents(events.ref()));
        TestProbe<KafkaDriver.Records> receiver = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Consume(topic, 0, new KafkaDriver.StartFrom.AtOffset(5_000), receiver.ref(),
                1_000));
        KafkaDriver.Event.OffsetReset reset = assertInstanceOf(KafkaDriver.Event.OffsetReset.class,
                events.expectMessageClass(KafkaDriver.Event.class, WAIT));
        assertEquals(new io.kafkadriver.api.OffsetOutOfRange(topic, 0, 5_000, 0), reset.reset());
        List<Long> offsets = new ArrayList<>();
        while (offsets.size() < 30) {
            receiver.expectMessageClass(KafkaDriver.Records.class, WAIT).records().forEach(m -> offsets.add(m
                    .offset()));
        }
        assertEquals(0L, offsets.get(0));
        assertEquals(29L, offsets.get(29));

        // Pause, produce more, nothing arrives; resume, it does.
        driver.tell(new KafkaDriver.Pause(topic, -1));
        TestProbe<ProduceResult> acks = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Produce(topic, null, value(30), acks.ref()));
        assertInstanceOf(ProduceResult.Acknowledged.class, acks.expectMessageClass(ProduceResult.class, WAIT));
        receiver.expectNoMessage(Duration.ofMillis(300));
        driver.tell(new KafkaDriver.Resume(topic, -1));
        KafkaDriver.Records after = receiver.expectMessageClass(KafkaDriver.Records.class, WAIT);
        assertEquals(30L, after.records().get(0).offset());
        KIT.stop(driver, WAIT);
    }

    @Test
    void aRestartedDriverGoesOnConsumingWhereItStoppedWithoutRepeatOrGap(EmbeddedKafkaCluster kafka) {
        String topic = "actor-resume";
        int partitions = 2;
        int perPartition = 3_000;
        writeNumbered(kafka, topic, partitions, perPartition, "none");
        List<Engine> engines = new CopyOnWriteArrayList<>();
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(Behaviors.supervise(DriverBehavior.create(
                config(kafka).build(), engines::add)).onFailure(SupervisorStrategy.restart()), "driver-resume");
        TestProbe<KafkaDriver.Event> events = KIT.createTestProbe();
        driver.tell(new KafkaDriver.SubscribeEvents(events.ref()));
        TestProbe<KafkaDriver.Records> receiver = KIT.createTestProbe();
        ConsumeAudit audit = ConsumeAudit.fromZero(partitions, perPartition);
        driver.tell(new KafkaDriver.Consume(topic, -1, new KafkaDriver.StartFrom.Earliest(), receiver.ref(), 1_000));
        receiveUntil(receiver, audit, 1_000);
        engines.get(0).produceRouter().tell(new ProduceRouterActor.MetadataUpdate(null)); // the driver fails
        io.kafkadriver.testkit.Bounded.waitFor("the driver's restart", WAIT, () -> engines.size() == 2);
        driver.tell(new KafkaDriver.Demand(topic, partitions * perPartition - 1_000));
        receiveUntil(receiver, audit, partitions * perPartition);
        assertEquals(List.of(), audit.problems(), "after the restart, each partition went on from where it stopped");
        receiver.expectNoMessage(Duration.ofMillis(200));
        // The event subscription survived the restart too: an out-of-range start reaches it.
        driver.tell(new KafkaDriver.Consume(topic, 0, new KafkaDriver.StartFrom.AtOffset(1_000_000), receiver.ref(),
                1));
        assertInstanceOf(KafkaDriver.Event.OffsetReset.class, events.expectMessageClass(KafkaDriver.Event.class,
                WAIT));
        KIT.stop(driver, WAIT);
    }

    @Test
    void aFailingDeliveryFailsTheDriverWhichItsSupervisorRestarts(EmbeddedKafkaCluster kafka) {
        String topic = "actor-delivery-failure";
        kafka.createTopic(topic, 1, 1);
        new OracleClient(kafka.bootstrapServers()).produce(topic, 10, "none");
        List<Engine> engines = new CopyOnWriteArrayList<>();
        ActorRef<KafkaDriver.Command> driver = KIT.spawn(Behaviors.supervise(DriverBehavior.create(
                config(kafka).build(), engines::add)).onFailure(SupervisorStrategy.restart()), "driver-delivery");
        io.kafkadriver.testkit.Bounded.waitFor("the driver's start", WAIT, () -> !engines.isEmpty());
        // A listener that throws what no listener may (a checked exception, thrown past the compiler) makes the
        // delivery fail; runtime exceptions and errors are logged and skipped.
        engines.get(0).delivery().listeners().add(m -> sneakyThrow(new Exception("injected: a listener failing badly")));
        engines.get(0).delivery().start(topic, -1, io.kafkadriver.actors.consume.StartPosition.EARLIEST);
        io.kafkadriver.testkit.Bounded.waitFor("the driver's restart", WAIT, () -> engines.size() == 2);
        TestProbe<ProduceResult> acks = KIT.createTestProbe();
        driver.tell(new KafkaDriver.Produce(topic, null, value(10), acks.ref()));
        assertInstanceOf(ProduceResult.Acknowledged.class, acks.expectMessageClass(ProduceResult.class, WAIT));
        KIT.stop(driver, WAIT);
    }

    @Test
    void aDispatcherOfTheUsersRunsTheWholeDriverListenersIncluded(EmbeddedKafkaCluster kafka) throws Exception {
        // kafka-sharp's TaskScheduler: with a dispatcher named in the configuration, the batchers (which call the
        // acknowledgement listeners) and the delivery (which calls the record listeners) run on it too.
        ActorTestKit kit = ActorTestKit.create("own-dispatcher", com.typesafe.config.ConfigFactory.parseString(
                "driver-dispatcher { type = Dispatcher\n executor = thread-pool-executor\n"
                        + " thread-pool-executor.fixed-pool-size = 2 }").withFallback(
                com.typesafe.config.ConfigFactory.load()));
        String topic = "on-the-users-dispatcher";
        kafka.createTopic(topic, 1, 1);
        Set<String> ackThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<String> listenerThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (ClusterClient client = ClusterClient.create(config(kafka).dispatcher("driver-dispatcher").build(),
                kit.system())) {
            client.onProduceAcknowledged(a -> ackThreads.add(Thread.currentThread().getName()));
            client.onMessageReceived(m -> listenerThreads.add(Thread.currentThread().getName()));
            client.send(topic, null, value(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            client.consumeFromEarliest(topic);
            io.kafkadriver.testkit.Bounded.waitFor("the record consumed", WAIT, () -> !listenerThreads.isEmpty());
        } finally {
            kit.shutdownTestKit();
        }
        assertFalse(ackThreads.isEmpty());
        assertTrue(ackThreads.stream().allMatch(t -> t.contains("driver-dispatcher")), "batchers: " + ackThreads);
        assertTrue(listenerThreads.stream().allMatch(t -> t.contains("driver-dispatcher")), "delivery: "
                + listenerThreads);
    }

    @Test
    void aClusterClientInTheUsersSystemLeavesItRunningOnClose(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("client-in-user-system", 1, 1);
        try (ClusterClient client = ClusterClient.create(config(kafka).build(), KIT.system())) {
            client.send("client-in-user-system", null, value(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertFalse(KIT.system().getWhenTerminated().toCompletableFuture().isDone(), "the user's system goes on");
        // And the system is still usable: another client starts and produces in it.
        try (ClusterClient again = ClusterClient.create(config(kafka).build(), KIT.system())) {
            again.send("client-in-user-system", null, value(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertEquals(2, new OracleClient(kafka.bootstrapServers()).readAll("client-in-user-system", 2).size());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
