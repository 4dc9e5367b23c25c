package io.kafkadriver.api.internal;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationException;
import io.kafkadriver.api.SaslMechanism;
import io.kafkadriver.api.SecurityProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The security rules checked when a {@link Configuration} is built: what a protocol and mechanism need (a user, a
 * password, a token provider), store files that exist, known store types. Messages name the setting and never print
 * a secret. Loading the stores (a wrong store password) is checked at start, by {@link TlsContexts}. Internal.
 */
public final class SecurityChecks {
    private static final Set<String> STORE_TYPES = Set.of("", "PKCS12", "JKS", "PEM");

    private SecurityChecks() {
    }

    /**
     * Checks the security settings of a configuration being built.
     *
     * @param c the configuration
     * @throws ConfigurationException naming the first faulty setting
     */
    public static void check(Configuration c) {
        SecurityProtocol protocol = c.securityProtocol();
        if (protocol.usesSasl()) {
            checkSasl(c);
        }
        storeFile(Setting.SSL_TRUSTSTORE_PATH, c.sslTruststorePath());
        storeFile(Setting.SSL_KEYSTORE_PATH, c.sslKeystorePath());
        storeType(Setting.SSL_TRUSTSTORE_TYPE, c.sslTruststoreType());
        storeType(Setting.SSL_KEYSTORE_TYPE, c.sslKeystoreType());
        if (TlsContexts.list(c.sslProtocols()).isEmpty()) {
            throw Checks.error(Setting.SSL_PROTOCOLS, "must name at least one protocol, e.g. TLSv1.3,TLSv1.2",
                    "'" + c.sslProtocols() + "'");
        }
    }

    private static void checkSasl(Configuration c) {
        String protocol = "securityProtocol (" + Setting.SECURITY_PROTOCOL.key() + ") is " + c.securityProtocol();
        if (c.saslMechanism() == SaslMechanism.OAUTHBEARER) {
            if (c.oauthBearerTokenProvider() == null) {
                throw new ConfigurationException("oauthBearerTokenProvider", "(builder only)",
                        "oauthBearerTokenProvider must be set when saslMechanism (" + Setting.SASL_MECHANISM.key()
                                + ") is OAUTHBEARER and " + protocol);
            }
            return;
        }
        if (c.saslUsername().isBlank()) {
            throw Checks.error(Setting.SASL_USERNAME, "must be set when " + protocol, "''");
        }
        if (c.saslPassword().isEmpty()) {
            throw Checks.error(Setting.SASL_PASSWORD, "must be set when saslMechanism ("
                    + Setting.SASL_MECHANISM.key() + ") is " + c.saslMechanism() + " and " + protocol, "''");
        }
    }

    private static void storeFile(Setting setting, String path) {
        if (!path.isEmpty() && !Files.isReadable(Path.of(path))) {
            throw Checks.error(setting, "must name a readable file", "'" + path + "' (no such file, or unreadable)");
        }
    }

    private static void storeType(Setting setting, String type) {
        if (!STORE_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
            throw Checks.error(setting, "must be PKCS12, JKS, PEM or empty (detected from the file)", "'" + type + "'");
        }
    }
}
