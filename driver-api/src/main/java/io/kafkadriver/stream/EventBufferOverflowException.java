/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

/**
 * An event source failed: events came faster than its downstream took them and its buffer was full. The driver's
 * listeners must never block, so the source fails instead of waiting or dropping events silently.
 */
public final class EventBufferOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param what       which events
     * @param bufferSize the buffer that overflowed
     */
    public EventBufferOverflowException(String what, int bufferSize) {
        super("the " + what + " event source's buffer of " + bufferSize + " events overflowed: its downstream is"
                + " slower than the events come (give KafkaEvents a larger bufferSize, or consume them faster)");
    }
}
