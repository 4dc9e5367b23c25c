/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

/**
 * Why records were not acknowledged: the message names the topic-partition, the broker and the error.
 */
public final class ProduceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the culprit
     * @param cause   the underlying error, or null
     */
    public ProduceException(String message, Throwable cause) {
        super(message, cause);
    }
}
