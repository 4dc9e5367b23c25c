package io.kafkadriver.api;

/** The transport security of broker connections, with Kafka's {@code security.protocol} meanings. */
public enum SecurityProtocol {
    /** Plain TCP, no authentication (the default). */
    PLAINTEXT,
    /** TLS, optionally with client certificate authentication. */
    SSL,
    /** SASL authentication over plain TCP. */
    SASL_PLAINTEXT,
    /** SASL authentication over TLS. */
    SASL_SSL;

    /**
     * Whether this protocol authenticates with SASL.
     *
     * @return true for {@link #SASL_PLAINTEXT} and {@link #SASL_SSL}
     */
    public boolean usesSasl() {
        return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    /**
     * Whether this protocol encrypts with TLS.
     *
     * @return true for {@link #SSL} and {@link #SASL_SSL}
     */
    public boolean usesTls() {
        return this == SSL || this == SASL_SSL;
    }
}
