package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.FaultProxy;
import io.kafkadriver.testkit.RecordLedger;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 17: the soak, off by default ({@code -Dsoak.minutes=10} runs it): a steady producer and a consumer through
 * the fault proxies of 3 brokers for that long, a fault every step (20,000 acknowledgements, about 10 s): every
 * connection dropped, a broker stopped and restarted, answers cut after 3,000 bytes for a step. Each step samples
 * the heap after a GC, the JVM's threads and the proxies' open connections (written to
 * {@code target/reliability/soak.tsv}); at the end every record is accounted for and neither the heap nor the
 * threads grew.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "[1-9][0-9]*")
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class SoakReliabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(SoakReliabilityTest.class);
    private static final int RATE = 2_000;
    private static final int STEP = 20_000;

    private record Sample(long seconds, long heapMiB, int threads, int connections, long acknowledged,
                          int delivered) {
    }

    @Test
    void steadyTrafficThroughScheduledFaults() throws Exception {
        long minutes = Long.getLong("soak.minutes");
        String topic = "rel-soak";
        List<Sample> samples = new ArrayList<>();
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).proxied().start()) {
            kafka.createTopic(topic, 6, 3);
            String seeds = kafka.bootstrapServers(EmbeddedKafkaCluster.PROXIED);
            try (ClusterClient producer = ClusterClient.create(Reliability.config(seeds)
                    .requestTimeout(Duration.ofSeconds(2)).clientRequestTimeout(Duration.ofSeconds(3)).build());
                 ClusterClient consumer = ClusterClient.create(Reliability.config(seeds).build());
                 ProduceRun run = new ProduceRun("soak " + minutes + " min", producer, topic);
                 DeliveryLog log = new DeliveryLog("soak " + minutes + " min", consumer, topic)) {
                consumer.consumeFromEarliest(topic);
                run.startSteady(RATE);
                long begin = System.nanoTime();
                long end = begin + Duration.ofMinutes(minutes).toNanos();
                for (int step = 0; System.nanoTime() < end; step++) {
                    fault(kafka, step);
                    run.awaitAcknowledgements(STEP, PHASE);
                    heal(kafka);
                    samples.add(sample(kafka, run, log, begin));
                    LOG.info("soak: {}", samples.get(samples.size() - 1));
                }
                RecordLedger.Report r = run.finish(kafka, PHASE);
                DeliveryLedger.Report c = log.awaitAll(kafka, PHASE);
                samples.add(sample(kafka, run, log, begin));
                write(samples);
                Sample first = samples.get(Math.min(2, samples.size() - 1)); // after the warm-up
                Sample last = samples.get(samples.size() - 1);
                Reliability.verdict("soak, faults every ~10 s", r, c, () -> {
                    r.assertSound(true, false);
                    c.assertSound(false);
                    assertTrue(last.heapMiB() <= 2 * first.heapMiB() + 64, "heap after GC grew: " + samples);
                    assertTrue(last.threads() <= first.threads() + 8, "threads grew: " + samples);
                });
            }
        }
    }

    private static void fault(EmbeddedKafkaCluster kafka, int step) {
        switch (step % 3) {
            case 0 -> kafka.brokerIds().forEach(id -> kafka.proxy(id).dropConnections());
            case 1 -> {
                kafka.stopBroker(1 + step % 2);
                kafka.restartBroker(1 + step % 2);
            }
            default -> kafka.brokerIds().forEach(id -> kafka.proxy(id)
                    .cutAfter(FaultProxy.Direction.SERVER_TO_CLIENT, 3_000));
        }
    }

    private static void heal(EmbeddedKafkaCluster kafka) {
        kafka.brokerIds().forEach(id -> kafka.proxy(id).passThrough());
    }

    private static Sample sample(EmbeddedKafkaCluster kafka, ProduceRun run, DeliveryLog log, long begin) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        int connections = kafka.brokerIds().stream().mapToInt(id -> kafka.proxy(id).openConnections()).sum();
        return new Sample((System.nanoTime() - begin) / 1_000_000_000L, heap,
                ManagementFactory.getThreadMXBean().getThreadCount(), connections, run.acknowledged(), log.size());
    }

    private static void write(List<Sample> samples) throws Exception {
        StringBuilder out = new StringBuilder("seconds\theap_after_gc_mib\tthreads\tproxied_connections"
                + "\tacknowledged\tdelivered\n");
        for (Sample s : samples) {
            out.append(s.seconds()).append('\t').append(s.heapMiB()).append('\t').append(s.threads()).append('\t')
                    .append(s.connections()).append('\t').append(s.acknowledged()).append('\t')
                    .append(s.delivered()).append('\n');
        }
        Path dir = Path.of(System.getProperty("reliability.results", "target/reliability"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("soak.tsv"), out, StandardCharsets.UTF_8);
    }
}
