/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A group's settings: defaults, checks, HOCON; and subscribe's arguments. No broker is needed. */
class ConsumerGroupConfigurationTest {
    @Test
    void theDefaultsAreKafkaSharpsWithTheOfficialClientsAssignors() {
        ConsumerGroupConfiguration c = ConsumerGroupConfiguration.defaults();
        assertNull(c.autoCommitEvery(), "auto-commit is off unless asked (AutoCommitEveryMs = -1)");
        assertEquals(Duration.ofSeconds(15), c.sessionTimeout());
        assertEquals(Duration.ofSeconds(10), c.rebalanceTimeout());
        assertEquals(Duration.ofSeconds(3), c.heartbeatInterval());
        assertEquals(List.of(PartitionAssignor.RANGE, PartitionAssignor.COOPERATIVE_STICKY), c.assignors());
        assertEquals(GroupProtocol.CLASSIC, c.protocol());
        assertNull(c.groupInstanceId());
        assertNull(c.autoOffsetReset(), "the client's autoOffsetReset applies");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertMessage("heartbeatInterval", () -> ConsumerGroupConfiguration.builder()
                .heartbeatInterval(Duration.ofSeconds(20)).build());
        assertMessage("sessionTimeout", () -> ConsumerGroupConfiguration.builder().sessionTimeout(Duration.ZERO));
        assertMessage("autoCommitEvery", () -> ConsumerGroupConfiguration.builder()
                .autoCommitEvery(Duration.ofMillis(-1)));
        assertMessage("groupInstanceId", () -> ConsumerGroupConfiguration.builder().groupInstanceId(" "));
        assertMessage("assignors", () -> ConsumerGroupConfiguration.builder().assignors());
        assertMessage("repeat", () -> ConsumerGroupConfiguration.builder()
                .assignors(PartitionAssignor.RANGE, PartitionAssignor.RANGE));
        assertMessage("remoteAssignor", () -> ConsumerGroupConfiguration.builder().remoteAssignor("uniform")
                .build());
        assertMessage("the broker sets the session timeout", () -> ConsumerGroupConfiguration.builder()
                .protocol(GroupProtocol.CONSUMER).sessionTimeout(Duration.ofSeconds(30)).build());
        assertMessage("assignors", () -> ConsumerGroupConfiguration.builder().protocol(GroupProtocol.CONSUMER)
                .assignors(PartitionAssignor.RANGE).build());
        assertEquals("uniform", ConsumerGroupConfiguration.builder().protocol(GroupProtocol.CONSUMER)
                .remoteAssignor("uniform").build().remoteAssignor());
    }

    @Test
    void hoconGivesTheSameSettingsAndRefusesUnknownKeys() {
        ConsumerGroupConfiguration c = ConsumerGroupConfiguration.fromConfig(ConfigFactory.parseString(
                "auto-commit-every = 5s, session-timeout = 30s, heartbeat-interval = 2s, rebalance-timeout = 1m,"
                        + " group-instance-id = pod-1, assignors = [cooperative-sticky, roundrobin],"
                        + " auto-offset-reset = latest"));
        assertEquals(Duration.ofSeconds(5), c.autoCommitEvery());
        assertEquals(Duration.ofSeconds(30), c.sessionTimeout());
        assertEquals(Duration.ofSeconds(2), c.heartbeatInterval());
        assertEquals(Duration.ofMinutes(1), c.rebalanceTimeout());
        assertEquals("pod-1", c.groupInstanceId());
        assertEquals(List.of(PartitionAssignor.COOPERATIVE_STICKY, PartitionAssignor.ROUND_ROBIN), c.assignors());
        assertEquals(AutoOffsetReset.LATEST, c.autoOffsetReset());
        assertMessage("auto-comit-every", () -> ConsumerGroupConfiguration.fromConfig(ConfigFactory.parseString(
                "auto-comit-every = 5s")));
        assertMessage("sticky", () -> ConsumerGroupConfiguration.fromConfig(ConfigFactory.parseString(
                "assignors = [sticky]")));
        assertMessage("heartbeatInterval", () -> ConsumerGroupConfiguration.fromConfig(ConfigFactory.parseString(
                "heartbeat-interval = 1m")));
    }

    @Test
    void subscribeRefusesBadArgumentsAndASecondSubscriptionToTheSameGroup() {
        ClusterClient client = ClusterClient.create(Configuration.builder().seeds("localhost:1")
                .closeTimeout(Duration.ZERO).build());
        try {
            ConsumerGroupConfiguration g = ConsumerGroupConfiguration.defaults();
            assertMessage("groupId", () -> client.subscribe(" ", List.of("t"), g));
            assertMessage("topics", () -> client.subscribe("g", List.of(), g));
            assertMessage("topic", () -> client.subscribe("g", List.of(""), g));
            client.subscribe("g", Pattern.compile("t.*"), g);
            assertMessage("already subscribed", () -> client.subscribe("g", List.of("t"), g));
            assertMessage("offset", () -> client.commit("g", "t", 0, -1));
            CommitFailedException notSubscribed = assertThrows(CommitFailedException.class, () -> {
                try {
                    client.commit("other").toCompletableFuture().join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause();
                }
            });
            assertTrue(notSubscribed.getMessage().contains("not subscribed"), notSubscribed.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void closeWithTheCoordinatorUnreachableEndsWithinTheCloseTimeout() {
        // F13: no broker answers, so the member never finds its coordinator; unsubscribe and close still end.
        ClusterClient client = ClusterClient.create(Configuration.builder().seeds("localhost:1")
                .closeTimeout(Duration.ofSeconds(2)).build());
        client.subscribe("g", List.of("t"), ConsumerGroupConfiguration.builder()
                .autoCommitEvery(Duration.ofSeconds(1)).build());
        client.subscribe("g2", List.of("t"), ConsumerGroupConfiguration.builder()
                .protocol(GroupProtocol.CONSUMER).build());
        long start = System.nanoTime();
        client.unsubscribe("g2").toCompletableFuture().join();
        client.close();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // The bound is the configuration's, not a performance figure: leaving may take closeTimeout, and the
        // producer's drain its own closeTimeout after it.
        assertTrue(tookMs < 3 * 2_000 + 2_000, "unsubscribe and close took " + tookMs + " ms");
    }

    private static void assertMessage(String word, Runnable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(word), e.getClass().getSimpleName() + ": "
                + e.getMessage());
    }
}
