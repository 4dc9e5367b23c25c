/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.GoalsReport.GoalsInputs;
import io.kafkadriver.bench.GoalsReport.Row;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of {@link GoalsReport}, one method per group of goals of issue 19. Every figure comes from the inputs;
 * the reasons are the measured explanations docs/performance.md gives (sections named in each), shown only for a
 * goal not met.
 */
final class GoalRows {
    private static final String NOT_INVESTIGATED = "not investigated";
    private static final String PRODUCE_TRIED = " Tried (all in the measured code): pipelined batches per"
            + " partition, zero-copy batch writes, the JCTools mailbox, pooled batch buffers, the 1 ms scheduler tick.";
    private static final String PRODUCE_CPU = "Measured (JFR, \"Where the time goes\"): ours' CPU is the caller"
            + " thread (`OutgoingRecord` allocation, the JCTools `offer`) and the batcher (`RecordBatchBuilder.append`"
            + " varints, sealing); JIT is a third of the CPU in a run's first seconds." + PRODUCE_TRIED;
    private static final String PRODUCE_RATE = "Measured: the broker takes 0.5-0.7 cpu-s per M records of the 2"
            + " cores, which caps ours at about 1.45x the official records/s on this machine (\"Where the time"
            + " goes\")." + PRODUCE_TRIED;
    private static final String CONSUME = "Measured (\"Where the time goes\"): ours' time is the decode pool copying"
            + " each key and value into arrays (the `byte[]` API needs them) and the listener; the broker serving"
            + " 380-400 MB/s over loopback is the common ceiling of both clients. Tried: visitor decoding on a"
            + " decode pool.";
    private static final String WHOLE_START = "Measured (\"Whole process\", goals run of 2026-12-02 02:02 UTC):"
            + " start-up. Ours reaches its first record 1,020 ms after its start against 617 ms (`create` 659"
            + " against 238 ms), and its first acknowledgement 881 against 525 ms; from the first record on, ours"
            + " reads the 2M records in 1.42 s against 2.02 s. Tried: the NIO transport (\"The plaintext"
            + " transport\": whole consume wall x1.08 to x0.92, CPU x1.09 to x0.91, whole produce wall x0.74 to"
            + " x0.45); AppCDS (see the start-up row).";
    private static final String WHOLE_SYS = "Measured (\"The plaintext transport\", `perf stat`, `perf record` of"
            + " the kernel samples): system CPU is mostly page faults for both clients (86k-145k per run), which is"
            + " why it moves from run to run; ours had twice the context switches, the hand-offs of Pekko Streams"
            + " TCP per read. Fixed: the NIO transport (x1.15 before it, x0.74 in the goals run of 2026-12-02 02:02"
            + " UTC).";
    private static final String STARTUP = "Measured (class-load log, `-Xlog:class+load` on `whole-produce --records"
            + " 1000`, 2026-12-02, \"The plaintext transport\"): 4,874 classes (5,440 before the NIO transport);"
            + " `ClusterClient` loads at 0.65 s, Pekko's `ActorSystemImpl` at 0.81 s, the first connection actor at"
            + " 1.52 s: the actor system's start (998 Pekko and 640 Scala classes in all, Pekko's serializers and"
            + " stream-ref classes among them) is 0.7 s of cold class loading. With AppCDS (`-XX:SharedArchiveFile`)"
            + " ours' start-up fell from 1,003-1,027 to 481-491 ms (before the NIO transport): over 300 ms and about"
            + " 2x the official client's. Tried: the NIO transport (2,490 to 881 ms, no Pekko Streams TCP graph to"
            + " start); AppCDS (measured only, not a default); Pekko 1.7.0 (no difference).";
    private static final String LATENCY5 = "Measured hop by hop (`hoptrace.patch`, \"The plaintext transport\","
            + " linger 0 on 2026-12-02): with the NIO transport ours' mean round trip from the socket write to the"
            + " response frame is 1.06 ms against the official client's `request-latency-avg` of 0.90-0.97 ms in the"
            + " same run (up to 0.9 ms longer through Pekko Streams TCP before), and every actor hop together is"
            + " under 0.25 ms on average; what is left is the linger and the broker, shared by both, and the tail of"
            + " single runs (the goals run of 2026-12-02 02:02 UTC: ours' p99.9 13.9 against 13.0 ms). Not traced:"
            + " the consume side of produce→consume. Fixed before: one request per broker for every open batch once"
            + " one is due, answers above the high watermark refused as corrupt, the bench's order. Tried: the NIO"
            + " transport (p99 x0.89 to x0.88 at linger 5, within the noise); Pekko's TCP actors on the default"
            + " dispatcher (no difference).";
    private static final String SEND = "Measured (\"`send` against `produce`\", JFR of `--api send`): per record"
            + " `send` adds its future, a `RecordMetadata`, the future's completion on the batcher thread and the"
            + " caller's `whenComplete` stage (270 against 116 bytes allocated per record, about twice the peak"
            + " heap); its first run is two to three times slower than its third (JIT). Tried: the topic-name check"
            + " per record (8% of the samples) is no longer repeated for the same String; ratio unchanged within"
            + " the noise. In the goals run of 2026-12-02 02:02 UTC (after the NIO transport) `produce` went from"
            + " 0.75 to 0.41 cpu-s/M and `send` from 1.81 to 1.53: the transport's saving is the same per record"
            + " for both, so the ratio rose.";
    private static final String LATENCY0 = "Measured hop by hop (`hoptrace.patch`, \"The plaintext transport\","
            + " linger 0, 2026-12-02 02:20 UTC, one run per client): ours' mean round trip 1.06 ms against the"
            + " official client's `request-latency-avg` of 0.90-0.97 ms, actor hops under 0.25 ms in all; in that"
            + " run ours was ahead on produce→ack (p99 6.14 against 7.12 ms, x0.86; p99.9 x0.65) and behind on"
            + " produce→consume (p99 9.92 against 8.45 ms, x1.17), as in the goals run (p99 x1.16 and x1.74). So"
            + " single runs differ by more than the ratio the goal asks; the consume side of produce→consume is not"
            + " traced. Tried: the NIO transport; Pekko's TCP actors on the default dispatcher (no difference).";
    private static final String DECODE = "Measured (\"Record batch codecs\", issue 19 rework): lz4 and zstd now"
            + " decode block by block into a per-thread reused array, records read with absolute gets; uncompressed"
            + " decode was already read in place, and its remaining per-record cost is the objects both clients"
            + " allocate (the consumer's `forEachRecord` also copies each value into an array of its own, which the"
            + " `byte[]` API needs). Tried: cursor decoding without per-record views.";
    private static final String ENCODE = "Measured (\"Record batch codecs\"): lz4 and zstd now compress straight"
            + " into the builder's output array with reused contexts (about 200 B allocated per batch).";
    private static final List<String> CODECS = List.of("NONE", "LZ4", "ZSTD");
    private static final String LESS = "< x1.00";

    private GoalRows() {
    }

    /** How a ratio is compared with its goal. */
    enum Bound {
        /** At most the limit. */
        AT_MOST("≤"),
        /** At least the limit. */
        AT_LEAST("≥"),
        /** Strictly above the limit (ahead). */
        ABOVE(">");

        private final String sign;

        Bound(String sign) {
            this.sign = sign;
        }

        boolean met(double ratio, double limit) {
            return switch (this) {
                case AT_MOST -> ratio <= limit;
                case AT_LEAST -> ratio >= limit;
                case ABOVE -> ratio > limit;
            };
        }

        String text(double limit) {
            return String.format(Locale.ROOT, "%s x%.2f", sign, limit);
        }
    }

    /** Goal 1: CPU per record and records/s of the produce and consume modes, ours against the official client. */
    static void steadyState(List<Row> rows, GoalsInputs in) {
        steady(rows, in.produce(), "produce", "produce.json", 0.4, PRODUCE_CPU, PRODUCE_RATE);
        steady(rows, in.consume(), "consume", "consume.json", 0.5, CONSUME, CONSUME);
    }

    private static void steady(List<Row> rows, Map<String, Object> json, String phase, String file, double cpuLimit,
                               String cpuReason, String rateReason) {
        String cpuGoal = "1. steady " + phase + ": CPU per record";
        String rateGoal = "1. steady " + phase + ": records/s ahead";
        Map<String, Object> ours = summary(json, phase, "ours");
        Map<String, Object> theirs = summary(json, phase, "official");
        if (ours == null || theirs == null) {
            rows.add(missing(cpuGoal, file, Bound.AT_MOST.text(cpuLimit)));
            rows.add(missing(rateGoal, file, Bound.ABOVE.text(1)));
            return;
        }
        String runs = String.format(Locale.ROOT, ", medians of %d run(s) each", (long) num(ours, "runs"));
        rows.add(ratio(cpuGoal, num(ours, "cpuSecondsPerMillion"), num(theirs, "cpuSecondsPerMillion"),
                "cpu-s/M records" + runs, Bound.AT_MOST, cpuLimit, cpuReason));
        rows.add(ratio(rateGoal, num(ours, "recordsPerSecond"), num(theirs, "recordsPerSecond"), "records/s" + runs,
                Bound.ABOVE, 1, rateReason));
    }

    /** Goals 2 and 3: the whole-process medians (wall, CPU, system CPU, peak RSS) and the start-up. */
    static void wholeProcess(List<Row> rows, GoalsInputs in) {
        Map<String, double[]> m = in.wholeProcess();
        String[][] figures = {{"wall_s", "wall s", "0.7"}, {"cpu_s", "CPU (user+sys) s", "0.7"},
            {"sys_s", "system CPU s", "1"}, {"rss_MiB", "peak RSS MiB", "1"}};
        for (String program : List.of("produce", "consume")) {
            for (String[] f : figures) {
                String goal = "2. whole " + program + ": " + f[1];
                double limit = Double.parseDouble(f[2]);
                double[] ours = m == null ? null : m.get(program + " ours");
                double[] theirs = m == null ? null : m.get(program + " official");
                if (ours == null || theirs == null) {
                    rows.add(missing(goal, "whole-process.txt", Bound.AT_MOST.text(limit)));
                    continue;
                }
                int col = GoalsInputs.WHOLE_COLUMNS.indexOf(f[0]);
                String reason = switch (f[0]) {
                    case "sys_s" -> WHOLE_SYS;
                    case "rss_MiB" -> NOT_INVESTIGATED;
                    default -> WHOLE_START;
                };
                rows.add(ratio(goal, ours[col], theirs[col], f[1] + ", medians", Bound.AT_MOST, limit, reason));
            }
        }
        double[] ours = m == null ? null : m.get("produce ours");
        double[] theirs = m == null ? null : m.get("produce official");
        String goal = "3. start-up: `create` to the first acknowledged record";
        if (ours == null || Double.isNaN(ours[GoalsInputs.WHOLE_COLUMNS.indexOf("startup_ms")])) {
            rows.add(missing(goal, "whole-process.txt", "≤ 300 ms"));
            return;
        }
        int col = GoalsInputs.WHOLE_COLUMNS.indexOf("startup_ms");
        double ms = ours[col];
        String official = theirs == null ? "" : String.format(Locale.ROOT, " (official %,.0f ms: x%.2f)", theirs[col],
                ms / theirs[col]);
        rows.add(new Row(goal, String.format(Locale.ROOT, "%,.0f ms, median of the whole produce runs%s", ms,
                official), "≤ 300 ms", ms <= 300, STARTUP));
    }

    /** Goal 4: produce→ack and produce→consume p99 and p99.9 at the fixed rate, linger 5 ms and 0. */
    static void latency(List<Row> rows, GoalsInputs in) {
        latencyOf(rows, in.latency5(), "latency-linger5.json", "5", LATENCY5);
        latencyOf(rows, in.latency0(), "latency-linger0.json", "0", LATENCY0);
    }

    private static void latencyOf(List<Row> rows, Map<String, Object> json, String file, String linger,
                                  String reason) {
        for (String kind : List.of(LatencySummary.PRODUCE_ACK, LatencySummary.PRODUCE_CONSUME)) {
            for (String[] p : new String[][] {{"p99Ms", "p99"}, {"p999Ms", "p99.9"}}) {
                Map<String, Object> ours = latencyOf(json, "ours", kind);
                Map<String, Object> theirs = latencyOf(json, "official", kind);
                String goal = "4. latency, linger " + linger + " ms: " + kind.replace("-", "→") + " " + p[1];
                if (ours == null || theirs == null) {
                    rows.add(missing(goal, file, Bound.AT_MOST.text(0.8)));
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) json.get("settings");
                String at = settings == null ? "" : String.format(Locale.ROOT, " at %,.0f records/s",
                        num(settings, "rate"));
                rows.add(ratio(goal, num(ours, p[0]), num(theirs, p[0]), "ms" + at, Bound.AT_MOST, 0.8, reason));
            }
        }
    }

    /** Goal 5: ours' CPU per record through {@code send} against {@code produce}, in one run. */
    static void sendVersusProduce(List<Row> rows, GoalsInputs in) {
        String goal = "5. `send` CPU per record against `produce` (ours, saturated)";
        Map<String, Object> send = summary(in.produceApi(), "produce", Report.SEND_LABEL);
        Map<String, Object> produce = summary(in.produceApi(), "produce", "ours");
        if (send == null || produce == null) {
            rows.add(missing(goal, "produce-api.json", Bound.AT_MOST.text(1.3)));
            return;
        }
        double s = num(send, "cpuSecondsPerMillion");
        double p = num(produce, "cpuSecondsPerMillion");
        rows.add(new Row(goal, String.format(Locale.ROOT, "x%.2f (send %s / produce %s cpu-s/M records, medians of"
                + " %d run(s) each; records/s x%.2f)", s / p, raw(s), raw(p), (long) num(send, "runs"),
                num(send, "recordsPerSecond") / num(produce, "recordsPerSecond")), Bound.AT_MOST.text(1.3),
                s / p <= 1.3, SEND));
    }

    /** Goal 6: JMH decode ≥ 1.0x with less allocation, encode ahead, per codec. */
    static void jmh(List<Row> rows, GoalsInputs in) {
        for (String codec : CODECS) {
            String c = codec.toLowerCase(Locale.ROOT);
            JmhResults.Score ours = JmhResults.find(in.jmh(), "decode", "Ours", codec);
            JmhResults.Score theirs = JmhResults.find(in.jmh(), "decode", "Official", codec);
            String goal = "6. JMH decode " + c + ": batches/s";
            String allocGoal = "6. JMH decode " + c + ": bytes allocated per batch";
            if (ours == null || theirs == null) {
                rows.add(missingJmh(goal, in, "decode", c, Bound.AT_LEAST.text(1)));
                rows.add(missingJmh(allocGoal, in, "decode", c, LESS));
            } else {
                rows.add(ratio(goal, ours.opsPerSecond(), theirs.opsPerSecond(), "ops/s" + ours.others(),
                        Bound.AT_LEAST, 1, DECODE));
                rows.add(allocRow(allocGoal, ours, theirs, DECODE));
            }
        }
        for (String codec : CODECS) {
            String c = codec.toLowerCase(Locale.ROOT);
            JmhResults.Score ours = JmhResults.find(in.jmh(), "encode", "Ours", codec);
            JmhResults.Score theirs = JmhResults.find(in.jmh(), "encode", "Official", codec);
            String goal = "6. JMH encode " + c + ": batches/s ahead";
            if (ours == null || theirs == null) {
                rows.add(missingJmh(goal, in, "encode", c, Bound.ABOVE.text(1)));
            } else {
                rows.add(ratio(goal, ours.opsPerSecond(), theirs.opsPerSecond(), "ops/s" + ours.others(),
                        Bound.ABOVE, 1, ENCODE));
            }
        }
    }

    private static Row allocRow(String goal, JmhResults.Score ours, JmhResults.Score theirs, String reason) {
        if (Double.isNaN(ours.bytesPerOp()) || Double.isNaN(theirs.bytesPerOp())) {
            return new Row(goal, "not measured (run JMH with `-prof gc`)", LESS, null, reason);
        }
        double r = ours.bytesPerOp() / theirs.bytesPerOp();
        return new Row(goal, String.format(Locale.ROOT, "x%.2f (%s / %s B/op)", r, raw(ours.bytesPerOp()),
                raw(theirs.bytesPerOp())), LESS, r < 1, reason);
    }

    /** Goal 7: the demo round trip verified under {@code -Xmx256m}, its peak heap per phase and its buffer. */
    static void demo(List<Row> rows, GoalsInputs in) {
        String goal = "7. demo under `-Xmx256m`: every record verified, heap bounded";
        Map<String, Object> json = in.demo();
        if (json == null) {
            rows.add(missing(goal, "demo.json", "verified, peak heap ≤ max heap"));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) json.get("environment");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        double maxHeapMiB = num(env, "maxHeapBytes") / (1024 * 1024);
        StringBuilder figure = new StringBuilder("peak heap");
        double peak = 0;
        for (String phase : List.of("produce", "consume")) {
            Map<String, Object> s = summary(json, phase, "ours");
            if (s != null) {
                peak = Math.max(peak, num(s, "peakHeapMiB"));
                figure.append(String.format(Locale.ROOT, " %s %,.0f MiB,", phase, num(s, "peakHeapMiB")));
            }
        }
        figure.append(String.format(Locale.ROOT, " max heap %,.0f MiB", maxHeapMiB));
        if (settings != null && settings.get("bufferMemory") != null) {
            figure.append(String.format(Locale.ROOT, "; buffer %,.0f MiB (%,.0f records)",
                    num(settings, "bufferMemory") / (1024 * 1024), num(settings, "oursBufferedRecords")));
        }
        boolean success = Boolean.TRUE.equals(json.get("success"));
        figure.append(String.format(Locale.ROOT, "; %,.0f records, %s", num(settings, "records"),
                success ? "all verified" : "NOT all verified"));
        rows.add(new Row(goal, figure.toString(), "verified, peak heap ≤ max heap", success && peak <= maxHeapMiB,
                NOT_INVESTIGATED));
    }

    private static Row ratio(String goal, double ours, double theirs, String unit, Bound bound, double limit,
                             String reason) {
        double r = ours / theirs;
        return new Row(goal, String.format(Locale.ROOT, "x%.2f (%s / %s %s)", r, raw(ours), raw(theirs), unit),
                bound.text(limit), bound.met(r, limit), reason);
    }

    private static Row missingJmh(String goal, GoalsInputs in, String op, String codec, String threshold) {
        return in.jmh() == null ? missing(goal, "jmh.json", threshold) : new Row(goal, "not measured (jmh.json has"
                + " no " + op + "Ours and " + op + "Official with codec " + codec + ")", threshold, null, "");
    }

    private static Row missing(String goal, String file, String threshold) {
        return new Row(goal, "not measured (no " + file + ")", threshold, null, "");
    }

    /** Formats a raw figure with the precision its size needs. */
    static String raw(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The median row of one client in one phase of a main-command JSON, or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Map<String, Object> json, String phase, String client) {
        if (json == null || !(json.get("summary") instanceof List<?> list)) {
            return null;
        }
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (phase.equals(m.get("phase")) && client.equals(m.get("client"))) {
                return m;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> latencyOf(Map<String, Object> json, String client, String kind) {
        if (json == null || !(json.get("latency") instanceof List<?> list)) {
            return null;
        }
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (client.equals(m.get("client")) && kind.equals(m.get("kind"))) {
                return m;
            }
        }
        return null;
    }
}
