package io.kafkadriver.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * The immutable settings an {@link EmbeddedKafkaCluster.Builder} produces.
 *
 * @param brokers broker count
 * @param brokerProperties overrides applied last to every broker
 * @param saslUsers PLAIN users of the SASL_PLAINTEXT listener; empty means no such listener
 * @param ssl whether there is an SSL listener
 * @param proxied whether there is a PROXIED listener advertised through one {@link FaultProxy} per broker
 * @param startTimeout bound of start and restart
 * @param operationTimeout bound of each admin operation
 */
record ClusterSettings(int brokers, Map<String, String> brokerProperties, Map<String, String> saslUsers, boolean ssl,
                       boolean proxied, Duration startTimeout, Duration operationTimeout) {

    /** Whether the cluster has the named client listener. */
    boolean hasListener(String name) {
        return switch (name) {
            case EmbeddedKafkaCluster.PLAINTEXT -> true;
            case EmbeddedKafkaCluster.SASL_PLAINTEXT -> !saslUsers.isEmpty();
            case EmbeddedKafkaCluster.SSL -> ssl;
            case EmbeddedKafkaCluster.PROXIED -> proxied;
            default -> false;
        };
    }
}
