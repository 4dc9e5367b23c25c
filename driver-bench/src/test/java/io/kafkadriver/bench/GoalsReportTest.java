/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.bench.GoalsReport.Row;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals table of issue 19 generated from a fixture run (src/test/resources/goals: hand-written outputs of each
 * measurement, the linger-0 latency missing on purpose), and its splicing into a document.
 */
class GoalsReportTest {
    @TempDir
    Path dir;

    private static Path fixture() throws URISyntaxException {
        return Path.of(GoalsReportTest.class.getResource("/goals/env.txt").toURI()).getParent();
    }

    private static Map<String, Row> rows(Path dir) throws Exception {
        return GoalsReport.rows(GoalsReport.GoalsInputs.read(dir)).stream()
                .collect(Collectors.toMap(Row::goal, Function.identity()));
    }

    @Test
    void everyGoalGetsARowWithTheRatioTheRawValuesAndWhetherItIsMet() throws Exception {
        Map<String, Row> rows = rows(fixture());

        Row cpu = rows.get("1. steady produce: CPU per record");
        assertEquals("x0.49 (0.46 / 0.93 cpu-s/M records, medians of 3 run(s) each)", cpu.figure());
        assertEquals("≤ x0.40", cpu.threshold());
        assertEquals(Boolean.FALSE, cpu.met());
        assertTrue(cpu.reason().contains("RecordBatchBuilder.append"), cpu.reason());
        assertEquals(Boolean.TRUE, rows.get("1. steady produce: records/s ahead").met());
        assertEquals(Boolean.TRUE, rows.get("1. steady consume: CPU per record").met());
        assertEquals(Boolean.FALSE, rows.get("1. steady consume: records/s ahead").met());

        Row wall = rows.get("2. whole produce: wall s");
        assertEquals("x0.69 (5.51 / 7.93 wall s, medians)", wall.figure());
        assertEquals(Boolean.TRUE, wall.met());
        assertEquals(Boolean.FALSE, rows.get("2. whole consume: CPU (user+sys) s").met());
        assertEquals(Boolean.TRUE, rows.get("2. whole consume: peak RSS MiB").met());
        Row startup = rows.get("3. start-up: `create` to the first acknowledged record");
        assertEquals("1,347 ms, median of the whole produce runs (official 567 ms: x2.38)", startup.figure());
        assertEquals(Boolean.FALSE, startup.met());
        assertTrue(startup.reason().contains("AppCDS"), startup.reason());

        Row p99 = rows.get("4. latency, linger 5 ms: produce→ack p99");
        assertEquals("x0.75 (6.00 / 8.00 ms at 50,000 records/s)", p99.figure());
        assertEquals(Boolean.TRUE, p99.met());
        assertEquals(Boolean.FALSE, rows.get("4. latency, linger 5 ms: produce→ack p99.9").met());
        assertNull(rows.get("4. latency, linger 0 ms: produce→consume p99.9").met());

        Row send = rows.get("5. `send` CPU per record against `produce` (ours, saturated)");
        assertTrue(send.figure().startsWith("x1.50 (send 0.60 / produce 0.40 cpu-s/M records"), send.figure());
        assertEquals(Boolean.FALSE, send.met());
        assertTrue(send.reason().contains("RecordMetadata"), send.reason());
    }

    @Test
    void jmhRowsMatchMethodsByPrefixAndCodecAndToleratePrefixedAllocationNames() throws Exception {
        Map<String, Row> rows = rows(fixture());

        Row lz4 = rows.get("6. JMH decode lz4: batches/s");
        // decodeOurs is the row's figure; the added decodeOursCursor is listed beside it, not picked because faster.
        assertEquals("x1.11 (10,000 / 9,000 ops/s; also decodeOursCursor 12,000 ops/s)", lz4.figure());
        assertEquals(Boolean.TRUE, lz4.met());
        assertEquals(Boolean.FALSE, rows.get("6. JMH decode lz4: bytes allocated per batch").met());
        assertEquals(Boolean.FALSE, rows.get("6. JMH decode zstd: batches/s").met());
        Row zstdAlloc = rows.get("6. JMH decode zstd: bytes allocated per batch");
        assertEquals("x0.89 (100,336 / 112,440 B/op)", zstdAlloc.figure());
        assertEquals(Boolean.TRUE, zstdAlloc.met());
        assertEquals(Boolean.TRUE, rows.get("6. JMH encode zstd: batches/s ahead").met());

        JmhResults.Score s = JmhResults.find(GoalsReport.GoalsInputs.read(fixture()).jmh(), "decode", "Ours", "lz4");
        assertNotNull(s);
        assertEquals("decodeOurs", s.method());
        assertNull(JmhResults.find(GoalsReport.GoalsInputs.read(fixture()).jmh(), "decode", "Ours", "gzip"));
    }

    @Test
    void aJmhRunOfOneCodecLeavesTheOtherCodecsNotMeasuredAndSaysWhy() throws Exception {
        Files.writeString(dir.resolve("jmh.json"), "[{\"benchmark\":\"x.RecordBatchBenchmark.decodeOurs\","
                + "\"params\":{\"codec\":\"NONE\"},\"primaryMetric\":{\"score\":2.0,\"scoreUnit\":\"ops/s\"}},"
                + "{\"benchmark\":\"x.RecordBatchBenchmark.decodeOfficial\",\"params\":{\"codec\":\"NONE\"},"
                + "\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"ops/s\"}}]");
        Map<String, Row> rows = rows(dir);

        assertEquals("x2.00 (2.00 / 1.00 ops/s)", rows.get("6. JMH decode none: batches/s").figure());
        assertEquals("not measured (run JMH with `-prof gc`)",
                rows.get("6. JMH decode none: bytes allocated per batch").figure());
        Row lz4 = rows.get("6. JMH decode lz4: batches/s");
        assertEquals("not measured (jmh.json has no decodeOurs and decodeOfficial with codec lz4)", lz4.figure());
        assertNull(lz4.met());
    }

    @Test
    void demoRowGivesPeakHeapPerPhaseTheMaxHeapAndTheBuffer() throws Exception {
        Row demo = rows(fixture()).get("7. demo under `-Xmx256m`: every record verified, heap bounded");
        assertEquals("peak heap produce 204 MiB, consume 180 MiB, max heap 256 MiB; buffer 32 MiB (305,040 records);"
                + " 10,000,000 records, all verified", demo.figure());
        assertEquals(Boolean.TRUE, demo.met());
    }

    @Test
    void renderedTableHasTheLoadInItsCaptionAndReasonsOnlyForGoalsNotMet() throws Exception {
        String table = GoalsReport.render(fixture());

        assertTrue(table.contains("load average before: 19:00:00 up 1 day,  0 users,  load average: 0.50, 0.40,"
                + " 0.30; after: 19:40:00"), table);
        assertTrue(table.contains("librdkafka: not installed"), table);
        assertTrue(table.contains("| 2. whole produce: wall s | x0.69 (5.51 / 7.93 wall s, medians) | ≤ x0.70 | yes"
                + " |  |"), table);
        assertTrue(table.contains("| 1. steady produce: CPU per record | x0.49 (0.46 / 0.93 cpu-s/M records,"
                + " medians of 3 run(s) each) | ≤ x0.40 | **no** | Measured"), table);
        assertTrue(table.contains("| not measured |"), table);
        assertTrue(table.matches("(?s).*\\n\\d+ of \\d+ measured goals met \\(4 rows not measured\\)\\.\\n"), table);
    }

    @Test
    void anEmptyDirectoryGivesEveryRowNotMeasured() throws Exception {
        List<Row> rows = GoalsReport.rows(GoalsReport.GoalsInputs.read(dir));
        assertEquals(rows(fixture()).size(), rows.size());
        assertTrue(rows.stream().allMatch(r -> r.met() == null), rows.toString());
        assertTrue(GoalsReport.render(dir).contains("load average before: not recorded"));
    }

    @Test
    void spliceReplacesOnlyWhatLiesBetweenTheMarkers() throws Exception {
        Path doc = dir.resolve("doc.md");
        Files.writeString(doc, "# Title\n\n" + GoalsReport.BEGIN + "\nold table\n" + GoalsReport.END + "\n\nrest\n");
        String spliced = GoalsReport.splice(Files.readString(doc), "new table\n");
        assertEquals("# Title\n\n" + GoalsReport.BEGIN + "\nnew table\n" + GoalsReport.END + "\n\nrest\n", spliced);
        assertEquals(spliced, GoalsReport.splice(spliced, "new table\n"));
        assertThrows(IllegalArgumentException.class, () -> GoalsReport.splice("no markers", "x"));
        assertFalse(GoalsReport.splice(spliced, "other\n").contains("new table"));
    }
}
