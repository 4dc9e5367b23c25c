package io.kafkadriver.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The streams example against a real broker: every order becomes one invoice line, and the group's committed
 * offsets cover every order once the pipeline drained.
 */
@KafkaClusterTest(brokers = 1)
class StreamsPipelineKafkaTest {

    @Test
    void everyOrderBecomesOneInvoiceLineAndTheDrainCommitsThemAll(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("orders", 3, 1);
        kafka.createTopic("invoices", 3, 1);
        int count = 5_000;
        List<ProducerRecord<byte[], byte[]>> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(new ProducerRecord<>("orders", ("customer-" + i).getBytes(StandardCharsets.UTF_8),
                    Long.toString(1_000L + i).getBytes(StandardCharsets.UTF_8)));
        }
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce(orders, "none");
        long written = StreamsPipeline.run(kafka.bootstrapServers(), "orders", "invoices", count,
                Duration.ofSeconds(90));
        assertEquals(count, written, "one invoice line per order, no more (nothing was consumed twice)");
        Set<String> lines = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : oracle.readAll("invoices", count)) {
            lines.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(count, lines.size());
        assertTrue(lines.contains(StreamsPipeline.invoice("customer-7", 1_007)), "e.g. customer-7 owes 10.07");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("invoicing").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(count, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum(),
                    "the drain landed the final commit: a restart would repeat nothing");
        }
    }
}
