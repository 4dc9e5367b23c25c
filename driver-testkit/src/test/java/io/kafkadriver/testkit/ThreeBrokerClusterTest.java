package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Three brokers: replication across brokers, and a leader stopping and coming back (also behind the proxies). */
@KafkaClusterTest(brokers = 3, proxied = true)
class ThreeBrokerClusterTest {

    @Test
    void threeBrokersServeAReplicatedTopic(EmbeddedKafkaCluster kafka) {
        assertEquals(List.of(0, 1, 2), kafka.brokerIds());
        assertEquals(List.of(0, 1, 2), kafka.aliveBrokerIds());
        assertEquals(3, kafka.bootstrapServers().split(",").length);
        kafka.createTopic("replicated", 6, 3);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce("replicated", 60, "snappy");
        assertEquals(60, oracle.readAll("replicated", 60).size());
    }

    @Test
    void topicKeepsWorkingWhileItsLeaderIsDownAndAfterItComesBack(EmbeddedKafkaCluster kafka) {
        // Flow: produce; stop the leader of partition 0; leadership moves; produce again; restart; produce again.
        kafka.createTopic("failover", 1, 3);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce("failover", 10, "none");
        int oldLeader = kafka.leaderOf("failover", 0);
        assertTrue(oldLeader >= 0, "partition has a leader");

        kafka.stopBroker(oldLeader);
        try {
            assertThrows(IllegalStateException.class, () -> kafka.stopBroker(oldLeader));
            Bounded.waitFor("a new leader", Duration.ofSeconds(30), () -> {
                int leader = kafka.leaderOf("failover", 0);
                return leader >= 0 && leader != oldLeader;
            });
            assertNotEquals(oldLeader, kafka.leaderOf("failover", 0));
            assertTrue(!kafka.isRunning(oldLeader));
            assertEquals(2, kafka.aliveBrokerIds().size());
            oracle.produce("failover", 10, "gzip");
            assertEquals(20, oracle.readAll("failover", 20).size());
        } finally {
            kafka.restartBroker(oldLeader);
        }
        assertTrue(kafka.isRunning(oldLeader));
        assertEquals(List.of(0, 1, 2), kafka.aliveBrokerIds());
        oracle.produce("failover", 10, "lz4");
        assertEquals(30, oracle.readAll("failover", 30).size());
        // The restarted broker got a new PROXIED port; its proxy follows, so proxied clients still reach it.
        OracleClient proxied = new OracleClient(kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED));
        long before = kafka.proxy(oldLeader).acceptedConnections();
        kafka.createTopic("after-restart", 3, 1);
        assertTrue(IntStream.range(0, 3).anyMatch(p -> kafka.leaderOf("after-restart", p) == oldLeader),
                "one partition per broker, so one on the restarted broker");
        proxied.produce("after-restart", 30, "none");
        assertEquals(30, proxied.readAll("after-restart", 30).size());
        assertTrue(kafka.proxy(oldLeader).acceptedConnections() > before, "traffic to the restarted broker");
    }
}
