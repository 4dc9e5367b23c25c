/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

/**
 * A connection ended because authentication failed: SASL (wrong password, unknown user, mechanism not enabled, a
 * server signature that does not verify) or TLS (an untrusted certificate, a host name mismatch, a refused client
 * certificate). Retrying at once cannot help; the node retries only after its reconnect backoff. The message names
 * the cause and never holds a secret.
 */
public final class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the cause, with the broker and, for SASL, the mechanism and user
     * @param cause   the underlying failure, or null
     */
    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
