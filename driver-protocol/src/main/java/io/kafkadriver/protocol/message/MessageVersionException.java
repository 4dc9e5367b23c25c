/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

/**
 * A message cannot be written or read at the requested version: the version is outside the schema's valid range, or
 * the message holds a non-default value in a field that this version cannot carry (and the field is not ignorable),
 * or a null in a field that is not nullable at this version. This is a caller bug (the connection actor must pick a
 * version both sides support and the caller must not set fields the version lacks), so it is unchecked.
 */
public final class MessageVersionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the message, the field and the version
     */
    public MessageVersionException(String message) {
        super(message);
    }
}
