/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The results of one run of the main command: every measured phase of every client, latency percentiles, how each
 * consumer group started (group mode), what each client read back, and notes (failures). Renders a readable summary
 * ({@link #table()}) and JSON ({@link #toJson()}, the input of {@link SvgChart}). Filled by one thread.
 */
final class Report {
    private static final List<String> FIGURES = List.of("recordsPerSecond", "megabytesPerSecond", "cpuSecondsPerMillion",
            "allocatedBytesPerRecord", "peakHeapMiB");
    private static final List<ToDoubleFunction<PhaseRun>> FIGURE_OF = List.of(PhaseRun::recordsPerSecond,
            PhaseRun::megabytesPerSecond, PhaseRun::cpuSecondsPerMillion, PhaseRun::allocatedBytesPerRecord,
            PhaseRun::peakHeapMiB);

    /** Ours producing through {@code send} in the produce mode ({@code --api send|both}). */
    static final String SEND_LABEL = ProduceWorkload.Client.OURS_SEND.label();

    private final BenchSettings settings;
    private final String bootstrap;
    /** The client ours is compared with: the official client, or pekko-connectors-kafka in the streams mode. */
    private final String rival;
    private final List<PhaseRun> runs = new ArrayList<>();
    private final List<LatencySummary> latencies = new ArrayList<>();
    private final List<Verification> verifications = new ArrayList<>();
    private final List<GroupStartup> groupStartups = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean failed;

    /**
     * Creates an empty report.
     *
     * @param settings  what runs
     * @param bootstrap the cluster it runs against
     */
    Report(BenchSettings settings, String bootstrap) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.rival = rival(settings.mode());
    }

    /**
     * Returns the label of the client ours is compared with in a mode.
     *
     * @param mode the mode
     * @return {@link StreamsMode#RIVAL} in the streams mode, else {@link OfficialBenchClient#LABEL}
     */
    static String rival(BenchSettings.Mode mode) {
        return mode == BenchSettings.Mode.STREAMS ? StreamsMode.RIVAL : OfficialBenchClient.LABEL;
    }

    /** Ours, ours through {@code send} (produce mode with {@code --api send|both}), then the rival. */
    private List<String> clients() {
        return List.of(DriverBenchClient.LABEL, SEND_LABEL, rival);
    }

    /** Adds a measured phase. */
    void add(PhaseRun run) {
        runs.add(run);
    }

    /** Adds latency percentiles. */
    void add(LatencySummary latency) {
        latencies.add(latency);
    }

    /** Adds how a consumer group started and split the work (group mode). */
    void add(GroupStartup startup) {
        groupStartups.add(startup);
    }

    /** Adds a read-back check; a failed one fails the report. */
    void add(Verification verification) {
        verifications.add(verification);
        failed |= !verification.ok();
    }

    /**
     * Adds a note to the summary and the JSON.
     *
     * @param note    the text
     * @param failure whether it fails the report (records lost or not acknowledged)
     */
    void note(String note, boolean failure) {
        notes.add(note);
        failed |= failure;
    }

    /** Whether every check passed and nothing failed. */
    boolean success() {
        return !failed;
    }

    /** The measured phases, in order. */
    List<PhaseRun> runs() {
        return List.copyOf(runs);
    }

    /** The latency percentiles, in order. */
    List<LatencySummary> latencies() {
        return List.copyOf(latencies);
    }

    /** How the consumer groups started, in order. */
    List<GroupStartup> groupStartups() {
        return List.copyOf(groupStartups);
    }

    /** The read-back checks, in order. */
    List<Verification> verifications() {
        return List.copyOf(verifications);
    }

    private List<String> phases() {
        Set<String> phases = new LinkedHashSet<>();
        runs.forEach(r -> phases.add(r.phase()));
        return List.copyOf(phases);
    }

    private List<PhaseRun> runsOf(String phase, String client) {
        return runs.stream().filter(r -> r.phase().equals(phase) && r.client().equals(client)).toList();
    }

    /**
     * Returns the median of a figure over one client's runs of a phase (mean of the middle two for an even count).
     *
     * @return the median, or NaN without runs
     */
    double median(String phase, String client, ToDoubleFunction<PhaseRun> figure) {
        double[] v = runsOf(phase, client).stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Returns median(ours) / median(rival) of a figure for a phase, NaN when a client did not run it. */
    double ratio(String phase, ToDoubleFunction<PhaseRun> figure) {
        return median(phase, DriverBenchClient.LABEL, figure) / median(phase, rival, figure);
    }

    /** Returns median(ours-send) / median(ours) of a figure for a phase, NaN when either did not run it. */
    double apiRatio(String phase, ToDoubleFunction<PhaseRun> figure) {
        return median(phase, SEND_LABEL, figure) / median(phase, DriverBenchClient.LABEL, figure);
    }

    /**
     * Renders the readable summary: the workload, a row per measured phase (and medians when repeated), the
     * ratios ours/official, the latency percentiles, the read-back checks and the notes.
     *
     * @return the text, lines ended by {@code %n}
     */
    String table() {
        StringBuilder t = new StringBuilder();
        BenchSettings s = settings;
        t.append(String.format(Locale.ROOT, "%nkafka-driver-bench %s: %s x %d B values, %d partitions, codec %s,"
                + " acks %s, idempotence %s, linger %d ms, batch %,d B (ours: %d records); cluster %s%s%n",
                s.mode().label(),
                s.mode() == BenchSettings.Mode.LATENCY ? String.format(Locale.ROOT, "%,d records/s for %d s",
                        s.rate(), s.durationSeconds()) : String.format(Locale.ROOT, "%,d records", s.records()),
                s.recordSize(), s.partitions(), s.codec(), s.acks(), s.idempotence() ? "on" : "off", s.lingerMs(),
                s.batchBytes(),
                s.produceWorkload().recordsPerBatch(), bootstrap + (s.bootstrap() == null ? " (own JVM)" : ""),
                s.tls() ? ", clients over TLS (security ssl)" : ""));
        if (!runs.isEmpty()) {
            t.append(String.format(Locale.ROOT, "%-8s %-16s %-6s %12s %7s %12s %7s %7s %8s %8s %8s%n", "phase",
                    "client", "run", "records", "time s", "records/s", "MB/s", "cpu s", "cpu-s/M", "B/rec",
                    "heap MiB"));
            phases().forEach(p -> phaseRows(t, p));
        }
        if (!latencies.isEmpty()) {
            latencyRows(t);
        }
        if (!groupStartups.isEmpty()) {
            groupRows(t);
        }
        for (Verification v : verifications) {
            t.append(verificationLine(v)).append(System.lineSeparator());
        }
        notes.forEach(n -> t.append(n).append(System.lineSeparator()));
        return t.toString();
    }

    private void phaseRows(StringBuilder t, String phase) {
        for (String client : clients()) {
            List<PhaseRun> of = runsOf(phase, client);
            for (PhaseRun r : of) {
                t.append(String.format(Locale.ROOT, "%-8s %-16s %-6d %,12d %7.2f %,12.0f %7.1f %7.2f %8.2f %8.0f"
                        + " %8.0f%n", phase, client, r.index(), r.records(), r.seconds(), r.recordsPerSecond(),
                        r.megabytesPerSecond(), r.cpuSeconds(), r.cpuSecondsPerMillion(),
                        r.allocatedBytesPerRecord(), r.peakHeapMiB()));
            }
            if (of.size() > 1) {
                t.append(String.format(Locale.ROOT, "%-8s %-16s %-6s %12s %7.2f %,12.0f %7.1f %7.2f %8.2f %8.0f"
                        + " %8.0f%n", phase, client, "median", "", median(phase, client, PhaseRun::seconds),
                        median(phase, client, PhaseRun::recordsPerSecond),
                        median(phase, client, PhaseRun::megabytesPerSecond),
                        median(phase, client, PhaseRun::cpuSeconds),
                        median(phase, client, PhaseRun::cpuSecondsPerMillion),
                        median(phase, client, PhaseRun::allocatedBytesPerRecord),
                        median(phase, client, PhaseRun::peakHeapMiB)));
            }
        }
        double rps = ratio(phase, PhaseRun::recordsPerSecond);
        if (!Double.isNaN(rps)) {
            t.append(String.format(Locale.ROOT, "%-8s %-16s %-6s %12s %7s %12s %7s %7s %8s %8s %8s%n", phase,
                    "ours/" + rival, "", "", "", times(rps), "", "", times(ratio(phase,
                            PhaseRun::cpuSecondsPerMillion)), times(ratio(phase, PhaseRun::allocatedBytesPerRecord)),
                    times(ratio(phase, PhaseRun::peakHeapMiB))));
        }
        double api = apiRatio(phase, PhaseRun::recordsPerSecond);
        if (!Double.isNaN(api)) {
            t.append(String.format(Locale.ROOT, "%-8s %-16s %-6s %12s %7s %12s %7s %7s %8s %8s %8s%n", phase,
                    SEND_LABEL + "/" + DriverBenchClient.LABEL, "", "", "", times(api), "", "",
                    times(apiRatio(phase, PhaseRun::cpuSecondsPerMillion)),
                    times(apiRatio(phase, PhaseRun::allocatedBytesPerRecord)),
                    times(apiRatio(phase, PhaseRun::peakHeapMiB))));
        }
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "x%.2f", ratio);
    }

    private void latencyRows(StringBuilder t) {
        t.append(String.format(Locale.ROOT, "%-16s %-14s %12s %9s %9s %9s %9s%n", "latency ms", "client", "count",
                "p50", "p99", "p99.9", "max"));
        Set<String> kinds = new LinkedHashSet<>();
        latencies.forEach(l -> kinds.add(l.kind()));
        for (String kind : kinds) {
            LatencySummary ours = null;
            LatencySummary theirs = null;
            for (LatencySummary l : latencies) {
                if (l.kind().equals(kind)) {
                    t.append(String.format(Locale.ROOT, "%-16s %-14s %,12d %9.2f %9.2f %9.2f %9.2f%n", kind,
                            l.client(), l.count(), l.p50(), l.p99(), l.p999(), l.max()));
                    ours = l.client().equals(DriverBenchClient.LABEL) ? l : ours;
                    theirs = l.client().equals(rival) ? l : theirs;
                }
            }
            if (ours != null && theirs != null) {
                t.append(String.format(Locale.ROOT, "%-16s %-14s %12s %9s %9s %9s %9s%n", kind, "ours/official", "",
                        times(ours.p50() / theirs.p50()), times(ours.p99() / theirs.p99()),
                        times(ours.p999() / theirs.p999()), times(ours.max() / theirs.max())));
            }
        }
    }

    /** Returns the median of a figure over one client's group start-ups, NaN without any (NaN values last). */
    double groupMedian(String client, ToDoubleFunction<GroupStartup> figure) {
        double[] v = groupStartups.stream().filter(g -> g.client().equals(client)).mapToDouble(figure).sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Returns groupMedian(ours) / groupMedian(official) of a figure, NaN when a client did not run. */
    double groupRatio(ToDoubleFunction<GroupStartup> figure) {
        return groupMedian(DriverBenchClient.LABEL, figure) / groupMedian(rival, figure);
    }

    /**
     * Renders the group start-ups: a row per run (times to every member's first assignment and to the first record,
     * assignments heard, records/s from the first record, records per member), medians, and the ratios.
     */
    private void groupRows(StringBuilder t) {
        String head = "%-12s %-14s %-6s %15s %15s %7s %16s  %s%n";
        t.append(String.format(Locale.ROOT, head, "group start", "client", "run", "all assigned ms",
                "first record ms", "assigns", "rec/s from first", "records per member"));
        for (String client : clients()) {
            List<GroupStartup> of = groupStartups.stream().filter(g -> g.client().equals(client)).toList();
            for (GroupStartup g : of) {
                t.append(String.format(Locale.ROOT, "%-12s %-14s %-6d %,15.1f %,15.1f %7d %,16.0f  %s%n",
                        GroupMode.PHASE, client, g.index(), g.allAssignedMillis(), g.firstRecordMillis(),
                        g.assignments(), g.recordsPerSecondFromFirstRecord(), String.join(" / ",
                                g.memberRecords().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList())));
            }
            if (of.size() > 1) {
                t.append(String.format(Locale.ROOT, "%-12s %-14s %-6s %,15.1f %,15.1f %7s %,16.0f%n", GroupMode.PHASE,
                        client, "median", groupMedian(client, GroupStartup::allAssignedMillis),
                        groupMedian(client, GroupStartup::firstRecordMillis), "",
                        groupMedian(client, GroupStartup::recordsPerSecondFromFirstRecord)));
            }
        }
        double assigned = groupRatio(GroupStartup::allAssignedMillis);
        double first = groupRatio(GroupStartup::firstRecordMillis);
        if (!Double.isNaN(assigned) || !Double.isNaN(first)) {
            t.append(String.format(Locale.ROOT, "%-12s %-14s %-6s %15s %15s %7s %16s%n", GroupMode.PHASE,
                    "ours/official", "", times(assigned), times(first), "",
                    times(groupRatio(GroupStartup::recordsPerSecondFromFirstRecord))));
        }
    }

    private static String verificationLine(Verification v) {
        if (v.ok()) {
            return String.format(Locale.ROOT, "verified %s: %,d of %,d records read back %s, %,d duplicates,"
                    + " offsets in order per partition", v.client(), v.distinct(), v.expected(),
                    v.checksummed() ? "intact (checksum ok)" : "(sequence numbers; checksum not computed)",
                    v.duplicates());
        }
        return String.format(Locale.ROOT, "NOT VERIFIED %s: %,d of %,d records read back, %,d missing, %,d"
                + " duplicates, %,d foreign, %,d out of offset order, checksum %s", v.client(), v.distinct(),
                v.expected(), v.missing(), v.duplicates(), v.foreign(), v.outOfOrder(),
                v.intact() ? "ok" : v.missing() == 0 ? "MISMATCH" : "incomplete");
    }

    /**
     * Renders the results as one JSON object: {@code tool}, {@code mode}, {@code settings}, {@code environment},
     * {@code runs} (every measured phase), {@code summary} (medians per phase and client), {@code ratios}
     * (ours/official medians per phase), {@code apiRatios} (ours-send/ours medians per phase, produce mode with
     * {@code --api both}), {@code latency}, {@code groupStartup} (group mode: every run's start-up,
     * then {@code groupStartupSummary} with the medians per client and {@code groupStartupRatios}),
     * {@code verification}, {@code notes} and {@code success}.
     *
     * @return the JSON text
     */
    String toJson() {
        JsonWriter j = new JsonWriter().beginObject().name("tool").value("kafka-driver-bench")
                .name("mode").value(settings.mode().label()).name("rival").value(rival);
        writeSettings(j.name("settings"));
        Runtime rt = Runtime.getRuntime();
        j.name("environment").beginObject()
                .name("java").value(System.getProperty("java.vm.name") + " " + Runtime.version())
                .name("availableProcessors").value(rt.availableProcessors())
                .name("maxHeapBytes").value(rt.maxMemory())
                .name("bootstrap").value(bootstrap)
                .name("ownBroker").value(settings.bootstrap() == null)
                .endObject();
        j.name("runs").beginArray();
        for (PhaseRun r : runs) {
            ResourceUsage u = r.usage();
            j.beginObject().name("phase").value(r.phase()).name("client").value(r.client())
                    .name("index").value(r.index()).name("records").value(r.records())
                    .name("seconds").value(r.seconds()).name("cpuSeconds").value(r.cpuSeconds())
                    .name("gcCount").value(u.gcCount()).name("gcMillis").value(u.gcMillis())
                    .name("brokerCpuSeconds").value(u.brokerCpuNanos() < 0 ? Double.NaN : u.brokerCpuNanos() / 1e9);
            for (int i = 0; i < FIGURES.size(); i++) {
                j.name(FIGURES.get(i)).value(FIGURE_OF.get(i).applyAsDouble(r));
            }
            j.endObject();
        }
        j.endArray();
        writeSummary(j);
        j.name("latency").beginArray();
        for (LatencySummary l : latencies) {
            j.beginObject().name("client").value(l.client()).name("kind").value(l.kind())
                    .name("count").value(l.count()).name("p50Ms").value(l.p50()).name("p99Ms").value(l.p99())
                    .name("p999Ms").value(l.p999()).name("maxMs").value(l.max()).endObject();
        }
        j.endArray();
        writeGroupStartups(j);
        j.name("verification").beginArray();
        for (Verification v : verifications) {
            j.beginObject().name("client").value(v.client()).name("expected").value(v.expected())
                    .name("received").value(v.received()).name("distinct").value(v.distinct())
                    .name("missing").value(v.missing()).name("duplicates").value(v.duplicates())
                    .name("foreign").value(v.foreign()).name("outOfOrder").value(v.outOfOrder())
                    .name("intact").value(v.intact()).name("checksummed").value(v.checksummed()).name("ok").value(v.ok()).endObject();
        }
        j.endArray();
        j.name("notes").beginArray();
        notes.forEach(j::value);
        j.endArray();
        return j.name("success").value(success()).endObject().toString();
    }

    /** Writes the group start-ups, their medians and ratios (empty arrays outside the group mode). */
    private void writeGroupStartups(JsonWriter j) {
        j.name("groupStartup").beginArray();
        for (GroupStartup g : groupStartups) {
            j.beginObject().name("client").value(g.client()).name("index").value(g.index())
                    .name("members").value(g.members()).name("allAssignedMs").value(g.allAssignedMillis())
                    .name("firstRecordMs").value(g.firstRecordMillis()).name("assignments").value(g.assignments())
                    .name("recordsPerSecondFromFirstRecord").value(g.recordsPerSecondFromFirstRecord())
                    .name("memberRecords").beginArray();
            g.memberRecords().forEach(n -> j.value((long) n));
            j.endArray().endObject();
        }
        j.endArray();
        j.name("groupStartupSummary").beginArray();
        for (String client : clients()) {
            long n = groupStartups.stream().filter(g -> g.client().equals(client)).count();
            if (n > 0) {
                j.beginObject().name("client").value(client).name("runs").value(n)
                        .name("allAssignedMs").value(groupMedian(client, GroupStartup::allAssignedMillis))
                        .name("firstRecordMs").value(groupMedian(client, GroupStartup::firstRecordMillis))
                        .name("recordsPerSecondFromFirstRecord")
                        .value(groupMedian(client, GroupStartup::recordsPerSecondFromFirstRecord)).endObject();
            }
        }
        j.endArray();
        j.name("groupStartupRatios").beginArray();
        if (!Double.isNaN(groupRatio(GroupStartup::firstRecordMillis))) {
            j.beginObject().name("allAssignedMs").value(groupRatio(GroupStartup::allAssignedMillis))
                    .name("firstRecordMs").value(groupRatio(GroupStartup::firstRecordMillis))
                    .name("recordsPerSecondFromFirstRecord")
                    .value(groupRatio(GroupStartup::recordsPerSecondFromFirstRecord)).endObject();
        }
        j.endArray();
    }

    private void writeSettings(JsonWriter j) {
        BenchSettings s = settings;
        j.beginObject().name("records").value(s.mode() == BenchSettings.Mode.LATENCY ? s.latencyRecords()
                        : s.records()).name("recordSize").value(s.recordSize())
                .name("partitions").value(s.partitions()).name("codec").value(s.codec()).name("acks").value(s.acks())
                .name("idempotence").value(s.idempotence()).name("security").value(s.security())
                .name("lingerMs").value(s.lingerMs()).name("batchBytes").value(s.batchBytes())
                .name("oursBatchRecords").value(s.produceWorkload().recordsPerBatch())
                .name("bufferMemory").value(s.produceWorkload().bufferMemory())
                .name("oursBufferedRecords").value(s.produceWorkload().maxBufferedRecords())
                .name("api").value(s.api().name().toLowerCase(Locale.ROOT))
                .name("compare").value(s.compare()).name("repeat").value(s.repeat())
                .name("warmupFraction").value(s.warmupFraction()).name("rate").value(s.rate())
                .name("durationSeconds").value(s.durationSeconds());
        if (s.mode() == BenchSettings.Mode.GROUP) {
            j.name("groupMembers").value(GroupMode.MEMBERS);
        }
        if (s.mode() == BenchSettings.Mode.STREAMS) {
            j.name("streamParallelism").value(s.streamParallelism()).name("sourceBuffer").value(s.sourceBuffer());
        }
        j.endObject();
    }

    private void writeSummary(JsonWriter j) {
        j.name("summary").beginArray();
        for (String phase : phases()) {
            for (String client : clients()) {
                int n = runsOf(phase, client).size();
                if (n == 0) {
                    continue;
                }
                j.beginObject().name("phase").value(phase).name("client").value(client).name("runs").value(n)
                        .name("seconds").value(median(phase, client, PhaseRun::seconds))
                        .name("cpuSeconds").value(median(phase, client, PhaseRun::cpuSeconds));
                for (int i = 0; i < FIGURES.size(); i++) {
                    j.name(FIGURES.get(i)).value(median(phase, client, FIGURE_OF.get(i)));
                }
                j.endObject();
            }
        }
        j.endArray();
        j.name("ratios").beginArray();
        for (String phase : phases()) {
            if (Double.isNaN(ratio(phase, PhaseRun::recordsPerSecond))) {
                continue;
            }
            j.beginObject().name("phase").value(phase);
            for (int i = 0; i < FIGURES.size(); i++) {
                j.name(FIGURES.get(i)).value(ratio(phase, FIGURE_OF.get(i)));
            }
            j.endObject();
        }
        j.endArray();
        j.name("apiRatios").beginArray();
        for (String phase : phases()) {
            if (Double.isNaN(apiRatio(phase, PhaseRun::recordsPerSecond))) {
                continue;
            }
            j.beginObject().name("phase").value(phase);
            for (int i = 0; i < FIGURES.size(); i++) {
                j.name(FIGURES.get(i)).value(apiRatio(phase, FIGURE_OF.get(i)));
            }
            j.endObject();
        }
        j.endArray();
    }
}
