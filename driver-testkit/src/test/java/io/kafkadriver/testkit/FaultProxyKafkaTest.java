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
 * The proxy in front of a real broker, seen by the official client. {@code describeCluster} is answered over the
 * bootstrap connection, which is the one that goes through the proxy (see the advertised-address caveat).
 */
@KafkaClusterTest
class FaultProxyKafkaTest {

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
        try (FaultProxy proxy = FaultProxy.forAddress(kafka.bootstrapServers()); Admin admin = admin(proxy)) {
            proxy.blackHole();
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
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, proxy.address(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1_000));
    }
}
