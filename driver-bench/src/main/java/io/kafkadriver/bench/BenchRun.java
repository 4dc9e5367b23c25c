/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * What every mode of the main command shares during one run: the settings, the cluster, where progress goes, the
 * report being filled, fresh topic names, client start-up, and the bounded waits.
 */
final class BenchRun {
    /** How long preparing a consumer (metadata) may take. */
    static final Duration OPEN_BOUND = Duration.ofSeconds(30);
    /** A consumer that received nothing for this long is given up on: records are missing. */
    static final Duration STALL = Duration.ofSeconds(20);

    private final BenchSettings settings;
    private final BenchCluster cluster;
    private final PrintStream log;
    private final boolean terminal;
    private final Report report;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    /**
     * Creates the run.
     *
     * @param settings what to run
     * @param cluster  where
     * @param log      where progress goes
     * @param terminal whether {@code log} is a terminal
     */
    BenchRun(BenchSettings settings, BenchCluster cluster, PrintStream log, boolean terminal) {
        this.settings = settings;
        this.cluster = cluster;
        this.log = log;
        this.terminal = terminal;
        this.report = new Report(settings, cluster.bootstrap());
    }

    /**
     * Where the clients connect: the SSL listener with {@code --security ssl}, else the PLAINTEXT one.
     *
     * @return the bootstrap servers
     */
    String clientBootstrap() {
        return settings.tls() ? cluster.sslBootstrap() : cluster.bootstrap();
    }

    /** The settings. */
    BenchSettings settings() {
        return settings;
    }

    /** The cluster. */
    BenchCluster cluster() {
        return cluster;
    }

    /** Where progress and phase lines go. */
    PrintStream log() {
        return log;
    }

    /** The report being filled. */
    Report report() {
        return report;
    }

    /**
     * Returns the clients to run: ours, then with {@code --compare} the official client (pekko-connectors-kafka in
     * the streams mode, {@link Report#rival}).
     *
     * @return labels
     */
    List<String> clients() {
        List<String> labels = new ArrayList<>(List.of(DriverBenchClient.LABEL));
        if (settings.compare()) {
            labels.add(Report.rival(settings.mode()));
        }
        return labels;
    }

    /**
     * Returns the clients of each measured run: {@code repeat} pairs in alternating order (A B B A ...), or ours
     * alone {@code repeat} times without {@code --compare}.
     *
     * @return labels, one per measured run
     */
    List<String> schedule() {
        List<String> runs = new ArrayList<>();
        for (int pair = 0; pair < settings.repeat(); pair++) {
            List<String> clients = new ArrayList<>(clients());
            if (pair % 2 == 1) {
                java.util.Collections.reverse(clients);
            }
            runs.addAll(clients);
        }
        return runs;
    }

    /**
     * Creates a fresh topic, before any client that uses it starts (the driver learns topics from its first
     * metadata).
     *
     * @param what what the topic is for
     * @return its name
     */
    String createTopic(String what) {
        String topic = "kdb-" + runId + "-" + what;
        cluster.createTopic(topic, settings.partitions());
        return topic;
    }

    /**
     * Starts a client.
     *
     * @param label {@code ours} or {@code official}
     * @return the client
     */
    BenchClient start(String label) {
        return label.equals(DriverBenchClient.LABEL) ? DriverBenchClient.start(clientBootstrap(), settings)
                : OfficialBenchClient.start(clientBootstrap(), settings);
    }

    /**
     * Returns a fresh consumer group id.
     *
     * @param what what the group is for
     * @return the id, unique to this run
     */
    String groupId(String what) {
        return "kdb-" + runId + "-" + what;
    }

    /**
     * Starts one member of a consumer group with a client of its own ({@link GroupMember}); may block while the
     * client starts.
     *
     * @param label    {@code ours} or {@code official}
     * @param groupId  the group
     * @param member   the member's index, from 0
     * @param topic    the topic, which exists
     * @param listener hears the member's assignments and records
     * @return the member, to close
     */
    GroupMember joinGroup(String label, String groupId, int member, String topic, GroupMember.Listener listener) {
        return label.equals(DriverBenchClient.LABEL)
                ? DriverBenchClient.joinGroup(cluster.bootstrap(), settings, groupId, topic, listener)
                : OfficialBenchClient.joinGroup(cluster.bootstrap(), groupId, member, topic, listener);
    }

    /** Starts the live progress of a phase. */
    Progress progress(String label, long total, LongSupplier done) {
        return Progress.start(log, terminal, label, total, done);
    }

    /** Starts measuring this process. */
    ResourceMeter meter() {
        return ResourceMeter.start(cluster::brokerCpuNanos);
    }

    /**
     * Flushes a client and waits until every record it sent has an outcome; a timeout becomes a failing note.
     *
     * @param client  the client
     * @param tracker its outcomes
     * @return true when every record has an outcome
     */
    boolean settle(BenchClient client, ProduceTracker tracker) {
        Duration bound = Duration.ofSeconds(60);
        try {
            client.flush(bound);
            // Both clients report outcomes before their flush completes; this bounded wait only guards that.
            tracker.settled().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            report.note(String.format("FAILED: %s: %,d of its records had no outcome %d s after the flush",
                    client.label(), tracker.settledCount(), bound.toSeconds()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.note("FAILED: interrupted", true);
        } catch (ExecutionException e) {
            report.note("FAILED: " + e.getCause(), true);
        }
        return false;
    }

    /**
     * Notes failed records of a producing phase, if any.
     *
     * @param label   the client
     * @param tracker its outcomes
     */
    void noteFailures(String label, ProduceTracker tracker) {
        if (tracker.failed() > 0) {
            report.note(String.format("FAILED: %s: %,d records not acknowledged; first error: %s", label,
                    tracker.failed(), tracker.firstError()), true);
        }
    }

    /**
     * Waits until a verifier reached its target, or until nothing arrived for {@link #STALL}.
     *
     * @param verifier the consumer's verifier
     * @return true when the target was reached
     */
    boolean await(Verifier verifier) {
        return await(verifier.reached(), verifier::received);
    }

    /**
     * Waits until a consumption reached its target, or until nothing arrived for {@link #STALL}.
     *
     * @param reached  completes when the target is reached
     * @param received the records received so far, duplicates included
     * @return true when the target was reached
     */
    boolean await(CompletableFuture<Void> reached, LongSupplier received) {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            try {
                reached.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                long now = received.getAsLong();
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        }
    }
}
