/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

/** The server's side of a SASL exchange could not be accepted: malformed, or failing verification. */
public final class SaslExchangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong (never a secret)
     */
    public SaslExchangeException(String message) {
        super(message);
    }
}
