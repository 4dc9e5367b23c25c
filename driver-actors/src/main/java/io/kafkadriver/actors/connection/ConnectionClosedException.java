/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

/**
 * A request could not be answered because its connection ended (closed by the broker, a network failure, a protocol
 * violation or a timeout). Always retriable: the outcome of a request that was written is unknown.
 */
public final class ConnectionClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why the connection ended, and which broker it was
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message why the connection ended, and which broker it was
     * @param cause   the transport failure
     */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
