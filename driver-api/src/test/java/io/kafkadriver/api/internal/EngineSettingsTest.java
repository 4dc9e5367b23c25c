package io.kafkadriver.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterMetadata;
import io.kafkadriver.actors.cluster.ClusterSettings;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationException;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@KafkaClusterTest(brokers = 1)
class EngineSettingsTest {
    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void theConfigurationReachesTheEngineSettings() {
        Configuration config = Configuration.builder().seeds("a:1, [::1]:2").clientId("me").maxInFlightRequests(3)
                .clientRequestTimeout(Duration.ofSeconds(30)).maxFrameSize(60 << 20).sendBufferSize(7)
                .receiveBufferSize(8).refreshMetadataInterval(Duration.ofMinutes(2)).build();
        ClusterSettings cluster = EngineSettings.cluster(config);
        assertEquals(2, cluster.seeds().size());
        assertEquals("::1", cluster.seeds().get(1).getHostString());
        assertTrue(cluster.seeds().get(0).isUnresolved(), "seeds are resolved at each connect");
        assertEquals(Duration.ofMinutes(2), cluster.refreshInterval());
        ConnectionSettings c = cluster.connection();
        assertEquals("me", c.clientId());
        assertEquals(3, c.maxInFlight());
        assertEquals(Duration.ofSeconds(30), c.requestTimeout());
        assertEquals(Duration.ofSeconds(10), c.connectTimeout());
        assertEquals(60 << 20, c.maxFrameBytes());
        assertEquals(7, c.sendBufferBytes());
        assertEquals(8, c.recvBufferBytes());
        assertEquals(io.kafkadriver.actors.connection.VersionFloor.NONE, c.floor(), "0.8.2: no floor");
        io.kafkadriver.actors.connection.VersionFloor floor = EngineSettings.cluster(config.toBuilder()
                .compatibility(io.kafkadriver.api.Compatibility.V0_11_0).build()).connection().floor();
        assertEquals("0.11.0", floor.name());
        assertEquals((short) 3, floor.minimums().get(io.kafkadriver.protocol.message.ApiKey.PRODUCE));
        ConfigurationException noSeeds = org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
                () -> EngineSettings.cluster(Configuration.builder().build()));
        assertTrue(noSeeds.getMessage().contains("at least one broker"), noSeeds.getMessage());
    }

    /** Flow: a Configuration read from its defaults and a seed reaches a real broker through the cluster actor. */
    @Test
    void aClusterActorBuiltFromTheConfigurationBootstraps(EmbeddedKafkaCluster kafka) {
        Configuration config = Configuration.builder().seeds(kafka.bootstrapServers()).build();
        ActorRef<ClusterActor.Command> cluster = KIT.spawn(ClusterActor.create(EngineSettings.cluster(config)));
        TestProbe<ClusterMetadata> probe = KIT.createTestProbe();
        cluster.tell(new ClusterActor.GetMetadata(probe.ref()));
        assertEquals(1, probe.expectMessageClass(ClusterMetadata.class, Duration.ofSeconds(20)).brokers().size());
        KIT.stop(cluster);
    }
}
