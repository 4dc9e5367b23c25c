package io.kafkadriver.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results table of the reliability scenarios: each scenario writes its row to a file of its own under
 * {@code target/reliability} (property {@code reliability.results} to move it), and when the property
 * {@code reliability.docs} names a Markdown file, the table between its {@value #BEGIN} and {@value #END} lines is
 * rewritten from every row there. So the table in {@code docs/reliability.md} is what the last run printed, never
 * typed by hand.
 */
public final class ReliabilityResults {
    /** The line before the table in the document. */
    public static final String BEGIN = "<!-- reliability-results:begin -->";
    /** The line after the table in the document. */
    public static final String END = "<!-- reliability-results:end -->";
    private static final String HEADER = "| scenario | covers | records | acknowledged | lost | duplicates "
            + "| discarded (events) | expired (events) | silent | recovery | consumer | result |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    private ReliabilityResults() {
    }

    /**
     * Writes a scenario's row (and the document's table, when asked).
     *
     * @param covers  the field failures (F-numbers) and faults it covers
     * @param produce the producer side, or null for a consumer-only scenario
     * @param consume the consumer side, or null for a producer-only scenario
     * @param passed  whether the scenario's assertions held
     * @return the row written
     */
    public static String publish(String covers, RecordLedger.Report produce, DeliveryLedger.Report consume,
                                 boolean passed) {
        return publish(covers, produce, consume, 0, passed);
    }

    /**
     * Writes a scenario's row (and the document's table, when asked), for a consumer scenario where some records
     * are gone by design and said so by an event (retention under a slow consumer, F16): those are not lost.
     *
     * @param covers          the field failures (F-numbers) and faults it covers
     * @param produce         the producer side, or null for a consumer-only scenario
     * @param consume         the consumer side, or null for a producer-only scenario
     * @param reportedMissing records the consumer could not deliver and reported by an event
     * @param passed          whether the scenario's assertions held
     * @return the row written
     */
    public static String publish(String covers, RecordLedger.Report produce, DeliveryLedger.Report consume,
                                 long reportedMissing, boolean passed) {
        String scenario = produce != null ? produce.scenario() : consume.scenario();
        String row = row(scenario, covers, produce, consume, reportedMissing, passed);
        Path dir = Path.of(System.getProperty("reliability.results", "target/reliability"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(scenario.replaceAll("[^A-Za-z0-9_.-]", "_") + ".row"), row,
                    StandardCharsets.UTF_8);
            String docs = System.getProperty("reliability.docs");
            if (docs != null && !docs.isBlank()) {
                updateDocument(Path.of(docs), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability results under " + dir, e);
        }
        return row;
    }

    static String row(String scenario, String covers, RecordLedger.Report p, DeliveryLedger.Report c,
                      long reportedMissing, boolean passed) {
        String consumer = c == null ? "-" : c.deliveries() + " delivered of " + c.records() + ", " + c.missing()
                + " missing" + (reportedMissing > 0 ? " (" + reportedMissing + " reported by an event)" : "") + ", "
                + c.repeats() + " repeated, " + c.outOfOrder() + " out of order";
        if (p == null) {
            return "| " + scenario + " | " + covers + " | " + c.records() + " | - | " + (c.missing() - reportedMissing)
                    + " | - | - | - | - | - | " + consumer + " | " + (passed ? "pass" : "FAIL") + " |\n";
        }
        String recovery = p.recoveryMs() < 0 ? "-" : p.recoveryMs() + " ms";
        return "| " + scenario + " | " + covers + " | " + p.produced() + " | " + p.acknowledged() + " | " + p.lost()
                + " | " + p.duplicates() + " | " + p.discarded() + " | " + p.expired() + " | " + p.silent() + " | "
                + recovery + " | " + consumer + " | " + (passed ? "pass" : "FAIL") + " |\n";
    }

    /**
     * Rewrites the table of a document from the rows in a directory, sorted by scenario name.
     *
     * @param document the Markdown document with the {@value #BEGIN} and {@value #END} lines
     * @param rows     the directory of row files
     * @throws IOException when a file cannot be read or written
     * @throws IllegalStateException when the document lacks the marker lines
     */
    public static void updateDocument(Path document, Path rows) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(rows)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".row")).sorted().toList()) {
                lines.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        String text = Files.readString(document, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(document + " has no " + BEGIN + " ... " + END + " section");
        }
        String table = BEGIN + "\n" + HEADER + String.join("", lines);
        Files.writeString(document, text.substring(0, begin) + table + text.substring(end), StandardCharsets.UTF_8);
    }
}
