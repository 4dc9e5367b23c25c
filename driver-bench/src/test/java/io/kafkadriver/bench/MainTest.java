package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main command end to end with its own broker process: the default round trip, the JSON, the usage errors. */
class MainTest {

    @TempDir
    Path dir;

    /** Runs the command line; returns the exit status and, through {@code out}, what it printed. */
    static int run(StringBuilder out, StringBuilder err, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter errors = new StringWriter();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.commandLine(stream, false).setOut(new PrintWriter(stream, true))
                .setErr(new PrintWriter(errors, true));
        int status = cl.execute(args);
        out.append(bytes.toString(StandardCharsets.UTF_8));
        err.append(errors);
        return status;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Path file) throws Exception {
        return (Map<String, Object>) MiniJson.parse(Files.readString(file));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void defaultRoundTripVerifiesEveryRecordAndWritesJson() throws Exception {
        // Flow: the main command as the README runs it, on 20,000 records: broker process, produce, read back,
        // verify, summary, JSON, chart.
        Path results = dir.resolve("roundtrip.json");
        Path chart = dir.resolve("roundtrip.svg");
        StringBuilder out = new StringBuilder();
        int status = run(out, new StringBuilder(), "--records", "20000", "--json", results.toString(),
                "--chart", chart.toString());

        assertEquals(0, status, out.toString());
        assertTrue(out.toString().contains("verified ours: 20,000 of 20,000 records read back intact"), out.toString());
        assertTrue(out.toString().matches("(?s).*produce-ack +ours +20,000 .*"), out.toString());
        assertTrue(out.toString().matches("(?s).*ours produce +20,000 / 20,000 records \\(100%\\).*"), out.toString());
        Map<String, Object> json = json(results);
        assertEquals("roundtrip", json.get("mode"));
        assertEquals(Boolean.TRUE, json.get("success"));
        List<Map<String, Object>> summary = (List<Map<String, Object>>) (List<?>) json.get("summary");
        assertEquals(List.of("produce", "consume"), summary.stream().map(m -> m.get("phase")).toList());
        for (Map<String, Object> row : summary) {
            assertEquals("ours", row.get("client"));
            assertTrue((Double) row.get("recordsPerSecond") > 0, row.toString());
            assertTrue((Double) row.get("cpuSecondsPerMillion") > 0, row.toString());
        }
        Map<?, ?> verification = (Map<?, ?>) ((List<?>) json.get("verification")).get(0);
        assertEquals(20_000.0, verification.get("distinct"));
        assertEquals(0.0, verification.get("missing"));
        Map<?, ?> latency = (Map<?, ?>) ((List<?>) json.get("latency")).get(0);
        assertEquals(20_000.0, latency.get("count"));
        assertTrue((Double) latency.get("p99Ms") >= (Double) latency.get("p50Ms"), latency.toString());
        assertTrue(Files.readString(chart).contains("roundtrip / produce"));
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        StringBuilder err = new StringBuilder();
        assertEquals(2, run(new StringBuilder(), err, "--mode", "sideways"));
        assertTrue(err.toString().contains("--mode"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--records", "0"));
        assertTrue(err.toString().contains("--records must be at least 1, was 0"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--codec", "brotli"));
        assertTrue(err.toString().contains("--codec must be one of"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--record-size", "8"));
        assertTrue(err.toString().contains("--record-size must be at least 16"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--mode", "streams", "--stream-parallelism", "0"));
        assertTrue(err.toString().contains("--stream-parallelism must be at least 1, was 0"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--mode", "streams", "--source-buffer", "0"));
        assertTrue(err.toString().contains("--source-buffer must be at least 1, was 0"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--idempotence", "on", "--acks", "1"));
        assertTrue(err.toString().contains("--idempotence on needs acks all, was acks 1"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--idempotence", "maybe"));
        assertTrue(err.toString().contains("--idempotence must be on or off, was 'maybe'"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--mode", "consume", "--api", "send"));
        assertTrue(err.toString().contains("--api send is for the produce mode only, not consume"), err.toString());
        err.setLength(0);
        assertEquals(2, run(new StringBuilder(), err, "--mode", "produce", "--api", "sideways"));
        assertTrue(err.toString().contains("--api"), err.toString());
    }

    @Test
    void helpExplainsEveryOption() {
        StringBuilder out = new StringBuilder();
        assertEquals(0, run(out, new StringBuilder(), "--help"));
        for (String option : List.of("--mode", "--compare", "--records", "--record-size", "--partitions", "--codec",
                "--acks", "--idempotence", "--linger-ms", "--batch-bytes", "--rate", "--duration", "--repeat", "--warmup",
                "--bootstrap", "--api", "--json", "--chart", "--stream-parallelism", "--source-buffer", "streams:",
                "pekko-connectors-kafka", "Exit codes", "produce", "chart")) {
            assertTrue(out.toString().contains(option), option + " in:\n" + out);
        }
    }
}
