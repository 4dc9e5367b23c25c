package io.kafkadriver.testkit;

import static io.kafkadriver.testkit.EmbeddedKafkaCluster.CONTROLLER;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.MTLS;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.SASL_SSL;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.PLAINTEXT;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.PROXIED;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.SASL_PLAINTEXT;
import static io.kafkadriver.testkit.EmbeddedKafkaCluster.SSL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the broker configuration of an {@link EmbeddedKafkaCluster} from its settings. */
final class BrokerConfigs {

    private BrokerConfigs() {
    }

    /**
     * Properties common to every broker: internal topics sized to the cluster, production-like API versions, the
     * listeners' security, then the user's overrides (last, so they win).
     */
    static Map<String, Object> common(ClusterSettings settings, SslMaterial sslMaterial) {
        String replication = Integer.toString(Math.min(settings.brokers(), 3));
        Map<String, Object> config = new LinkedHashMap<>();
        // Internal topics must fit the cluster, or groups and transactions never work on one broker.
        config.put("offsets.topic.replication.factor", replication);
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", replication);
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", replication);
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Without this the first consumer group waits 3 s for more members before its first rebalance.
        config.put("group.initial.rebalance.delay.ms", "0");
        // No time-based retention (issue 12). Tests write records stamped years ago (timestamp fidelity, timestamp
        // lookups); with the default 7 days, the broker's first retention check, 30 s after start, deletes every
        // segment holding them and moves the log start offset, so whichever test is writing or reading then loses
        // a prefix of its records. A test that wants retention sets retention.ms on its topic.
        config.put("log.retention.ms", "-1");
        // A restarted broker cannot re-register until its previous session expired (default 9 s), and a controlled
        // shutdown advances one heartbeat (default 2 s) at a time: shorter values make stop/restart take ~1-2 s.
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "4000");
        // Advertise only stable API versions and features, as a released broker does (the test kit enables more).
        config.put("unstable.api.versions.enable", "false");
        config.put("unstable.feature.versions.enable", "false");
        config.put("listener.security.protocol.map", securityProtocolMap(settings));
        if (settings.sasl()) {
            config.putAll(SaslPlain.brokerConfig(SASL_PLAINTEXT, settings));
        }
        if (settings.ssl()) {
            config.putAll(sslMaterial.brokerConfig(SSL));
        }
        if (settings.saslSsl()) {
            config.putAll(SaslPlain.brokerConfig(SASL_SSL, settings));
            config.putAll(sslMaterial.brokerConfig(SASL_SSL));
        }
        if (settings.mutualTls()) {
            config.putAll(sslMaterial.mutualTlsBrokerConfig(MTLS));
        }
        if (settings.reauthMs() > 0) {
            // KIP-368: the broker closes a SASL connection whose session is this old unless it re-authenticated.
            config.put("connections.max.reauth.ms", Long.toString(settings.reauthMs()));
        }
        config.putAll(settings.brokerProperties());
        return config;
    }

    private static String securityProtocolMap(ClusterSettings settings) {
        List<String> entries = new ArrayList<>(List.of(PLAINTEXT + ":PLAINTEXT", CONTROLLER + ":PLAINTEXT"));
        if (settings.sasl()) {
            entries.add(SASL_PLAINTEXT + ":SASL_PLAINTEXT");
        }
        if (settings.ssl()) {
            entries.add(SSL + ":SSL");
        }
        if (settings.saslSsl()) {
            entries.add(SASL_SSL + ":SASL_SSL");
        }
        if (settings.mutualTls()) {
            entries.add(MTLS + ":SSL");
        }
        if (settings.proxied()) {
            entries.add(PROXIED + ":PLAINTEXT");
        }
        return String.join(",", entries);
    }

    /**
     * Each node lists its own listeners: node 0 also hosts the controller. The test kit only pre-binds the
     * PLAINTEXT and CONTROLLER ports (stable across broker restarts); the extra listeners bind port 0, and the broker
     * registers the port it actually got, so clients learn it from metadata. A PROXIED listener is advertised at
     * its broker's proxy port instead, so clients that follow metadata stay behind the proxy.
     *
     * @param proxyPorts proxy port per broker id (empty unless proxied)
     */
    static Map<Integer, Map<String, String>> perServer(ClusterSettings settings, Map<Integer, Integer> proxyPorts) {
        Map<Integer, Map<String, String>> perServer = new HashMap<>();
        for (int id = 0; id < settings.brokers(); id++) {
            List<String> client = new ArrayList<>(List.of(PLAINTEXT + "://localhost:0"));
            if (settings.sasl()) {
                client.add(SASL_PLAINTEXT + "://localhost:0");
            }
            if (settings.ssl()) {
                client.add(SSL + "://localhost:0");
            }
            if (settings.saslSsl()) {
                client.add(SASL_SSL + "://localhost:0");
            }
            if (settings.mutualTls()) {
                client.add(MTLS + "://localhost:0");
            }
            Map<String, String> props = new HashMap<>();
            if (settings.proxied()) {
                List<String> advertised = new ArrayList<>(client);
                advertised.add(PROXIED + "://127.0.0.1:" + proxyPorts.get(id));
                client.add(PROXIED + "://localhost:0");
                props.put("advertised.listeners", String.join(",", advertised));
            }
            List<String> listeners = new ArrayList<>(client);
            if (id == 0) {
                listeners.add(CONTROLLER + "://localhost:0");
            }
            props.put("listeners", String.join(",", listeners));
            perServer.put(id, props);
        }
        return perServer;
    }
}
