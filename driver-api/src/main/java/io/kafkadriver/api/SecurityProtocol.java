/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * How connections to brokers are secured (the listener's security protocol).
 */
public enum SecurityProtocol {
    /** No TLS, no authentication (the default). */
    PLAINTEXT,
    /** TLS. */
    SSL,
    /** SASL authentication without TLS. */
    SASL_PLAINTEXT,
    /** SASL authentication over TLS. */
    SASL_SSL
}
