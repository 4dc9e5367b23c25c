package io.kafkadriver.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.actors.produce.ProduceRouterActor;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.internal.DriverBehavior;
import io.kafkadriver.api.internal.Engine;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The actor example against a real broker: a clean run, and a run whose driver fails in the middle. */
@KafkaClusterTest(brokers = 1)
class ActorPipelineKafkaTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int COUNT = 20_000;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static Configuration config(EmbeddedKafkaCluster kafka) {
        return Configuration.builder().seeds(kafka.bootstrapServers()).produceBufferingTime(Duration.ofMillis(5))
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200)).build();
    }

    @Test
    void producesConsumesWithDemandAndStopsCleanly(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("pipeline", 3, 1);
        TestProbe<ActorPipeline.Summary> report = KIT.createTestProbe();
        ActorRef<ActorPipeline.Command> pipeline = KIT.spawn(ActorPipeline.create(KafkaDriver.create(config(kafka)),
                "pipeline", COUNT, report.ref()));
        ActorPipeline.Summary s = report.expectMessageClass(ActorPipeline.Summary.class, WAIT);
        assertEquals(new ActorPipeline.Summary(COUNT, COUNT, 0, COUNT, COUNT, true), s);
        report.expectTerminated(pipeline, WAIT);
    }

    @Test
    void survivesAFailureOfTheDriverInTheMiddle(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("pipeline-failure", 3, 1);
        List<Engine> engines = new CopyOnWriteArrayList<>();
        TestProbe<ActorPipeline.Summary> report = KIT.createTestProbe();
        ActorRef<ActorPipeline.Command> pipeline = KIT.spawn(ActorPipeline.create(DriverBehavior.create(
                config(kafka), engines::add), "pipeline-failure", COUNT, report.ref()));
        Bounded.waitFor("the driver's start", WAIT, () -> !engines.isEmpty());
        engines.get(0).produceRouter().tell(new ProduceRouterActor.MetadataUpdate(null)); // a child fails
        ActorPipeline.Summary s = report.expectMessageClass(ActorPipeline.Summary.class, WAIT);
        assertTrue(engines.size() >= 2, "the pipeline's supervisor restarted the driver");
        assertEquals(COUNT, s.acknowledged(), s.toString());
        assertEquals(COUNT, s.distinct(), "every number read back: " + s);
        assertTrue(s.inOrder(), s.toString());
        report.expectTerminated(pipeline, WAIT);
    }
}
