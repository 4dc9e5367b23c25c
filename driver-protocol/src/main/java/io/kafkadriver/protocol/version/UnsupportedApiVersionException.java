/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.version;

/**
 * A broker and this driver share no version of an API (or the broker lacks it). The message names the API, the
 * broker's range and ours. Not retriable against that broker.
 */
public final class UnsupportedApiVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the API, the broker's range and ours
     */
    public UnsupportedApiVersionException(String message) {
        super(message);
    }
}
