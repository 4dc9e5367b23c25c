package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.testkit.KafkaBrokerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The main command's benchmark modes with {@code --compare} on tiny workloads, against one shared broker process
 * given with {@code --bootstrap} (so topics are created through the admin client), and the chart of their results.
 */
class ModesTest {
    private static KafkaBrokerProcess broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBrokerProcess.start(1);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> json, String key) {
        return (List<Map<String, Object>>) json.get(key);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void consumeModeReadsThePrefilledTopicWithBothClients() throws Exception {
        // Flow: pre-fill 20,000 records with the official producer; warm-up reads of 4,000 by each client; one
        // measured read of everything by each; both verified; JSON with both rows and the ratio.
        Path results = dir.resolve("consume.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "consume", "--compare", "--records", "20000",
                "--repeat", "1", "--bootstrap", broker.bootstrapServers(), "--json", results.toString());

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().contains("verified ours: 20,000 of 20,000 records"), out.toString());
        assertTrue(out.toString().contains("verified official: 20,000 of 20,000 records"), out.toString());
        assertTrue(out.toString().matches("(?s).*consume +ours/official +x\\d+\\.\\d\\d.*"), out.toString());
        Map<String, Object> json = MainTest.json(results);
        assertEquals("consume", json.get("mode"));
        assertEquals(List.of("ours", "official"), rows(json, "summary").stream().map(r -> r.get("client")).toList());
        for (Map<String, Object> run : rows(json, "runs")) {
            assertEquals(20_000.0, run.get("records"), run.toString());
        }
        Map<String, Object> ratio = rows(json, "ratios").get(0);
        assertEquals("consume", ratio.get("phase"));
        assertTrue((Double) ratio.get("recordsPerSecond") > 0, ratio.toString());
        assertEquals(2, rows(json, "verification").size());
        assertEquals(Boolean.TRUE, json.get("success"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void groupModeReadsThePrefilledTopicWithAGroupOfThreeOfEachClient() throws Exception {
        // Flow: pre-fill 20,000 records into 12 partitions; one group of 3 of ours and one of 3 official consumers
        // each read everything; both verified; JSON with both rows, the ratio and the start-up figures.
        Path results = dir.resolve("group.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "group", "--compare", "--records", "20000",
                "--repeat", "1", "--warmup", "0", "--bootstrap", broker.bootstrapServers(), "--json",
                results.toString());

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().contains("verified ours: 20,000 of 20,000 records"), out.toString());
        assertTrue(out.toString().contains("verified official: 20,000 of 20,000 records"), out.toString());
        Map<String, Object> json = MainTest.json(results);
        assertEquals("group", json.get("mode"));
        assertEquals(List.of("ours", "official"), rows(json, "summary").stream().map(r -> r.get("client")).toList());
        assertEquals("group", rows(json, "ratios").get(0).get("phase"));
        assertEquals(2, rows(json, "groupStartup").size(), json.toString());
        assertEquals(Boolean.TRUE, json.get("success"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamsModeProducesAndConsumesThroughOurStreamsAndPekkoConnectorsKafka() throws Exception {
        // Flow: per client, a warm-up stream of 4,000 records and a measured one of 20,000 into a fresh topic through
        // the sink (the topic's count checked); a pre-filled topic read through each source, warm-up and measured,
        // both verified; JSON with both clients' rows and the ratios of both phases.
        Path results = dir.resolve("streams.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "streams", "--compare", "--records", "20000",
                "--repeat", "1", "--stream-parallelism", "500", "--source-buffer", "200", "--bootstrap",
                broker.bootstrapServers(), "--json", results.toString());

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().contains("verified ours (source #0): 20,000 of 20,000 records"), out.toString());
        assertTrue(out.toString().contains("verified pekko-kafka (source #0): 20,000 of 20,000 records"),
                out.toString());
        assertTrue(out.toString().matches("(?s).*sink +ours/pekko-kafka +x\\d+\\.\\d\\d.*"), out.toString());
        assertTrue(out.toString().matches("(?s).*source +ours/pekko-kafka +x\\d+\\.\\d\\d.*"), out.toString());
        Map<String, Object> json = MainTest.json(results);
        assertEquals("streams", json.get("mode"));
        assertEquals("pekko-kafka", json.get("rival"));
        assertEquals(List.of("sink/ours", "sink/pekko-kafka", "source/ours", "source/pekko-kafka"),
                rows(json, "summary").stream().map(r -> r.get("phase") + "/" + r.get("client")).toList());
        for (Map<String, Object> run : rows(json, "runs")) {
            assertEquals(20_000.0, run.get("records"), run.toString());
        }
        assertEquals(List.of("sink", "source"), rows(json, "ratios").stream().map(r -> r.get("phase")).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertEquals(500.0, settings.get("streamParallelism"));
        assertEquals(200.0, settings.get("sourceBuffer"));
        assertEquals(Boolean.TRUE, json.get("success"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void latencyModeTimesAcksAndDeliveriesOfBothClients() throws Exception {
        // Flow: per client, 2,000 records/s for a 0.25 s warm-up and 1 s measured, read back as they come.
        Path results = dir.resolve("latency.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "latency", "--compare", "--rate", "2000",
                "--duration", "1", "--bootstrap", broker.bootstrapServers(), "--json", results.toString());

        assertEquals(0, status, out.toString());
        List<Map<String, Object>> latency = rows(MainTest.json(results), "latency");
        assertEquals(4, latency.size(), latency.toString());
        for (Map<String, Object> l : latency) {
            assertEquals(2000.0, l.get("count"), l.toString());
            assertTrue((Double) l.get("p50Ms") > 0 && (Double) l.get("maxMs") >= (Double) l.get("p99Ms"),
                    l.toString());
        }
        assertTrue(out.toString().contains("verified official: 2,500 of 2,500 records"), out.toString());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void produceModeRunsTheProducerBenchmarkAndTheChartDrawsEveryMode() throws Exception {
        // Flow: the producer benchmark through the main command on 20,000 records; then the chart subcommand draws
        // its results together with a hand-written latency result.
        Path results = dir.resolve("produce.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "produce", "--compare", "--records", "20000",
                "--repeat", "1", "--bootstrap", broker.bootstrapServers(), "--json", results.toString());
        assertEquals(0, status, out.toString());
        assertEquals(2, rows(MainTest.json(results), "runs").size());

        Path latency = dir.resolve("latency.json");
        Files.writeString(latency, "{\"mode\":\"latency\",\"summary\":[],\"latency\":["
                + "{\"client\":\"ours\",\"kind\":\"produce-ack\",\"p50Ms\":2.5,\"p99Ms\":9,\"p999Ms\":20,\"maxMs\":31},"
                + "{\"client\":\"official\",\"kind\":\"produce-ack\",\"p50Ms\":3,\"p99Ms\":10,\"p999Ms\":21,"
                + "\"maxMs\":30}]}");
        Path svg = dir.resolve("chart.svg");
        assertEquals(0, MainTest.run(new StringBuilder(), new StringBuilder(), "chart", "-o", svg.toString(),
                results.toString(), latency.toString()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        // Two throughput bars, 4 percentiles x 2 clients of latency bars, the legend's 2 squares and the background.
        assertEquals(2 + 8 + 2 + 1, doc.getElementsByTagName("rect").getLength());
        String text = Files.readString(svg);
        assertTrue(text.contains(">produce</text>") && text.contains(">latency / produce-ack</text>"), text);
        assertTrue(text.contains(">p99 x0.90</text>"), text);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void produceModeWithApiBothMeasuresProduceAndSendOfOursInOneRun() throws Exception {
        // Flow (issue 19, goal 5): ours with produce ("ours") and with send ("ours-send") on the same workload in
        // one run, 2 rounds in A B B A order; every record acknowledged by both; the JSON has both medians and the
        // ratio ours-send/ours, the table its line.
        Path results = dir.resolve("produce-api.json");
        StringBuilder out = new StringBuilder();
        int status = MainTest.run(out, new StringBuilder(), "--mode", "produce", "--api", "both", "--records",
                "20000", "--repeat", "2", "--warmup", "0.1", "--bootstrap", broker.bootstrapServers(), "--json",
                results.toString());

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().matches("(?s).*produce +ours-send/ours +x\\d+\\.\\d\\d.*"), out.toString());
        Map<String, Object> json = MainTest.json(results);
        assertEquals(List.of("ours", "ours-send", "ours-send", "ours"),
                rows(json, "runs").stream().map(r -> r.get("client")).toList());
        for (Map<String, Object> run : rows(json, "runs")) {
            assertEquals(20_000.0, run.get("records"), run.toString());
        }
        assertEquals(List.of("ours", "ours-send"), rows(json, "summary").stream().map(r -> r.get("client")).toList());
        assertEquals(List.of(), rows(json, "ratios"));
        Map<String, Object> api = rows(json, "apiRatios").get(0);
        assertEquals("produce", api.get("phase"));
        assertTrue((Double) api.get("cpuSecondsPerMillion") > 0, api.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertEquals("both", settings.get("api"));
        assertEquals(Boolean.TRUE, json.get("success"));
    }
}
