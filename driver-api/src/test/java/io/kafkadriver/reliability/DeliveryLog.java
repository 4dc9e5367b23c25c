package io.kafkadriver.reliability;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer delivered of one topic, kept in arrival order so that it can be checked against the topic's
 * content once that is final (a scenario may consume while it still produces).
 */
final class DeliveryLog implements AutoCloseable {
    private final String scenario;
    private final String topic;
    private final List<ReceivedMessage> deliveries = new ArrayList<>();
    private final AutoCloseable listener;

    DeliveryLog(String scenario, ClusterClient client, String topic) {
        this(scenario, client, topic, 0);
    }

    /**
     * A log whose listener spends {@code nanosPerRecord} on each record (a slow consumer, so that a fault lands in
     * the middle of a backlog).
     */
    DeliveryLog(String scenario, ClusterClient client, String topic, long nanosPerRecord) {
        this.scenario = scenario;
        this.topic = topic;
        this.listener = client.onMessageReceived(m -> {
            if (topic.equals(m.topic())) {
                synchronized (deliveries) {
                    deliveries.add(m);
                }
                if (nanosPerRecord > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(nanosPerRecord); // the work, not a wait
                }
            }
        });
    }

    /** Waits (bounded) until at least {@code n} records were delivered. */
    void awaitAtLeast(int n, Duration bound) {
        Bounded.waitFor(n + " deliveries of " + topic, bound, () -> size() >= n);
    }

    int size() {
        synchronized (deliveries) {
            return deliveries.size();
        }
    }

    /** The ledger of the deliveries so far against the given content of the topic. */
    DeliveryLedger ledger(List<ConsumerRecord<byte[], byte[]>> content) {
        DeliveryLedger ledger = new DeliveryLedger(scenario, content);
        synchronized (deliveries) {
            deliveries.forEach(m -> ledger.delivered(m.partition(), m.offset(), m.value()));
        }
        return ledger;
    }

    /**
     * Reads the topic with the official client, waits (bounded) until every record was delivered, and reports; the
     * report tells what is missing if the bound passed first.
     */
    DeliveryLedger.Report awaitAll(EmbeddedKafkaCluster kafka, Duration bound) {
        List<ConsumerRecord<byte[], byte[]>> content = new OracleClient(
                kafka.clientConfig(EmbeddedKafkaCluster.PLAINTEXT), Duration.ofMinutes(2)).readToEnd(topic);
        Bounded.waitUntil(bound, () -> size() >= content.size() && ledger(content).complete());
        return ledger(content).report();
    }

    @Override
    public void close() throws Exception {
        listener.close();
    }
}
