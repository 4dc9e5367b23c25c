package io.kafkadriver.reliability;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.Bounded;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.OracleClient;
import io.kafkadriver.testkit.RecordLedger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

/**
 * One scenario's producer: it hands every record a ledger id, sends it through the driver, and tells the ledger
 * each acknowledgement (from the record's future) and each discard or expiry (from the client's events). It produces
 * either a count at once or at a steady rate on a thread of its own while the test injects faults; never more than
 * {@code window} records ahead of their outcomes, so the driver's buffer does not fill (a full buffer is a scenario
 * of its own, F10).
 */
final class ProduceRun implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProduceRun.class);
    /** Bytes of each record's value. */
    static final int VALUE_BYTES = 100;
    private static final Duration WINDOW_WAIT = Duration.ofMinutes(3);

    private final RecordLedger ledger;
    private final ClusterClient client;
    private final String topic;
    private final int window;
    private final List<AutoCloseable> listeners;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong outcomes = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private LongPredicate lossHook = id -> false;
    private LongPredicate silenceHook = id -> false;
    private final java.util.Map<String, String> firstReasons = new java.util.concurrent.ConcurrentHashMap<>();
    private Thread steady;
    private volatile boolean stopping;
    private volatile Throwable steadyFailure;

    ProduceRun(String scenario, ClusterClient client, String topic, int window) {
        this.ledger = new RecordLedger(scenario);
        this.client = client;
        this.topic = topic;
        this.window = window;
        this.listeners = List.of(client.onMessageDiscarded(m -> undelivered(m, false)),
                client.onMessageExpired(m -> undelivered(m, true)));
    }

    ProduceRun(String scenario, ClusterClient client, String topic) {
        this(scenario, client, topic, 20_000);
    }

    /**
     * Test-only hooks for the run that shows the ledger catches loss: the ids the first predicate picks are never
     * given to the driver but reported acknowledged at a made-up offset; those the second picks are never given to it
     * and never reported.
     */
    ProduceRun breakOnPurpose(LongPredicate acknowledgedButDropped, LongPredicate droppedSilently) {
        this.lossHook = acknowledgedButDropped;
        this.silenceHook = droppedSilently;
        return this;
    }

    private void undelivered(UndeliveredMessage m, boolean expired) {
        if (!topic.equals(m.record().topic())) {
            return;
        }
        if (firstReasons.size() < 2 && firstReasons.putIfAbsent(expired ? "expired" : "discarded",
                String.valueOf(m.reason())) == null) {
            LOG.info("{}: first {} record: {}", topic, expired ? "expired" : "discarded", m.reason().toString());
        }
        long id = RecordLedger.idOf(m.record().value());
        if (id < 0) {
            return; // not one of this run's records (a scenario's own records on the same topic)
        }
        if (expired) {
            ledger.expired(id);
        } else {
            ledger.discarded(id);
        }
        outcomes.incrementAndGet();
    }

    /** Produces {@code count} records from this thread. */
    void produce(int count) {
        for (int i = 0; i < count; i++) {
            one();
        }
    }

    private void one() {
        if (submitted.get() - outcomes.get() >= window) {
            Bounded.waitFor("outcomes of " + topic + " to catch up (" + outcomes.get() + " of " + submitted.get()
                    + ")", WINDOW_WAIT, () -> submitted.get() - outcomes.get() < window / 2);
        }
        long id = ledger.next();
        submitted.incrementAndGet();
        if (lossHook.test(id)) {
            ledger.acknowledged(id, 0, Long.MAX_VALUE - id);
            acknowledged.incrementAndGet();
            outcomes.incrementAndGet();
            return;
        }
        if (silenceHook.test(id)) {
            outcomes.incrementAndGet();
            return;
        }
        try {
            client.send(topic, null, RecordLedger.value(id, VALUE_BYTES)).whenComplete((md, error) -> {
                if (md != null) {
                    ledger.acknowledged(id, md.partition(), md.offset());
                    acknowledged.incrementAndGet();
                    outcomes.incrementAndGet();
                }
                // A failure comes with its discard or expiry event, which the listeners count.
            });
        } catch (RuntimeException refused) {
            // Refused synchronously: the caller knows at once, which is an outcome of its own.
            ledger.discarded(id);
            outcomes.incrementAndGet();
        }
    }

    /** Starts producing {@code perSecond} records a second on a thread of its own, until {@link #stop}. */
    ProduceRun startSteady(int perSecond) {
        int perTick = Math.max(1, perSecond / 100);
        steady = new Thread(() -> {
            long next = System.nanoTime();
            try {
                while (!stopping) {
                    for (int i = 0; i < perTick; i++) {
                        one();
                    }
                    next += 10_000_000L;
                    LockSupport.parkNanos(next - System.nanoTime()); // pacing the rate, not synchronising
                }
            } catch (Throwable t) {
                steadyFailure = t;
            }
        }, "produce-run-" + topic);
        steady.setDaemon(true);
        steady.start();
        return this;
    }

    /** Stops the steady producer (bounded) and rethrows what failed it. */
    void stop() throws InterruptedException {
        stopping = true;
        if (steady != null) {
            steady.join(WINDOW_WAIT.toMillis());
            if (steady.isAlive()) {
                throw new IllegalStateException("the steady producer of " + topic + " did not stop");
            }
            steady = null;
        }
        if (steadyFailure != null) {
            throw new IllegalStateException("the steady producer of " + topic + " failed", steadyFailure);
        }
    }

    /** Waits (bounded) until {@code more} records beyond the current count are acknowledged. */
    void awaitAcknowledgements(long more, Duration bound) {
        long target = acknowledged.get() + more;
        Bounded.waitFor(more + " more acknowledgements on " + topic, bound, () -> acknowledged.get() >= target);
    }

    /** Marks the fault's instant in the ledger (the recovery time counts from it). */
    void markFault() {
        ledger.markFault();
    }

    /** The reason of the first discarded and of the first expired record, by kind. */
    java.util.Map<String, String> firstReasons() {
        return java.util.Map.copyOf(firstReasons);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    RecordLedger ledger() {
        return ledger;
    }

    /**
     * Stops, flushes (bounded), waits until every record has its outcome (bounded: a record with none is reported as
     * silent), reads the topic with the official client and reconciles.
     */
    RecordLedger.Report finish(EmbeddedKafkaCluster kafka, Duration bound) throws Exception {
        stop();
        try {
            client.flush().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Reported below as records with no outcome.
        }
        Bounded.waitUntil(bound, () -> outcomes.get() >= submitted.get());
        return reconcile(kafka);
    }

    /** Reads the topic with the official client and reconciles, as things stand. */
    RecordLedger.Report reconcile(EmbeddedKafkaCluster kafka) {
        OracleClient oracle = new OracleClient(kafka.clientConfig(EmbeddedKafkaCluster.PLAINTEXT),
                Duration.ofMinutes(2));
        boolean exists = oracle.listTopics().contains(topic);
        return ledger.reconcile(exists ? oracle.readToEnd(topic) : List.of());
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        for (AutoCloseable l : listeners) {
            l.close();
        }
    }
}
