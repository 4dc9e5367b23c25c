package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Create, list, describe and delete topics through the client, checked with the official client. */
@KafkaClusterTest(brokers = 1)
class AdminKafkaTest {
    @Test
    void topicsAreCreatedListedAndDeleted(EmbeddedKafkaCluster kafka) throws Exception {
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(100)).build())) {
            client.createTopic("admin-made", 3, 1).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(new OracleClient(kafka.bootstrapServers()).listTopics().contains("admin-made"));
            assertEquals(List.of(0, 1, 2), client.partitions("admin-made").toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
            assertTrue(client.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS).contains("admin-made"));
            ExecutionException twice = assertThrows(ExecutionException.class, () -> client.createTopic(
                    "admin-made", 3, 1).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertTrue(twice.getCause().getMessage().contains("TOPIC_ALREADY_EXISTS"), twice.getCause().getMessage());
            assertThrows(IllegalArgumentException.class, () -> client.createTopic("x", 0, 1));

            client.deleteTopic("admin-made").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertFalse(new OracleClient(kafka.bootstrapServers()).listTopics().contains("admin-made"));
            ExecutionException gone = assertThrows(ExecutionException.class, () -> client.deleteTopic("admin-made")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertTrue(gone.getCause().getMessage().contains("UNKNOWN_TOPIC"), gone.getCause().getMessage());
        }
    }

    /** Discovery right after start is answered at once, not after the 42 s minimum between plain refreshes. */
    @Test
    void discoveryRightAfterStartDoesNotWaitForTheRefreshThrottle(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("discover-now", 2, 1);
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .build())) {
            assertEquals(Duration.ofSeconds(42), client.configuration().minimumTimeBetweenRefreshMetadata());
            // Bounded well below the 42 s throttle.
            assertEquals(List.of(0, 1), client.partitions("discover-now").toCompletableFuture().get(10,
                    TimeUnit.SECONDS));
            assertTrue(client.listTopics().toCompletableFuture().get(10, TimeUnit.SECONDS).contains("discover-now"));
        }
    }
}
