package io.kafkadriver.api.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code maximumConcurrency} bounds the threads of every dispatcher of the driver's own actor system while it
 * produces to and consumes 8 partitions with a listener that is slow now and then.
 */
@KafkaClusterTest(brokers = 1)
class MaximumConcurrencyKafkaTest {

    @Test
    void noDispatcherOfTheDriversOwnSystemUsesMoreThreadsThanMaximumConcurrency(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("bounded", 8, 1);
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        AtomicInteger received = new AtomicInteger();
        Map<String, Integer> byDispatcher;
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(kafka.bootstrapServers())
                .produceBufferingTime(Duration.ofMillis(5)).maximumConcurrency(2).build())) {
            client.onMessageReceived(m -> {
                if (received.incrementAndGet() % 5_000 == 0) {
                    Thread.onSpinWait(); // a listener that does something; the delivery thread is the pool's
                }
            });
            for (int i = 0; i < 40_000; i++) {
                client.produce("bounded", null, new byte[100]);
            }
            client.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
            client.consumeFromEarliest("bounded");
            Bounded.waitFor("40,000 records", Duration.ofSeconds(60), () -> received.get() >= 40_000);
            byDispatcher = new TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String name = t.getName();
                if (!before.contains(t) && name.startsWith("kafka-driver-")) {
                    // kafka-driver-pekko.actor.default-dispatcher-7 -> pekko.actor.default-dispatcher
                    String dispatcher = name.substring("kafka-driver-".length()).replaceAll("-\\d+$", "");
                    byDispatcher.merge(dispatcher, 1, Integer::sum);
                }
            }
        }
        assertTrue(byDispatcher.containsKey("pekko.actor.default-dispatcher"), byDispatcher.toString());
        assertTrue(byDispatcher.containsKey("pekko.actor.default-blocking-io-dispatcher"), byDispatcher.toString());
        assertTrue(byDispatcher.containsKey("io"), "the plaintext connections' I/O thread: " + byDispatcher);
        byDispatcher.forEach((dispatcher, threads) -> {
            int bound = dispatcher.equals("pekko.io.pinned-dispatcher") || dispatcher.equals("scheduler")
                    || dispatcher.equals("io") ? 1 : 2;
            assertTrue(threads <= bound, dispatcher + " ran " + threads + " threads: " + byDispatcher);
        });
        assertEquals(40_000, received.get());
    }
}
