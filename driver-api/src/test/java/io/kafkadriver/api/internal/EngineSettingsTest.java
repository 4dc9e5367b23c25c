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
    void theSecuritySettingsReachEveryConnectionAndEachAuthenticationGetsAFreshExchange() {
        io.kafkadriver.testkit.SslMaterial ssl = io.kafkadriver.testkit.SslMaterial.generate(
                java.nio.file.Path.of("target", "engine-settings-ssl-" + System.nanoTime()));
        Configuration config = Configuration.builder().seeds("a:1")
                .securityProtocol(io.kafkadriver.api.SecurityProtocol.SASL_SSL)
                .sasl(io.kafkadriver.api.SaslMechanism.SCRAM_SHA_512, "sam", "sam-Secret-3")
                .sslTruststorePath(ssl.brokerCertificatePem().toString()).sslProtocols("TLSv1.2, TLSv1.3")
                .sslCipherSuites("TLS_AES_128_GCM_SHA256").build();
        io.kafkadriver.actors.connection.ConnectionSecurity security = EngineSettings.cluster(config).connection()
                .security();
        assertTrue(security.tls().hostnameVerification(), "host name verification is on by default");
        assertEquals(java.util.List.of("TLSv1.2", "TLSv1.3"), security.tls().protocols());
        assertEquals(java.util.List.of("TLS_AES_128_GCM_SHA256"), security.tls().cipherSuites());
        javax.net.ssl.SSLEngine engine = security.tls().newEngine(
                java.net.InetSocketAddress.createUnresolved("broker1", 9093));
        assertEquals("HTTPS", engine.getSSLParameters().getEndpointIdentificationAlgorithm());
        assertEquals("broker1", engine.getPeerHost(), "SNI and verification against the host connected to");
        assertEquals("SCRAM-SHA-512", security.sasl().mechanism());
        assertEquals("Sasl[SCRAM-SHA-512, user=sam]", security.sasl().toString());
        String first = new String(security.sasl().exchanges().get().start(), java.nio.charset.StandardCharsets.UTF_8);
        String second = new String(security.sasl().exchanges().get().start(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(first.startsWith("n,,n=sam,r=") && !first.equals(second), "a new nonce per authentication: "
                + first + " / " + second);
        assertEquals(null, EngineSettings.cluster(Configuration.builder().seeds("a:1").build()).connection()
                .security().tls(), "PLAINTEXT has no TLS");
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
