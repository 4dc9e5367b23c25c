package io.kafkadriver.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Broker and client settings for SASL: PLAIN with the users given inline in the JAAS config of each listener, SCRAM
 * (credentials created after start), and OAUTHBEARER validating unsecured JWS tokens. No JAAS file, no system
 * property, so several clusters can coexist in one JVM.
 */
final class SaslPlain {

    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String OAUTH_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    private static final String OAUTH_VALIDATOR = "org.apache.kafka.common.security.oauthbearer.internals.unsecured."
            + "OAuthBearerUnsecuredValidatorCallbackHandler";

    private SaslPlain() {
    }

    /** The mechanisms the settings enable. */
    static List<String> mechanisms(ClusterSettings settings) {
        List<String> out = new ArrayList<>();
        if (!settings.saslUsers().isEmpty()) {
            out.add("PLAIN");
        }
        if (!settings.scramUsers().isEmpty()) {
            out.add("SCRAM-SHA-256");
            out.add("SCRAM-SHA-512");
        }
        if (settings.oauthBearer()) {
            out.add("OAUTHBEARER");
        }
        return out;
    }

    /** Broker properties that enable the configured mechanisms on {@code listener}. */
    static Map<String, String> brokerConfig(String listener, ClusterSettings settings) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> config = new LinkedHashMap<>();
        String mechanisms = String.join(",", mechanisms(settings));
        config.put("sasl.enabled.mechanisms", mechanisms);
        config.put(prefix + "sasl.enabled.mechanisms", mechanisms);
        if (!settings.saslUsers().isEmpty()) {
            String userEntries = settings.saslUsers().entrySet().stream()
                    .map(e -> "user_" + e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(" "));
            config.put(prefix + "plain.sasl.jaas.config", LOGIN_MODULE + " required " + userEntries + ";");
        }
        if (!settings.scramUsers().isEmpty()) {
            config.put(prefix + "scram-sha-256.sasl.jaas.config", SCRAM_MODULE + " required;");
            config.put(prefix + "scram-sha-512.sasl.jaas.config", SCRAM_MODULE + " required;");
        }
        if (settings.oauthBearer()) {
            config.put(prefix + "oauthbearer.sasl.jaas.config", OAUTH_MODULE
                    + " required unsecuredLoginStringClaim_sub=\"broker\";");
            config.put(prefix + "oauthbearer.sasl.server.callback.handler.class", OAUTH_VALIDATOR);
        }
        return config;
    }

    /** Official-client properties that log in as {@code user} with PLAIN over {@code protocol}. */
    static Map<String, String> clientConfig(String protocol, String user, String password) {
        return Map.of(
                "security.protocol", protocol,
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password
                        + "\";");
    }
}
