/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.Objects;

/**
 * A record that could not be deserialized where the stream must stop on it ({@link ErrorStrategy#RETRY} in
 * {@code io.kafkadriver.stream.Deserialize}): the failure names the record and carries its bytes and the cause.
 */
public final class DeserializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient DeserializationFailure failure;

    /**
     * An exception for a failure.
     *
     * @param failure the record and what its deserializer threw
     */
    public DeserializationException(DeserializationFailure failure) {
        super("cannot deserialize " + Objects.requireNonNull(failure, "failure").topic() + "-" + failure.partition()
                + "@" + failure.offset() + ": " + failure.error(), failure.error());
        this.failure = failure;
    }

    /**
     * The failure.
     *
     * @return the record and the cause
     */
    public DeserializationFailure failure() {
        return failure;
    }
}
