package io.kafkadriver.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * The immutable settings an {@link EmbeddedKafkaCluster.Builder} produces.
 *
 * @param brokers broker count
 * @param brokerProperties overrides applied last to every broker
 * @param saslUsers PLAIN users of the SASL listeners
 * @param ssl whether there is an SSL listener
 * @param proxied whether there is a PROXIED listener advertised through one {@link FaultProxy} per broker
 * @param startTimeout bound of start and restart
 * @param operationTimeout bound of each admin operation
 * @param scramUsers SCRAM-SHA-256 and SCRAM-SHA-512 users of the SASL listeners, created after start
 * @param oauthBearer whether the SASL listeners enable OAUTHBEARER (unsecured JWS tokens)
 * @param saslSsl whether there is a SASL_SSL listener
 * @param mutualTls whether there is an MTLS listener (SSL with {@code ssl.client.auth=required})
 * @param certificateHost the only host name of the broker certificate, or null for localhost and 127.0.0.1
 * @param reauthMs {@code connections.max.reauth.ms}, or 0 to leave the broker default (no re-authentication)
 */
record ClusterSettings(int brokers, Map<String, String> brokerProperties, Map<String, String> saslUsers, boolean ssl,
                       boolean proxied, Duration startTimeout, Duration operationTimeout,
                       Map<String, String> scramUsers, boolean oauthBearer, boolean saslSsl, boolean mutualTls,
                       String certificateHost, long reauthMs) {

    /** Whether there is any SASL mechanism, and so the SASL_PLAINTEXT listener. */
    boolean sasl() {
        return !saslUsers.isEmpty() || !scramUsers.isEmpty() || oauthBearer;
    }

    /** Whether TLS material is needed. */
    boolean tls() {
        return ssl || saslSsl || mutualTls;
    }

    /** Whether the cluster has the named client listener. */
    boolean hasListener(String name) {
        return switch (name) {
            case EmbeddedKafkaCluster.PLAINTEXT -> true;
            case EmbeddedKafkaCluster.SASL_PLAINTEXT -> sasl();
            case EmbeddedKafkaCluster.SSL -> ssl;
            case EmbeddedKafkaCluster.SASL_SSL -> saslSsl;
            case EmbeddedKafkaCluster.MTLS -> mutualTls;
            case EmbeddedKafkaCluster.PROXIED -> proxied;
            default -> false;
        };
    }
}
