/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/** Bytes that a built-in deserializer ({@link Serdes}) cannot read, for example 3 bytes for an {@code Integer}. */
public final class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error.
     *
     * @param message what was wrong, naming the topic and the sizes
     */
    public SerializationException(String message) {
        super(message);
    }
}
