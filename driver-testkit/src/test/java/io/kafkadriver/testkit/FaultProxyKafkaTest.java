package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of a real broker, seen by the official client: a standalone proxy in front of the bootstrap
 * address (only the bootstrap connection goes through it: {@code describeCluster} is answered there), and the
 * cluster's own proxy on the PROXIED listener, which the broker advertises so all traffic goes through it.
 */
@KafkaClusterTest(proxied = true)
class FaultProxyKafkaTest {

    @Test
    void proxiedListenerIsAdvertisedAtTheProxyAndCarriesAllTraffic(EmbeddedKafkaCluster kafka) throws Exception {
        FaultProxy proxy = kafka.proxy(0);
        String bootstrap = kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED);
        assertEquals(proxy.address(), bootstrap);
        try (Admin admin = admin(bootstrap)) {
            Node node = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).iterator().next();
            assertEquals("127.0.0.1", node.host());
            assertEquals(proxy.port(), node.port(), "metadata points clients at the proxy");
        }
        kafka.createTopic("via-proxy", 2, 1);
        long before = proxy.bytesForwarded(FaultProxy.Direction.CLIENT_TO_SERVER);
        OracleClient oracle = new OracleClient(bootstrap);
        oracle.produce("via-proxy", 50, "none");
        assertEquals(50, oracle.readAll("via-proxy", 50).size());
        // 50 records of at least 12 bytes each went through the proxy, not around it.
        assertTrue(proxy.bytesForwarded(FaultProxy.Direction.CLIENT_TO_SERVER) - before > 50 * 12);
    }

    @Test
    void droppedConnectionsAreReopenedThroughTheProxy(EmbeddedKafkaCluster kafka) throws Exception {
        FaultProxy proxy = kafka.proxy(0);
        try (Admin admin = admin(kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED))) {
            assertEquals(1, admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
            long acceptedBefore = proxy.acceptedConnections();
            // (No check that nothing is open here: the client may already be reconnecting.)
            proxy.dropConnections();
            assertEquals(1, admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
            assertTrue(proxy.acceptedConnections() > acceptedBefore, "the client reconnected through the proxy");
        }
    }

    @Test
    void passThroughLetsTheOfficialClientDescribeTheCluster(EmbeddedKafkaCluster kafka) throws Exception {
        try (FaultProxy proxy = FaultProxy.forAddress(kafka.bootstrapServers()); Admin admin = admin(proxy)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            assertEquals(1, nodes.size());
            assertTrue(proxy.acceptedConnections() >= 1);
            assertTrue(proxy.bytesForwarded(FaultProxy.Direction.SERVER_TO_CLIENT) > 0);
        }
    }

    @Test
    void blackHoleMakesTheOfficialClientTimeOut(EmbeddedKafkaCluster kafka) {
        try (FaultProxy proxy = FaultProxy.forAddress(kafka.bootstrapServers())) {
            // Before the client exists, so that even its first connection is swallowed.
            proxy.blackHole();
            blackHoleTimesOut(proxy);
        }
    }

    private static void blackHoleTimesOut(FaultProxy proxy) {
        try (Admin admin = admin(proxy)) {
            long start = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs(1_500)).nodes().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, e.toString());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1_500));
            assertTrue(proxy.acceptedConnections() >= 1, "the client did connect");
            assertEquals(0, proxy.bytesForwarded(FaultProxy.Direction.SERVER_TO_CLIENT));
        }
    }

    private static Admin admin(FaultProxy proxy) {
        return admin(proxy.address());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1_000));
    }
}
