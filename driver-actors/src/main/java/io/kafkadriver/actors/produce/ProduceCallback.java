/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

/**
 * Told the fate of one record that asked for it (the Java API's {@code send} future). Called on a driver thread:
 * implementations must be quick and must not block.
 */
public interface ProduceCallback {
    /**
     * The broker acknowledged the record.
     *
     * @param record the record
     * @param offset its offset, or -1 when unknown (acks=0)
     */
    void acknowledged(OutgoingRecord record, long offset);

    /**
     * The record was dropped: discarded or expired.
     *
     * @param record the record
     * @param drop   why
     */
    void dropped(OutgoingRecord record, Drop drop);
}
