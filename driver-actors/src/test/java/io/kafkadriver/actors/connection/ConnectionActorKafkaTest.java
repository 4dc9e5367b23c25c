package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.MetadataRequest;
import io.kafkadriver.protocol.message.MetadataResponse;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.FaultProxy;
import io.kafkadriver.testkit.KafkaClusterTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The connection actor against a real Kafka broker, through the fault proxy, and against servers that are not Kafka. */
@KafkaClusterTest(brokers = 1)
class ConnectionActorKafkaTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Test
    void negotiatesWithARealBrokerAndGetsMetadata(EmbeddedKafkaCluster cluster) {
        cluster.createTopic("connection-test", 3, 1);
        TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
        TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
        ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(
                ConnectionSettings.defaults(address(cluster.bootstrapServers()), "it"), events.ref()));
        ConnectionActor.Ready ready = events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
        assertTrue(ready.versions().supports(ApiKey.PRODUCE));
        short metadataVersion = ready.versions().versionFor(ApiKey.METADATA);
        assertTrue(metadataVersion >= 12, "a 4.1 broker speaks Metadata v12+, chose " + metadataVersion);
        MetadataRequest request = new MetadataRequest().setTopics(List.of(
                new MetadataRequest.MetadataRequestTopic().setName("connection-test")));
        for (int i = 0; i < 3; i++) {
            c.tell(new ConnectionActor.Send(ApiKey.METADATA, request, true, null, i, replies.ref()));
        }
        for (int i = 0; i < 3; i++) {
            ConnectionActor.Response r = replies.expectMessageClass(ConnectionActor.Response.class, WAIT);
            assertEquals(i, r.tag());
            MetadataResponse metadata = (MetadataResponse) r.response();
            assertEquals(1, metadata.brokers().size());
            assertEquals(address(cluster.bootstrapServers()).getPort(), metadata.brokers().get(0).port());
            assertEquals(3, metadata.topics().get(0).partitions().size());
            assertEquals(0, metadata.topics().get(0).errorCode());
        }
        c.tell(ConnectionActor.Close.INSTANCE);
        events.expectMessageClass(ConnectionActor.Down.class, WAIT);
        events.expectTerminated(c, WAIT);
    }

    @Test
    void aBlackHoledBrokerTimesTheHandshakeOutAndADroppedConnectionFailsItsRequests(EmbeddedKafkaCluster cluster) {
        try (FaultProxy proxy = FaultProxy.forAddress(cluster.bootstrapServers())) {
            proxy.blackHole();
            TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
            ConnectionSettings settings = new ConnectionSettings(new InetSocketAddress("127.0.0.1", proxy.port()),
                    "it", 5, Duration.ofSeconds(2), Duration.ofSeconds(1), 1 << 20, 0, 0,
                    io.kafkadriver.actors.connection.VersionFloor.NONE);
            ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings, events.ref()));
            ConnectionActor.Down down = events.expectMessageClass(ConnectionActor.Down.class, WAIT);
            assertTrue(down.reason().getMessage().contains("no ApiVersions answer within 1000 ms"),
                    down.reason().getMessage());
            events.expectTerminated(c, WAIT);

            proxy.passThrough();
            TestProbe<ConnectionActor.Reply> replies = KIT.createTestProbe();
            ActorRef<ConnectionActor.Command> c2 = KIT.spawn(ConnectionActor.create(settings, events.ref()));
            events.expectMessageClass(ConnectionActor.Ready.class, WAIT);
            proxy.dropConnections();
            events.expectMessageClass(ConnectionActor.Down.class, WAIT);
            c2.tell(new ConnectionActor.Send(ApiKey.METADATA, new MetadataRequest(), true, null, "late",
                    replies.ref()));
            replies.expectNoMessage(Duration.ofMillis(200));
            events.expectTerminated(c2, WAIT);
        }
    }

    @Test
    void anHttpServerIsRefusedWithAClearReason() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertNotKafka(http, "the peer speaks HTTP, not Kafka");
    }

    @Test
    void aServerSendingRandomBytesIsRefused() throws Exception {
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        noise[0] = 0x7F;
        assertNotKafka(noise, "refused a frame");
    }

    private static void assertNotKafka(byte[] reply, String expectedInReason) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> answerOnce(server, reply));
            TestProbe<ConnectionActor.Event> events = KIT.createTestProbe();
            ConnectionSettings settings = ConnectionSettings.defaults(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), "it");
            ActorRef<ConnectionActor.Command> c = KIT.spawn(ConnectionActor.create(settings, events.ref()));
            ConnectionActor.Down down = events.expectMessageClass(ConnectionActor.Down.class, WAIT);
            String reason = down.reason().getMessage();
            assertTrue(reason.contains("handshake") && reason.contains(expectedInReason), reason);
            events.expectTerminated(c, WAIT);
            serving.get(10, TimeUnit.SECONDS);
        }
    }

    private static void answerOnce(ServerSocket server, byte[] reply) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            in.read(new byte[1024]);
            OutputStream out = socket.getOutputStream();
            out.write(reply);
            out.flush();
            in.read(new byte[1024]);
        } catch (IOException e) {
            // The driver hung up on us, as it should.
        }
    }
}
