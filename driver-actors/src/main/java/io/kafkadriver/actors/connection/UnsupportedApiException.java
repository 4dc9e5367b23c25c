/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

/**
 * The broker and the driver share no version of an API. Not retriable on this broker.
 */
public final class UnsupportedApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the API, the broker's range and ours
     */
    public UnsupportedApiException(String message) {
        super(message);
    }
}
