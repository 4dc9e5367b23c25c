/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What the main command runs, resolved from its options: the mode, the workload (identical for both clients) and
 * where the results go. Checked on construction; a bad value throws {@link IllegalArgumentException} naming the
 * option.
 *
 * @param mode            what to run
 * @param records         records to produce (roundtrip, produce) or to pre-fill and read (consume, group); unused by
 *                        latency
 * @param recordSize      value bytes, at least {@link Payload#HEADER_BYTES}
 * @param partitions      partitions of each fresh topic ({@link GroupMode#PARTITIONS} in the group mode)
 * @param codec           none, gzip, snappy, lz4 or zstd
 * @param acks            0, 1 or all
 * @param lingerMs        linger in milliseconds
 * @param batchBytes      the official {@code batch.size}; ours gets {@code batchBytes / (recordSize + 10)} records
 * @param compare         also run the official Java client on the same workload
 * @param repeat          measured runs per client (produce, consume and group modes)
 * @param warmupFraction  warm-up records before the measured runs, as a fraction of {@code records} (produce,
 *                        consume and group modes)
 * @param rate            records per second of the latency mode
 * @param durationSeconds measured seconds of the latency mode (after a warm-up of a quarter of it, at most 5 s)
 * @param bootstrap       an existing cluster, or null to start a broker in its own JVM
 * @param json            where to write the JSON results, or null
 * @param chart           where to write the SVG chart, or null
 * @param streamParallelism streams mode: records in flight per sink, both sinks (ours' {@code ProducerSettings}
 *                        parallelism, pekko-connectors-kafka's {@code ProducerSettings.withParallelism})
 * @param sourceBuffer    streams mode: ours' {@code ConsumerSettings.bufferSize} (pekko-connectors-kafka's
 *                        {@code plainSource} has no such setting; it buffers what a poll returns)
 * @param idempotence     the idempotent producer on both clients (needs acks all)
 * @param security        {@code plaintext} or {@code ssl} (produce and consume modes: both clients over TLS to the
 *                        bench's own broker, trusting its self-signed certificate)
 * @param trustPem        the broker certificate the clients trust with {@code ssl}, known once the broker runs;
 *                        null before
 * @param api             produce mode: which of ours' calls produces ({@code produce}, {@code send} or both, as two
 *                        clients of the same run)
 */
public record BenchSettings(Mode mode, long records, int recordSize, int partitions, String codec, String acks,
                            int lingerMs, int batchBytes, boolean compare, int repeat, double warmupFraction, int rate,
                            int durationSeconds, String bootstrap, Path json, Path chart, int streamParallelism,
                            int sourceBuffer, boolean idempotence, String security, Path trustPem,
                            ProduceApi api) {

    /** Records of the default roundtrip: about 30 s on the shared 2-core machine. */
    public static final long ROUNDTRIP_RECORDS = 10_000_000;
    /** Records of the produce, consume, group and streams modes by default. */
    public static final long BENCHMARK_RECORDS = 5_000_000;
    /** Records in flight per sink in the streams mode by default: pekko-connectors-kafka's default parallelism. */
    public static final int STREAM_PARALLELISM = 10_000;
    /** Ours' source buffer in the streams mode by default: {@code io.kafkadriver.stream.ConsumerSettings}' default. */
    public static final int SOURCE_BUFFER = 1_000;

    /** Which of ours' producer calls the produce mode measures. */
    public enum ProduceApi {
        /** Fire-and-forget {@code ClusterClient.produce}, outcomes counted from the batch events: "ours". */
        PRODUCE,
        /** {@code ClusterClient.send}, a future per record with a {@code whenComplete} each: "ours-send". */
        SEND,
        /** Both, as two clients of the same run ("ours" and "ours-send"), in alternating order. */
        BOTH
    }

    /** What the main command runs. */
    public enum Mode {
        /** Produce with ours (per-record acknowledgement latency), read everything back, verify: the demo. */
        ROUNDTRIP,
        /** Producer throughput and cost ({@link ProduceBenchmark}). */
        PRODUCE,
        /** Consumer throughput and cost on a pre-filled topic. */
        CONSUME,
        /** Produce→ack and produce→consume latency at a fixed moderate rate. */
        LATENCY,
        /** A consumer group of {@link GroupMode#MEMBERS} members reading a pre-filled topic ({@link GroupMode}). */
        GROUP,
        /**
         * Producing through {@code KafkaSink} and consuming through {@code KafkaSource.topic}, against
         * pekko-connectors-kafka's {@code Producer.plainSink} and {@code Consumer.plainExternalSource} with
         * {@code --compare} ({@link StreamsMode}).
         */
        STREAMS;

        /**
         * Returns the mode's name as written on the command line and in the JSON.
         *
         * @return e.g. {@code roundtrip}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks every value and normalises the codec and acks spellings. */
    public BenchSettings {
        if (mode == null) {
            throw new IllegalArgumentException("--mode is required");
        }
        if (api == null) {
            api = ProduceApi.PRODUCE;
        }
        require(api == ProduceApi.PRODUCE || mode == Mode.PRODUCE, "--api " + api.name().toLowerCase(Locale.ROOT)
                + " is for the produce mode only, not " + mode.label());
        codec = codec.toLowerCase(Locale.ROOT);
        acks = acks.equals("-1") ? "all" : acks.toLowerCase(Locale.ROOT);
        require(records >= 1, "--records must be at least 1, was " + records);
        require(records <= Integer.MAX_VALUE, "--records must be at most " + Integer.MAX_VALUE + ", was " + records);
        require(recordSize >= Payload.HEADER_BYTES, "--record-size must be at least " + Payload.HEADER_BYTES
                + " (sequence number and time stamp), was " + recordSize);
        require(repeat >= 1, "--repeat must be at least 1, was " + repeat);
        require(rate >= 1, "--rate must be at least 1, was " + rate);
        require(durationSeconds >= 1, "--duration must be at least 1, was " + durationSeconds);
        require(warmupFraction >= 0 && warmupFraction <= 1, "--warmup must be between 0 and 1, was "
                + warmupFraction);
        require(streamParallelism >= 1, "--stream-parallelism must be at least 1, was " + streamParallelism);
        require(sourceBuffer >= 1, "--source-buffer must be at least 1, was " + sourceBuffer);
        security = security.toLowerCase(Locale.ROOT);
        require(security.equals("plaintext") || security.equals("ssl"), "--security must be plaintext or ssl, was "
                + security);
        require(security.equals("plaintext") || mode == Mode.PRODUCE || mode == Mode.CONSUME,
                "--security ssl is implemented for the produce and consume modes only, not " + mode.label());
        require(security.equals("plaintext") || bootstrap == null, "--security ssl needs the benchmark's own broker"
                + " (its self-signed certificate), not --bootstrap");
        // Checks partitions, codec, acks, linger and batch bytes with their names (the fields are not set yet).
        workload(records, recordSize, partitions, codec, acks, lingerMs, batchBytes, repeat, warmupFraction,
                bootstrap, idempotence);
    }

    /**
     * Settings without idempotence.
     *
     * @param mode            what to run
     * @param records         records
     * @param recordSize      value bytes
     * @param partitions      partitions of each fresh topic
     * @param codec           compression
     * @param acks            0, 1 or all
     * @param lingerMs        linger in milliseconds
     * @param batchBytes      the official batch.size
     * @param compare         also run the official client
     * @param repeat          measured runs per client
     * @param warmupFraction  warm-up records as a fraction of records
     * @param rate            records per second of the latency mode
     * @param durationSeconds measured seconds of the latency mode
     * @param bootstrap       an existing cluster, or null
     * @param json            where to write the JSON results, or null
     * @param chart           where to write the SVG chart, or null
     */
    public BenchSettings(Mode mode, long records, int recordSize, int partitions, String codec, String acks,
                         int lingerMs, int batchBytes, boolean compare, int repeat, double warmupFraction, int rate,
                         int durationSeconds, String bootstrap, Path json, Path chart) {
        this(mode, records, recordSize, partitions, codec, acks, lingerMs, batchBytes, compare, repeat,
                warmupFraction, rate, durationSeconds, bootstrap, json, chart, STREAM_PARALLELISM, SOURCE_BUFFER, false,
                "plaintext", null, ProduceApi.PRODUCE);
    }

    /**
     * A copy that trusts the running broker's certificate.
     *
     * @param pem the broker certificate as PEM
     * @return the copy
     */
    public BenchSettings withTrustPem(Path pem) {
        return new BenchSettings(mode, records, recordSize, partitions, codec, acks, lingerMs, batchBytes, compare,
                repeat, warmupFraction, rate, durationSeconds, bootstrap, json, chart, streamParallelism,
                sourceBuffer, idempotence, security, pem, api);
    }

    /**
     * Whether the clients connect over TLS.
     *
     * @return true with {@code --security ssl}
     */
    public boolean tls() {
        return security.equals("ssl");
    }

    /**
     * Adds the official client's TLS properties (PEM trust, host name verification on) when {@link #tls()}.
     *
     * @param p the client properties
     * @return {@code p}
     */
    java.util.Properties officialSecurity(java.util.Properties p) {
        if (tls()) {
            p.put("security.protocol", "SSL");
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.location", trustPem.toString());
        }
        return p;
    }

    /**
     * Adds the driver's TLS settings (the same PEM trust, host name verification on) when {@link #tls()}.
     *
     * @param b the configuration builder
     * @return {@code b}
     */
    io.kafkadriver.api.ConfigurationBuilder driverSecurity(io.kafkadriver.api.ConfigurationBuilder b) {
        if (tls()) {
            b.securityProtocol(io.kafkadriver.api.SecurityProtocol.SSL).sslTruststorePath(trustPem.toString());
        }
        return b;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Returns the producer benchmark's workload for these settings: random 100-byte values, 32 MiB of buffer,
     * alternating order (A B B A ...).
     *
     * @return the workload
     * @throws IllegalArgumentException when a shared value is out of range
     */
    public ProduceWorkload produceWorkload() {
        return workload(records, recordSize, partitions, codec, acks, lingerMs, batchBytes, repeat, warmupFraction,
                bootstrap, idempotence);
    }

    private static ProduceWorkload workload(long records, int recordSize, int partitions, String codec, String acks,
                                            int lingerMs, int batchBytes, int repeat, double warmupFraction,
                                            String bootstrap, boolean idempotence) {
        try {
            return new ProduceWorkload(records, recordSize, partitions, codec, acks, lingerMs, batchBytes, repeat,
                    ProduceWorkload.Order.ABBA, warmupFraction, ProduceWorkload.ValueKind.RANDOM,
                    ProduceWorkload.DEFAULT_BUFFER_MEMORY, 0, bootstrap, idempotence);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    /**
     * Returns the records the latency mode sends during its warm-up: a quarter of the duration, at most 5 s.
     *
     * @return records
     */
    public long latencyWarmupRecords() {
        return (long) rate * Math.min(5000, durationSeconds * 250L) / 1000;
    }

    /**
     * Returns the records the latency mode sends in all, warm-up included.
     *
     * @return records
     */
    public long latencyRecords() {
        return latencyWarmupRecords() + (long) rate * durationSeconds;
    }
}
