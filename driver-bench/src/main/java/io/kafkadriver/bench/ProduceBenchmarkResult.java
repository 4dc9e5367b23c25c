/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.ProduceWorkload.Client;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of a producer benchmark: every measured run of both clients, their medians, the ratios
 * ours/official, and renderings as a table and as JSON.
 *
 * @param workload  what was run
 * @param bootstrap the cluster it ran against
 * @param runs      every measured run, in the order they ran
 */
public record ProduceBenchmarkResult(ProduceWorkload workload, String bootstrap, List<RunResult> runs) {

    /** Copies the run list. */
    public ProduceBenchmarkResult {
        runs = List.copyOf(runs);
    }

    /**
     * Tells whether every run of both clients had every record acknowledged.
     *
     * @return true when all runs are complete
     */
    public boolean allAcknowledged() {
        return runs.stream().allMatch(RunResult::complete);
    }

    /**
     * Returns one client's runs, in order.
     *
     * @param client the client
     * @return its runs
     */
    public List<RunResult> runsOf(Client client) {
        return runs.stream().filter(r -> r.client() == client).toList();
    }

    /**
     * Returns the median of a figure over one client's runs (the mean of the middle two for an even count).
     *
     * @param client the client
     * @param figure the figure
     * @return the median, or NaN without runs
     */
    public double median(Client client, ToDoubleFunction<RunResult> figure) {
        double[] v = runsOf(client).stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Returns median(ours) / median(official) of a figure.
     *
     * @param figure the figure
     * @return the ratio
     */
    public double ratio(ToDoubleFunction<RunResult> figure) {
        return median(Client.OURS, figure) / median(Client.OFFICIAL, figure);
    }

    /**
     * Returns ours/official records per second for each pair of runs (run i of each client).
     *
     * @return one ratio per pair
     */
    public double[] pairThroughputRatios() {
        List<RunResult> ours = runsOf(Client.OURS);
        List<RunResult> theirs = runsOf(Client.OFFICIAL);
        double[] ratios = new double[Math.min(ours.size(), theirs.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = ours.get(i).recordsPerSecond() / theirs.get(i).recordsPerSecond();
        }
        return ratios;
    }

    /**
     * Renders the human-readable report: the workload, one row per run, the medians when there are several runs,
     * the ratios, and a failure line per incomplete run.
     *
     * @return the table, lines separated by {@code \n}
     */
    public String table() {
        ProduceWorkload w = workload;
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Produce benchmark: %,d records x %d B (%s values, null keys) to %d"
                + " partitions at %s; codec %s, acks %s, idempotence %s, linger %d ms, batch %d B (ours: %d records), buffer %d B"
                + " (ours: %d records), %d run(s) each, order %s, warm-up %,d records%n", w.records(),
                w.recordSize(), w.values().name().toLowerCase(Locale.ROOT), w.partitions(), bootstrap, w.codec(),
                w.acks(), w.idempotence() ? "on" : "off", w.lingerMs(), w.batchBytes(), w.recordsPerBatch(), w.bufferMemory(),
                w.maxBufferedRecords(), w.repeat(), w.order().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                w.warmupRecords()));
        String header = String.format(Locale.ROOT, "%-9s %-6s %12s %8s %8s %11s %11s %10s %5s %12s %10s%n",
                "client", "run", "records/s", "MB/s", "time s", "cpu-s/M rec", "alloc B/rec", "heap MiB",
                "GCs", "broker cpu/M", "acked");
        t.append(header);
        for (RunResult r : runs) {
            t.append(row(r.client().label(), Integer.toString(r.index()), r.recordsPerSecond(),
                    r.megabytesPerSecond(), r.seconds(), r.cpuSecondsPerMillion(), r.allocatedBytesPerRecord(),
                    r.peakHeapMiB(), Long.toString(r.usage().gcCount()), r.brokerCpuSecondsPerMillion(),
                    String.format(Locale.ROOT, "%,d", r.acknowledged())));
        }
        if (w.repeat() > 1) {
            for (Client c : Client.values()) {
                if (runsOf(c).isEmpty()) {
                    continue;
                }
                t.append(row(c.label(), "median", median(c, RunResult::recordsPerSecond),
                        median(c, RunResult::megabytesPerSecond), median(c, RunResult::seconds),
                        median(c, RunResult::cpuSecondsPerMillion), median(c, RunResult::allocatedBytesPerRecord),
                        median(c, RunResult::peakHeapMiB), "", median(c, RunResult::brokerCpuSecondsPerMillion),
                        ""));
            }
        }
        t.append(String.format(Locale.ROOT, "ours/official%s: records/s x%.2f, cpu per record x%.2f, alloc per"
                + " record x%.2f, peak heap x%.2f%n", w.repeat() > 1 ? " (medians)" : "",
                ratio(RunResult::recordsPerSecond), ratio(RunResult::cpuSecondsPerMillion),
                ratio(RunResult::allocatedBytesPerRecord), ratio(RunResult::peakHeapMiB)));
        if (w.repeat() > 1) {
            double[] pairs = pairThroughputRatios();
            double[] sorted = pairs.clone();
            Arrays.sort(sorted);
            t.append(String.format(Locale.ROOT, "per-pair records/s ratios: %s (min %.2f, max %.2f)%n",
                    Arrays.toString(Arrays.stream(pairs).mapToObj(d -> String.format(Locale.ROOT, "%.2f", d))
                            .toArray()), sorted[0], sorted[sorted.length - 1]));
        }
        for (RunResult r : runs) {
            if (!r.complete()) {
                t.append(String.format(Locale.ROOT, "FAILED: %s run %d acknowledged %,d of %,d records (%,d"
                        + " failed%s)%n", r.client().label(), r.index(), r.acknowledged(), r.records(), r.failed(),
                        r.firstError() == null ? "" : "; first error: " + r.firstError()));
            }
        }
        return t.toString();
    }

    private static String row(String client, String run, double rps, double mbps, double secs, double cpu,
                              double alloc, double heap, String gcs, double broker, String acked) {
        return String.format(Locale.ROOT, "%-9s %-6s %,12.0f %8.1f %8.2f %11.2f %11.1f %10.1f %5s %12s %10s%n",
                client, run, rps, mbps, secs, cpu, alloc, heap, gcs,
                broker < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", broker), acked);
    }

    /**
     * Renders the result as one JSON object: {@code workload}, {@code environment}, {@code runs} (every figure of
     * every run), {@code clients} (medians per client, keyed {@code ours} and {@code official}), {@code ratios}
     * (ours/official medians), {@code pairThroughputRatios} and {@code success}.
     *
     * @return the JSON text
     */
    public String toJson() {
        JsonWriter j = new JsonWriter().beginObject();
        writeWorkload(j.name("workload"));
        Runtime rt = Runtime.getRuntime();
        j.name("environment").beginObject()
                .name("java").value(System.getProperty("java.vm.name") + " " + Runtime.version())
                .name("availableProcessors").value(rt.availableProcessors())
                .name("maxHeapBytes").value(rt.maxMemory())
                .name("bootstrap").value(bootstrap)
                .endObject();
        j.name("runs").beginArray();
        for (RunResult r : runs) {
            writeRun(j, r);
        }
        j.endArray();
        j.name("clients").beginObject();
        for (Client c : Client.values()) {
            if (c == Client.OURS_SEND && runsOf(c).isEmpty()) {
                continue; // ours and official always, as before ours-send existed
            }
            j.name(c.label()).beginObject();
            writeFigures(j, r -> median(c, r));
            j.endObject();
        }
        j.endObject();
        j.name("ratios").beginObject();
        writeFigures(j, this::ratio);
        j.endObject();
        j.name("pairThroughputRatios").beginArray();
        for (double d : pairThroughputRatios()) {
            j.value(d);
        }
        j.endArray();
        return j.name("success").value(allAcknowledged()).endObject().toString();
    }

    private void writeWorkload(JsonWriter j) {
        ProduceWorkload w = workload;
        j.beginObject().name("records").value(w.records()).name("recordSize").value(w.recordSize())
                .name("partitions").value(w.partitions()).name("codec").value(w.codec()).name("acks").value(w.acks())
                .name("idempotence").value(w.idempotence())
                .name("lingerMs").value(w.lingerMs()).name("batchBytes").value(w.batchBytes())
                .name("oursBatchRecords").value(w.recordsPerBatch()).name("bufferMemory").value(w.bufferMemory())
                .name("oursMaxBufferedRecords").value(w.maxBufferedRecords())
                .name("oursRoundRobinRun").value(w.effectiveRoundRobinRun()).name("repeat").value(w.repeat())
                .name("order").value(w.order().name()).name("warmupRecords").value(w.warmupRecords())
                .name("values").value(w.values().name()).endObject();
    }

    private static void writeRun(JsonWriter j, RunResult r) {
        ResourceUsage u = r.usage();
        j.beginObject().name("client").value(r.client().label()).name("index").value(r.index())
                .name("records").value(r.records()).name("acknowledged").value(r.acknowledged())
                .name("failed").value(r.failed()).name("firstError").value(r.firstError())
                .name("elapsedNanos").value(u.elapsedNanos()).name("cpuNanos").value(u.cpuNanos())
                .name("allocatedBytes").value(u.allocatedBytes()).name("peakHeapBytes").value(u.peakHeapBytes())
                .name("gcCount").value(u.gcCount()).name("gcMillis").value(u.gcMillis())
                .name("brokerCpuNanos").value(u.brokerCpuNanos());
        writeFigures(j, f -> f.applyAsDouble(r));
        j.endObject();
    }

    /** Writes the derived figures, each computed by {@code of} from its {@link RunResult} accessor. */
    private static void writeFigures(JsonWriter j, Function<ToDoubleFunction<RunResult>, Double> of) {
        List<String> names = List.of("seconds", "recordsPerSecond", "megabytesPerSecond",
                "cpuSecondsPerMillion", "allocatedBytesPerRecord", "peakHeapMiB", "brokerCpuSecondsPerMillion");
        List<ToDoubleFunction<RunResult>> figures = List.of(RunResult::seconds, RunResult::recordsPerSecond,
                RunResult::megabytesPerSecond, RunResult::cpuSecondsPerMillion, RunResult::allocatedBytesPerRecord,
                RunResult::peakHeapMiB, RunResult::brokerCpuSecondsPerMillion);
        for (int i = 0; i < names.size(); i++) {
            j.name(names.get(i)).value(of.apply(figures.get(i)));
        }
    }
}
