/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.BenchSettings.Mode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: {@code java -jar kafka-driver-bench.jar} starts a broker in its own JVM, produces records with
 * kafka-driver, reads them back, checks every one and prints a summary ({@link RoundTripMode}); {@code --mode}
 * picks the producer ({@link ProduceMode}), consumer ({@link ConsumeMode}), latency ({@link LatencyMode}),
 * consumer-group ({@link GroupMode}) or Pekko Streams ({@link StreamsMode}) benchmark instead, {@code --compare} runs the official Java client on the same
 * workload too. Subcommands: {@code produce} (the producer benchmark with all its options, {@link ProduceBenchmark}),
 * {@code chart} ({@link ChartCommand}), and the whole-process programs {@code whole-produce}, {@code whole-consume}
 * and their {@code broker} ({@link WholeProcess}; {@code --mode whole-produce} etc. name them too).
 */
@Command(name = "kafka-driver-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs kafka-driver against a Kafka broker started in its own JVM (or --bootstrap): by default"
                + " a round trip that produces --records records, reads them all back, checks each one (sequence"
                + " number and checksum) and prints records/s, MB/s, produce latency, CPU and peak heap.",
                "Progress is shown while it runs (one updating line on a terminal, a line every 2 s otherwise)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every record verified (or acknowledged)", "1:records missing, corrupt or not"
                + " acknowledged, or a failure", "2:bad option or value"})
public final class Main implements Callable<Integer> {

    @Option(names = "--mode", defaultValue = "roundtrip", paramLabel = "MODE", description = {"What to run (default:"
            + " ${DEFAULT-VALUE}):", "roundtrip: produce with send() timing each acknowledgement, read back from the"
            + " earliest offsets, verify;", "produce: producer throughput and CPU (fire-and-forget produce, warm-up,"
            + " fresh topic per run);", "consume: read a topic pre-filled by the official producer;",
            "latency: produce->ack and produce->consume percentiles at a fixed --rate;",
            "group: a consumer group of " + GroupMode.MEMBERS + " members (a client each; classic protocol, range"
            + " assignor, no commits) reads a topic of " + GroupMode.PARTITIONS + " partitions pre-filled by the"
            + " official producer; the clock runs from the members' creation to the last record, and the times to"
            + " the first record and to every member's first assignment are reported too (the broker started here"
            + " gets Kafka's default group.initial.rebalance.delay.ms=" + GroupMode.INITIAL_REBALANCE_DELAY_MS
            + ", so that the group forms in one rebalance);",
            "streams: produce through KafkaSink, then read a topic pre-filled by the official producer through"
            + " KafkaSource.topic from the earliest offsets; with --compare, pekko-connectors-kafka's"
            + " Producer.plainSink and Consumer.plainExternalSource (a manual assignment from the beginning) on the"
            + " same workload;",
            "whole-produce, whole-consume, broker: the whole-process programs of one client each, to time with"
            + " /usr/bin/time -v, and a broker for them (the subcommands of those names; see their --help)."})
    private Mode mode;
    @Option(names = "--compare", description = "Also run the official Java client (kafka-clients) on the same"
            + " workload, in the same run, and print both with the ratios ours/official (the streams mode:"
            + " pekko-connectors-kafka, ratios ours/" + StreamsMode.RIVAL + ").")
    private boolean compare;
    @Option(names = "--records", paramLabel = "N", description = "Records to produce (roundtrip, produce) or to"
            + " pre-fill and read (consume, group), or both (streams) (default: " + BenchSettings.ROUNDTRIP_RECORDS
            + " for roundtrip, " + BenchSettings.BENCHMARK_RECORDS + " for produce, consume, group and streams;"
            + " latency uses --rate and --duration).")
    private Long records;
    @Option(names = "--record-size", defaultValue = "100", paramLabel = "BYTES", description = "Value bytes, at"
            + " least 16 (default: ${DEFAULT-VALUE}); keys are null.")
    private int recordSize;
    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of each fresh topic (default:"
            + " ${DEFAULT-VALUE}; the group mode's topic always has " + GroupMode.PARTITIONS + ").")
    private int partitions;
    @Option(names = "--codec", defaultValue = "none", description = "Compression: none, gzip, snappy, lz4 or zstd"
            + " (default: ${DEFAULT-VALUE}).")
    private String codec;
    @Option(names = "--acks", defaultValue = "1", description = "Acknowledgements: 0, 1 or all (default:"
            + " ${DEFAULT-VALUE}).")
    private String acks;
    @Option(names = "--idempotence", defaultValue = "off", paramLabel = "on|off", description = "The idempotent"
            + " producer on both clients (ours: idempotence(true); official: enable.idempotence=true); on needs"
            + " --acks all (default: ${DEFAULT-VALUE}: off on both).")
    private String idempotence;
    @Option(names = "--linger-ms", defaultValue = "5", paramLabel = "MS", description = "Linger before a batch is"
            + " sent (default: ${DEFAULT-VALUE}).")
    private int lingerMs;
    @Option(names = "--batch-bytes", defaultValue = "65536", paramLabel = "BYTES", description = "The official"
            + " client's batch.size; ours gets batch-bytes / (record-size + 10) records per batch (default:"
            + " ${DEFAULT-VALUE}).")
    private int batchBytes;
    @Option(names = "--rate", defaultValue = "50000", paramLabel = "RECORDS/S", description = "Latency mode: the"
            + " fixed send rate (default: ${DEFAULT-VALUE}).")
    private int rate;
    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS", description = "Latency mode:"
            + " measured seconds per run, after a warm-up of a quarter of it, at most 5 s; before the first run every"
            + " client loads the broker, unmeasured, for " + LatencyMode.BROKER_WARMUP_PER_DURATION + " times this,"
            + " at most " + LatencyMode.BROKER_WARMUP_SECONDS + " s"
            + " (default: ${DEFAULT-VALUE}).")
    private int duration;
    @Option(names = "--repeat", paramLabel = "N", description = "Produce, consume, group,"
            + " streams and latency modes: measured runs per client (streams: per phase), in alternating order;"
            + " medians are reported (latency: each client's latencies pooled over its runs) (default: 3 with"
            + " --compare, else 1; latency: 1).")
    private Integer repeat;
    @Option(names = "--warmup", defaultValue = "0.2", paramLabel = "FRACTION", description = "Produce, consume,"
            + " group and streams modes: unmeasured warm-up records per client, as a fraction of --records (the group mode: read"
            + " by a group of its own) (default: ${DEFAULT-VALUE}).")
    private double warmup;
    @Option(names = "--stream-parallelism", defaultValue = "" + BenchSettings.STREAM_PARALLELISM, paramLabel = "N",
            description = "Streams mode: records in flight per sink, both sinks (default: ${DEFAULT-VALUE},"
            + " pekko-connectors-kafka's default; ours' own default is 1,000).")
    private int streamParallelism;
    @Option(names = "--source-buffer", defaultValue = "" + BenchSettings.SOURCE_BUFFER, paramLabel = "N",
            description = "Streams mode: records ours' KafkaSource holds or has asked for (default:"
            + " ${DEFAULT-VALUE}, its default; pekko-connectors-kafka's source has no such setting).")
    private int sourceBuffer;
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this cluster instead of starting"
            + " a broker in its own JVM (topics with the prefix kdb- are created on it).")
    private String bootstrap;
    @Option(names = "--security", defaultValue = "plaintext", paramLabel = "plaintext|ssl", description = {
        "Produce and consume modes: ssl connects both clients over TLS to the benchmark's own broker (a self-signed",
        "certificate, trusted as PEM, host name verified); default: ${DEFAULT-VALUE}."})
    private String security;

    @Option(names = "--api", defaultValue = "produce", paramLabel = "produce|send|both", description = {
        "Produce mode: which of ours' calls produces: produce (fire and forget, outcomes from the batch events;",
        "client 'ours'), send (a future per record with a whenComplete each; client 'ours-send') or both, as two",
        "clients of the same run in alternating order, with the ratio ours-send/ours (default: ${DEFAULT-VALUE})."})
    private BenchSettings.ProduceApi api;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to this file as JSON.")
    private Path json;
    @Option(names = "--chart", paramLabel = "FILE.svg", description = "Also draw the results as an SVG chart"
            + " (several runs: see the chart subcommand).")
    private Path chart;

    @Spec
    private CommandSpec spec;

    private final PrintStream out;
    private final boolean terminal;

    /**
     * Creates the command.
     *
     * @param out      where the progress and the summary go
     * @param terminal whether {@code out} is a terminal (progress rewrites one line) or not (plain lines)
     */
    public Main(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Builds the command line with its subcommands: enum values are case-insensitive, a subcommand's name may be an
     * option's value ({@code --mode produce}); a bad option or value exits with status 2 after a message and the
     * usage.
     *
     * @param out      where the output goes
     * @param terminal whether {@code out} is a terminal
     * @return the command line
     */
    public static CommandLine commandLine(PrintStream out, boolean terminal) {
        return WholeProcess.addTo(new CommandLine(new Main(out, terminal))
                .addSubcommand("produce", new ProduceBenchmark(out, out))
                .addSubcommand("chart", new ChartCommand(out)), out)
                .setCaseInsensitiveEnumValuesAllowed(true)
                // "--mode produce" names the mode, not the produce subcommand.
                .setAllowSubcommandsAsOptionParameters(true);
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.console() != null).execute(WholeProcess.rewrite(args)));
    }

    /**
     * Runs the chosen mode, prints the summary, writes the JSON and the chart when asked.
     *
     * @return 0 when every record was verified (or acknowledged), 1 otherwise
     * @throws IOException when the JSON or the chart cannot be written
     */
    @Override
    public Integer call() throws IOException {
        BenchSettings s = settings();
        out.println(s.bootstrap() == null ? "Starting a Kafka broker in its own JVM..." : "Using the cluster at "
                + s.bootstrap());
        Report report;
        try (BenchCluster cluster = s.tls() ? BenchCluster.openWithSsl() : BenchCluster.open(s.bootstrap(),
                s.mode() == Mode.GROUP ? GroupMode.brokerProperties() : Map.of())) {
            if (s.tls()) {
                s = s.withTrustPem(cluster.sslCertificatePem());
                out.printf("Clients over TLS at %s%n", cluster.sslBootstrap());
            }
            out.printf("Kafka at %s; mode %s%s%n", cluster.bootstrap(), s.mode().label(),
                    s.compare() ? ", ours and " + (s.mode() == Mode.STREAMS ? "pekko-connectors-kafka" : "the official client") : "");
            BenchRun run = new BenchRun(s, cluster, out, terminal);
            switch (s.mode()) {
                case ROUNDTRIP -> RoundTripMode.run(run);
                case PRODUCE -> ProduceMode.run(run);
                case CONSUME -> ConsumeMode.run(run);
                case LATENCY -> LatencyMode.run(run);
                case GROUP -> GroupMode.run(run);
                case STREAMS -> StreamsMode.run(run);
                default -> throw new IllegalStateException("unknown mode " + s.mode());
            }
            report = run.report();
        }
        out.print(report.table());
        String results = report.toJson();
        if (s.json() != null) {
            Files.writeString(s.json(), results + System.lineSeparator(), StandardCharsets.UTF_8);
            out.println("results written to " + s.json());
        }
        if (s.chart() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) MiniJson.parse(results);
            Files.writeString(s.chart(), SvgChart.render(List.of(parsed)), StandardCharsets.UTF_8);
            out.println("chart written to " + s.chart());
        }
        out.flush();
        return report.success() ? 0 : 1;
    }

    /** Resolves the per-mode defaults and checks the values; a bad one is a usage error (exit status 2). */
    private BenchSettings settings() {
        long n = records != null ? records : mode == Mode.ROUNDTRIP ? BenchSettings.ROUNDTRIP_RECORDS
                : BenchSettings.BENCHMARK_RECORDS;
        int runs = repeat != null ? repeat : compare && (mode == Mode.PRODUCE || mode == Mode.CONSUME
                || mode == Mode.GROUP || mode == Mode.STREAMS) ? 3 : 1;
        int topicPartitions = partitions;
        if (mode == Mode.GROUP) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--partitions")
                    && partitions != GroupMode.PARTITIONS) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--partitions: the group mode's topic"
                        + " has " + GroupMode.PARTITIONS + " partitions, was " + partitions);
            }
            topicPartitions = GroupMode.PARTITIONS;
        }
        try {
            return new BenchSettings(mode, n, recordSize, topicPartitions, codec, acks, lingerMs, batchBytes, compare,
                    runs, warmup, rate, duration, bootstrap, json, chart, streamParallelism, sourceBuffer,
                    onOff(idempotence), security, null, api);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private boolean onOff(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--idempotence must be on or off,"
                    + " was '" + value + "'");
        };
    }
}
