/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The consumer-group benchmark: one topic of {@value #PARTITIONS} partitions pre-filled once by the official producer
 * with {@code records} {@link Payload}s (as in {@link ConsumeMode}), then read whole by a fresh group of
 * {@value #MEMBERS} members per run: three of our {@code ClusterClient}s subscribed to a fresh group id, or three
 * official {@code KafkaConsumer}s with {@code subscribe}, each polling on its own thread. Both on the classic
 * protocol with the range assignor alone, from the earliest offsets, committing nothing (auto-commit off on both).
 * Each client first reads the first {@code warmup} fraction of the topic once with a group of its own,
 * unmeasured; then the measured runs alternate (A B B A ...).
 *
 * <p>A run's clock starts right before the members are created (all three at once, each on its own thread, as
 * the official consumers' poll threads are) and stops at the last distinct record, whichever member reads it: its
 * records/s, CPU and allocation ({@link ResourceMeter}) include creating the clients and forming the group. Beside
 * them it reports the time to the group's first record and until every member had its first assignment
 * ({@link GroupStartup}). Every run is checked ({@link GroupVerifier}: every sequence number at least once, the
 * duplicates counted, offsets in order per member and assignment).
 *
 * <p>The broker this benchmark starts gets Kafka's default {@code group.initial.rebalance.delay.ms} of
 * {@value #INITIAL_REBALANCE_DELAY_MS} ms instead of the test kit's 0: with 0, the first member to join sometimes got
 * every partition and read the whole topic alone before the others joined (a race between the members' first
 * JoinGroups and the coordinator completing the first rebalance); on a bigger topic each later join is an eager
 * rebalance that reads the topic again from its start, nothing being committed. With the delay, the first
 * rebalance waits for it, and once more for each member that joins meanwhile, so the start-up times include that
 * wait (the same for both clients). A run whose group did not form in one rebalance gets a note.
 */
final class GroupMode {
    /** Members in each group. */
    static final int MEMBERS = 3;
    /** Partitions of the group mode's topic (its {@code --partitions}). */
    static final int PARTITIONS = 12;
    /** The broker's {@code group.initial.rebalance.delay.ms} in the group mode: Kafka's default. */
    static final int INITIAL_REBALANCE_DELAY_MS = 3000;
    /** The phase's name in the report and the JSON. */
    static final String PHASE = "group";
    /** How long starting or closing one member may take. */
    private static final long MEMBER_BOUND_SECONDS = 60;

    private GroupMode() {
    }

    /**
     * Returns the broker properties the group mode needs on the broker it starts.
     *
     * @return property names and values
     */
    static Map<String, String> brokerProperties() {
        return Map.of("group.initial.rebalance.delay.ms", Integer.toString(INITIAL_REBALANCE_DELAY_MS));
    }

    /**
     * Runs the group benchmark.
     *
     * @param run the run
     */
    static void run(BenchRun run) {
        BenchSettings s = run.settings();
        String topic = run.createTopic(PHASE);
        if (ConsumeMode.prefill(run, topic) == null) {
            return;
        }
        long warmup = Math.round(s.records() * s.warmupFraction());
        if (warmup > 0) {
            for (String label : run.clients()) {
                readOnce(run, label, topic, warmup, -1);
            }
        }
        Map<String, Integer> done = new HashMap<>();
        for (String label : run.schedule()) {
            readOnce(run, label, topic, s.records(), done.merge(label, 1, Integer::sum) - 1);
        }
    }

    /**
     * Reads the topic with a fresh group of fresh members until {@code target} distinct records arrived.
     *
     * @param index the measured run's index, or -1 for the warm-up
     */
    private static void readOnce(BenchRun run, String label, String topic, long target, int index) {
        BenchSettings s = run.settings();
        GroupVerifier verifier = new GroupVerifier(s.records(), target, MEMBERS);
        String what = label + (index < 0 ? " group warm-up" : " group #" + index);
        String groupId = run.groupId(PHASE + "-" + label + (index < 0 ? "-warmup" : "-" + index));
        System.gc();
        ResourceMeter meter = run.meter();
        verifier.start();
        List<CompletableFuture<GroupMember>> members;
        boolean reached;
        try (Progress p = run.progress(what, target, verifier::distinct)) {
            members = join(run, label, groupId, topic, verifier);
            reached = run.await(verifier.reached(), verifier::received);
        }
        ResourceUsage usage = meter.stop();
        verifier.stop();
        List<String> failures = closeAll(members);
        failures.forEach(f -> run.report().note(String.format(Locale.ROOT, "FAILED: %s: %s", what, f), true));
        if (index >= 0) {
            run.report().add(new PhaseRun(label, PHASE, index, verifier.distinct(), s.recordSize(), usage));
            run.report().add(verifier.result(label));
            GroupStartup startup = new GroupStartup(label, index, MEMBERS, verifier.millisToAllAssigned(),
                    verifier.millisToFirstRecord(), verifier.assignments(), verifier.distinct(),
                    usage.elapsedNanos(), verifier.receivedPerMember());
            run.report().add(startup);
            if (startup.assignments() != MEMBERS || Double.isNaN(startup.allAssignedMillis())) {
                // Not a failure (every record may still have arrived), but not the workload described either.
                run.report().note(String.format(Locale.ROOT, "NOTE: %s: the group did not form in one rebalance"
                        + " (%d assignments heard by %d members; records per member %s)", what,
                        startup.assignments(), MEMBERS, startup.memberRecords()), false);
            }
        } else if (!reached) {
            run.report().note(String.format(Locale.ROOT, "FAILED: %s read %,d of %,d records", what,
                    verifier.distinct(), target), true);
        }
    }

    /** Creates the members at once, each on a thread of its own; returns them as they come. */
    private static List<CompletableFuture<GroupMember>> join(BenchRun run, String label, String groupId, String topic,
                                                             GroupVerifier verifier) {
        List<CompletableFuture<GroupMember>> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            int member = i;
            CompletableFuture<GroupMember> joined = new CompletableFuture<>();
            daemon(() -> {
                try {
                    joined.complete(run.joinGroup(label, groupId, member, topic, verifier.member(member)));
                } catch (RuntimeException e) {
                    joined.completeExceptionally(e);
                }
            }, "bench-group-join-" + i).start();
            members.add(joined);
        }
        return members;
    }

    /**
     * Closes the members at once (each leave would otherwise rebalance the rest, one after the other).
     *
     * @return what went wrong, empty when every member started and closed
     */
    private static List<String> closeAll(List<CompletableFuture<GroupMember>> members) {
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (CompletableFuture<GroupMember> m : members) {
            // A thread each: the common pool has one thread on two cores, which would close them one by one.
            closed.add(m.orTimeout(MEMBER_BOUND_SECONDS, TimeUnit.SECONDS).thenAcceptAsync(GroupMember::close,
                    task -> daemon(task, "bench-group-close").start()));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> c : closed) {
            try {
                c.get(2 * MEMBER_BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failures.add("a member did not start or close: " + e.getCause());
            } catch (TimeoutException e) {
                failures.add("a member did not close within " + 2 * MEMBER_BOUND_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted while closing the members");
            }
        }
        return failures;
    }

    /** Returns a daemon thread for a task, not started yet. */
    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
