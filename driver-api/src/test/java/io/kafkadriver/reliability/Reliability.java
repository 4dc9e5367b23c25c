package io.kafkadriver.reliability;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.testkit.DeliveryLedger;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.RecordLedger;
import io.kafkadriver.testkit.ReliabilityResults;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the reliability scenarios share: the producer's settings, the verdict that writes the table's row. */
final class Reliability {
    private static final Logger LOG = LoggerFactory.getLogger(Reliability.class);
    /** The bound on any one phase of a scenario. */
    static final Duration PHASE = Duration.ofSeconds(90);

    private Reliability() {
    }

    /** The checks of a scenario, which may throw. */
    interface Checks {
        void run() throws Exception;
    }

    /**
     * The settings of a scenario that must deliver through faults: acks=all (so idempotence is on), RETRY with no
     * retry limit within a 90 s TTL, 5 ms linger, metadata refreshes at most every 200 ms, reconnects backing off
     * to 1 s at most.
     */
    static ConfigurationBuilder config(String seeds) {
        return Configuration.builder().seeds(seeds).requiredAcks(RequiredAcks.ALL)
                .produceBufferingTime(Duration.ofMillis(5)).produceBatchSize(500)
                .errorStrategy(ErrorStrategy.RETRY).maxRetry(-1).messageTtl(Duration.ofSeconds(90))
                .minimumTimeBetweenRefreshMetadata(Duration.ofMillis(200))
                .reconnectBackoffMax(Duration.ofSeconds(1));
    }

    /**
     * Runs the checks, writes the scenario's row (pass or fail) to the results table, and rethrows a failure.
     *
     * @param covers what the scenario covers (F-numbers, the fault)
     */
    static void verdict(String covers, RecordLedger.Report produce, DeliveryLedger.Report consume, Checks checks)
            throws Exception {
        verdict(covers, produce, consume, 0, checks);
    }

    /** {@link #verdict}, for a consumer scenario whose missing records are reported by an event (F16). */
    static void verdict(String covers, RecordLedger.Report produce, DeliveryLedger.Report consume,
                        long reportedMissing, Checks checks) throws Exception {
        boolean passed = false;
        try {
            checks.run();
            passed = true;
        } finally {
            String row = ReliabilityResults.publish(covers, produce, consume, reportedMissing, passed);
            LOG.info("reliability: {}; producer {}; consumer {}", row.trim(), produce, consume);
        }
    }

    /** Restarts every stopped broker, so that a failed scenario leaves the cluster whole for the next. */
    static void restoreBrokers(EmbeddedKafkaCluster kafka) {
        for (int id : kafka.brokerIds()) {
            if (!kafka.isRunning(id)) {
                kafka.restartBroker(id);
            }
        }
    }
}
