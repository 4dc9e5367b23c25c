package io.kafkadriver.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Broker and client settings for SASL mechanism PLAIN, with the users given inline in the JAAS config of one
 * listener (no JAAS file, no system property, so several clusters can coexist in one JVM).
 */
final class SaslPlain {

    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private SaslPlain() {
    }

    /** Broker properties that enable PLAIN with {@code users} on {@code listener}. */
    static Map<String, String> brokerConfig(String listener, Map<String, String> users) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        String userEntries = users.entrySet().stream()
                .map(e -> "user_" + e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(" "));
        return Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                prefix + "sasl.enabled.mechanisms", "PLAIN",
                prefix + "plain.sasl.jaas.config", LOGIN_MODULE + " required " + userEntries + ";");
    }

    /** Official-client properties that log in as {@code user} with PLAIN over SASL_PLAINTEXT. */
    static Map<String, String> clientConfig(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password
                        + "\";");
    }
}
