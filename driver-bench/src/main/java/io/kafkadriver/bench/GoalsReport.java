/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The table of issue 19's goals, generated from the raw outputs of one run of {@code driver-bench/goals.sh}: every
 * figure is read from the files of that run (nothing measured is written here), each row compared with its goal,
 * and for each goal not met the reason docs/performance.md already gives from a measurement (static text keyed by
 * goal; "not investigated" where it has none).
 *
 * <p>The files, in the results directory ({@link GoalsInputs} reads them; a missing one gives "not measured" rows):
 * {@code env.txt} (key=value lines: the load averages before and after, the commit, whether kcat is installed),
 * {@code produce.json} and {@code consume.json} ({@code --mode produce|consume --compare --json}),
 * {@code whole-process.txt} (the output of {@code whole-process.sh}), {@code latency-linger5.json} and
 * {@code latency-linger0.json}, {@code produce-api.json} ({@code --mode produce --api both}), {@code jmh.json}
 * ({@code RecordBatchBenchmark -prof gc -rf json}) and {@code demo.json} (the demo under {@code -Xmx256m}).
 *
 * <p>Run: {@code java -cp kafka-driver-bench.jar io.kafkadriver.bench.GoalsReport RESULTS_DIR [DOC.md]}: prints the
 * table and, given a document, rewrites it between {@link #BEGIN} and {@link #END}.
 */
public final class GoalsReport {
    /** The marker before the generated block in the document. */
    public static final String BEGIN = "<!-- goals:begin -->";
    /** The marker after the generated block in the document. */
    public static final String END = "<!-- goals:end -->";

    private GoalsReport() {
    }

    /**
     * One goal: what it is, the measured figure, the threshold, whether it is met ({@code null}: not measured) and
     * why not.
     *
     * @param goal      the goal, short
     * @param figure    the ratio and the two raw values, or why there is none
     * @param threshold the goal's threshold, e.g. {@code ≤ x0.40}
     * @param met       whether the figure meets the threshold; null when not measured
     * @param reason    when not met: the measured reason and what was tried; else empty
     */
    public record Row(String goal, String figure, String threshold, Boolean met, String reason) {
        /** Checks the texts. */
        public Row {
            Objects.requireNonNull(goal, "goal");
            Objects.requireNonNull(figure, "figure");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Prints the table of a results directory and, given a document, writes it there between the markers.
     *
     * @param args the results directory, then optionally the markdown document to rewrite
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: GoalsReport RESULTS_DIR [DOC.md]");
            System.exit(2);
        }
        String block = render(Path.of(args[0]));
        System.out.print(block);
        if (args.length == 2) {
            Path doc = Path.of(args[1]);
            Files.writeString(doc, splice(Files.readString(doc, StandardCharsets.UTF_8), block),
                    StandardCharsets.UTF_8);
            System.err.println("table written to " + doc);
        }
    }

    /**
     * Renders the caption and the table of a results directory.
     *
     * @param dir the results directory
     * @return markdown, ending with a line separator
     * @throws IOException when a file exists but cannot be read
     */
    public static String render(Path dir) throws IOException {
        GoalsInputs in = GoalsInputs.read(dir);
        StringBuilder t = new StringBuilder();
        t.append(caption(in.env())).append("\n\n");
        t.append("| goal | figure (ratio: ours / official) | goal | met | reason when not met (measured) and what was"
                + " tried |\n|---|---|---|---|---|\n");
        List<Row> rows = rows(in);
        for (Row r : rows) {
            t.append("| ").append(r.goal()).append(" | ").append(r.figure()).append(" | ").append(r.threshold())
                    .append(" | ").append(r.met() == null ? "not measured" : r.met() ? "yes" : "**no**")
                    .append(" | ").append(r.met() == null || r.met() ? "" : r.reason()).append(" |\n");
        }
        long met = rows.stream().filter(r -> Boolean.TRUE.equals(r.met())).count();
        long measured = rows.stream().filter(r -> r.met() != null).count();
        t.append(String.format(Locale.ROOT, "%n%d of %d measured goals met (%d rows not measured).%n", met, measured,
                rows.size() - measured));
        return t.toString();
    }

    /**
     * Replaces what lies between the markers in a document.
     *
     * @param doc   the document
     * @param block the new text between the markers
     * @return the document with the block between the markers
     * @throws IllegalArgumentException when the markers are missing or out of order
     */
    public static String splice(String doc, String block) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document needs " + BEGIN + " then " + END);
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + block + doc.substring(end);
    }

    private static String caption(Map<String, String> env) {
        String kcat = env.getOrDefault("kcat", "");
        return String.format(Locale.ROOT, "Run of `driver-bench/goals.sh` started %s at commit %s; load average"
                        + " before: %s; after: %s. Records: produce %s and consume %s (%s run(s) per client),"
                        + " whole-process %s / %s x %s pairs, latency %s s x %s run(s) per client after a broker"
                        + " warm-up, demo %s; JMH `%s`. Default JVM flags (the demo: `-Xmx256m`). librdkafka: %s."
                        + " Failed steps: %s.",
                env.getOrDefault("started", "?"), env.getOrDefault("commit", "?"),
                env.getOrDefault("load_before", "not recorded"), env.getOrDefault("load_after", "not recorded"),
                env.getOrDefault("produce_records", "?"), env.getOrDefault("consume_records", "?"),
                env.getOrDefault("pairs", "?"),
                env.getOrDefault("whole_produce_records", "?"), env.getOrDefault("whole_consume_records", "?"),
                env.getOrDefault("whole_pairs", "?"), env.getOrDefault("latency_seconds", "?"),
                env.getOrDefault("latency_pairs", "1"), env.getOrDefault("demo_records", "?"),
                env.getOrDefault("jmh_opts", "?"),
                kcat.isEmpty() || kcat.equals("absent") ? "not installed (`kcat` absent), not compared"
                        : "`kcat` at " + kcat + ", not compared by this script",
                env.getOrDefault("failed_steps", "not recorded"));
    }

    /**
     * Computes every row from the inputs, in the order.
     *
     * @param in the inputs
     * @return the rows
     */
    static List<Row> rows(GoalsInputs in) {
        List<Row> rows = new ArrayList<>();
        GoalRows.steadyState(rows, in);
        GoalRows.wholeProcess(rows, in);
        GoalRows.latency(rows, in);
        GoalRows.sendVersusProduce(rows, in);
        GoalRows.jmh(rows, in);
        GoalRows.demo(rows, in);
        return rows;
    }

    /** The inputs of one run, parsed; each null when its file is missing. */
    record GoalsInputs(Map<String, String> env, Map<String, Object> produce, Map<String, Object> consume,
                       Map<String, double[]> wholeProcess, Map<String, Object> latency5, Map<String, Object> latency0,
                       Map<String, Object> produceApi, List<Object> jmh, Map<String, Object> demo) {

        /** The columns of whole-process.sh's median rows, after program and client. */
        static final List<String> WHOLE_COLUMNS = List.of("wall_s", "cpu_s", "sys_s", "rss_MiB", "startup_ms",
                "records/s", "create_ms");

        static GoalsInputs read(Path dir) throws IOException {
            return new GoalsInputs(env(dir.resolve("env.txt")), object(dir.resolve("produce.json")),
                    object(dir.resolve("consume.json")), wholeProcess(dir.resolve("whole-process.txt")),
                    object(dir.resolve("latency-linger5.json")), object(dir.resolve("latency-linger0.json")),
                    object(dir.resolve("produce-api.json")), array(dir.resolve("jmh.json")),
                    object(dir.resolve("demo.json")));
        }

        private static Map<String, String> env(Path file) throws IOException {
            Map<String, String> env = new LinkedHashMap<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                    }
                }
            }
            return env;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(Path file) throws IOException {
            return Files.exists(file) ? (Map<String, Object>) MiniJson.parse(Files.readString(file)) : null;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> array(Path file) throws IOException {
            return Files.exists(file) ? (List<Object>) MiniJson.parse(Files.readString(file)) : null;
        }

        /**
         * Reads the medians of whole-process.sh's output: the rows after its "Medians of" line, keyed
         * {@code program client} (e.g. {@code produce ours}), values in {@link #WHOLE_COLUMNS} order, NaN for "-".
         */
        static Map<String, double[]> wholeProcess(Path file) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            Map<String, double[]> medians = new LinkedHashMap<>();
            boolean inMedians = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (line.startsWith("Medians of")) {
                    inMedians = true;
                } else if (inMedians && f.length == 2 + WHOLE_COLUMNS.size()
                        && (f[1].equals("ours") || f[1].equals("official"))) {
                    double[] v = new double[WHOLE_COLUMNS.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = f[2 + i].equals("-") ? Double.NaN : Double.parseDouble(f[2 + i]);
                    }
                    medians.put(f[0] + " " + f[1], v);
                }
            }
            return medians;
        }
    }
}
