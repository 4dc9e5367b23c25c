package io.kafkadriver.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** The typed-API example against a real broker: every tick read back in the group, the book right, all committed. */
@KafkaClusterTest(brokers = 1)
class PriceServiceKafkaTest {

    @Test
    void publishesReadsBackInAGroupAndCommitsEverything(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("prices", 3, 1);
        int count = 10_000;
        Map<String, Long> book = PriceService.run(kafka.bootstrapServers(), "prices", count, Duration.ofSeconds(60));
        Map<String, Long> expected = new HashMap<>();
        String[] symbols = {"EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF"};
        for (int i = 0; i < count; i++) {
            expected.put(symbols[i % symbols.length], 10_000L + i); // one symbol, one partition: the last one wins
        }
        assertEquals(expected, book);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("price-service").partitionsToOffsetAndMetadata().get(30,
                            TimeUnit.SECONDS);
            assertEquals(count, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum(),
                    "the group committed every tick it processed");
        }
    }
}
