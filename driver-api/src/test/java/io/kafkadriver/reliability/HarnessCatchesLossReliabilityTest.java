package io.kafkadriver.reliability;

import static io.kafkadriver.reliability.Reliability.PHASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.RecordLedger;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the accounting can fail. A run against the real driver and broker where a test-only hook drops records on
 * purpose, some reported acknowledged although never sent, some never reported at all: the ledger names both, and
 * the verdict every scenario uses throws.
 */
@KafkaClusterTest
@org.junit.jupiter.api.extension.ExtendWith(NoThreadLeak.class)
class HarnessCatchesLossReliabilityTest {

    @Test
    void aRunThatDropsRecordsOnPurposeFailsTheAccounting(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = "rel-broken-on-purpose";
        kafka.createTopic(topic, 3, 1);
        try (ClusterClient client = ClusterClient.create(Reliability.config(kafka.bootstrapServers()).build());
             ProduceRun run = new ProduceRun("broken on purpose", client, topic)
                     .breakOnPurpose(id -> id % 1_000 == 7, id -> id % 1_000 == 500)) {
            run.produce(10_000);
            RecordLedger.Report r = run.finish(kafka, PHASE);
            assertEquals(10, r.lost(), "acknowledged but never written: " + r);
            assertEquals(10, r.silent(), "never reported: " + r);
            assertEquals(9_980, r.produced() - r.lost() - r.silent());
            assertFalse(r.accountedFor());
            AssertionError e = assertThrows(AssertionError.class, () -> r.assertSound(true, false));
            assertTrue(e.getMessage().contains("unaccounted"), e.getMessage());
            assertTrue(r.examples().stream().anyMatch(x -> x.contains("is not in the topic")), r.examples().toString());
            assertTrue(r.examples().stream().anyMatch(x -> x.contains("neither acknowledged nor reported")),
                    r.examples().toString());
        }
    }
}
