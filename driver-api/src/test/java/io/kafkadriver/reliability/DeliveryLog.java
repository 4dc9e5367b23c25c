package io.kafkadriver.reliability;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.OracleClient;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer delivered of one topic, kept in arrival order so that it can be checked against the topic's
 * content once that is final (a scenario may consume while it still produces).
 */
final class DeliveryLog implements AutoCloseable {
    private final String scenario;
    private final String topic;
    /** Partition, offset and value hash of each delivery, in arrival order: a long run keeps no values. */
    private int[] partitions = new int[1024];
    private long[] offsets = new long[1024];
    private int[] hashes = new int[1024];
    private int size;
    private final Object lock = new Object();
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
                add(m);
                if (nanosPerRecord > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(nanosPerRecord); // the work, not a wait
                }
            }
        });
    }

    private void add(ReceivedMessage m) {
        synchronized (lock) {
            if (size == offsets.length) {
                partitions = java.util.Arrays.copyOf(partitions, size * 2);
                offsets = java.util.Arrays.copyOf(offsets, size * 2);
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
            }
            partitions[size] = m.partition();
            offsets[size] = m.offset();
            hashes[size] = java.util.Arrays.hashCode(m.value());
            size++;
        }
    }

    /** Waits (bounded) until at least {@code n} records were delivered. */
    void awaitAtLeast(int n, Duration bound) {
        Bounded.waitFor(n + " deliveries of " + topic, bound, () -> size() >= n);
    }

    int size() {
        synchronized (lock) {
            return size;
        }
    }

    /** The ledger of the deliveries so far against the given content of the topic. */
    DeliveryLedger ledger(List<ConsumerRecord<byte[], byte[]>> content) {
        DeliveryLedger ledger = new DeliveryLedger(scenario, content);
        synchronized (lock) {
            for (int i = 0; i < size; i++) {
                ledger.deliveredHash(partitions[i], offsets[i], hashes[i]);
            }
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
