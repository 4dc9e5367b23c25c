package io.kafkadriver.api;

/** The SASL mechanism used when the security protocol is {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
public enum SaslMechanism {
    /** SASL/PLAIN: user name and password sent as is (use it over TLS). The default. */
    PLAIN("PLAIN"),
    /** SCRAM with SHA-256. */
    SCRAM_SHA_256("SCRAM-SHA-256"),
    /** SCRAM with SHA-512. */
    SCRAM_SHA_512("SCRAM-SHA-512"),
    /** OAUTHBEARER (KIP-255): a bearer token from {@link OAuthBearerTokenProvider}. */
    OAUTHBEARER("OAUTHBEARER");

    private final String mechanismName;

    SaslMechanism(String mechanismName) {
        this.mechanismName = mechanismName;
    }

    /**
     * The mechanism's name as sent in SaslHandshake.
     *
     * @return e.g. {@code "SCRAM-SHA-256"}
     */
    public String mechanismName() {
        return mechanismName;
    }
}
