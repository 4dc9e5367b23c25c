package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.bench.ProduceWorkload.Client;
import io.kafkadriver.bench.ProduceWorkload.Order;
import io.kafkadriver.bench.ProduceWorkload.ValueKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The producer benchmark end to end on a tiny workload, against a broker in its own JVM. */
class ProduceBenchmarkTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void bothClientsAcknowledgeEveryRecordAndTheJsonHoldsBoth() {
        // Flow: start a broker process; per client, a fresh topic, 4,000 warm-up records, 20,000 measured records;
        // then the table and the JSON.
        ProduceWorkload workload = new ProduceWorkload(20_000, 100, 4, "none", "1", 5, 65536, 1, Order.OURS_FIRST,
                0.2, ValueKind.RANDOM, ProduceWorkload.DEFAULT_BUFFER_MEMORY, 0, null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ProduceBenchmarkResult result = ProduceBenchmark.run(workload,
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        String table = result.table(); // in every assertion's message, not on the console

        assertTrue(result.allAcknowledged(), table);
        for (Client c : List.of(Client.OURS, Client.OFFICIAL)) {
            List<RunResult> runs = result.runsOf(c);
            assertEquals(1, runs.size(), c + " ran once");
            assertEquals(20_000, runs.get(0).acknowledged(), table);
            assertEquals(0, runs.get(0).failed(), table);
            assertTrue(runs.get(0).recordsPerSecond() > 0 && runs.get(0).usage().cpuNanos() > 0, table);
            assertTrue(runs.get(0).usage().peakHeapBytes() > 0, table);
        }
        assertTrue(table.contains("ours/official: records/s x"), table);

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(result.toJson());
        assertEquals(Boolean.TRUE, json.get("success"));
        Map<?, ?> clients = (Map<?, ?>) json.get("clients");
        assertTrue(clients.containsKey("ours") && clients.containsKey("official"), clients.toString());
        assertFalse(clients.containsKey("ours-send"), clients.toString());
        List<?> runs = (List<?>) json.get("runs");
        assertEquals(2, runs.size());
        for (Object run : runs) {
            assertEquals(20_000.0, ((Map<?, ?>) run).get("acknowledged"), run.toString());
        }
        assertTrue(((Map<?, ?>) json.get("ratios")).get("recordsPerSecond") instanceof Double, json.toString());
    }
}
