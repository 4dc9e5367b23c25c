/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A record that will never be acknowledged: the payload of the {@code MessageDiscarded} and {@code MessageExpired}
 * events.
 *
 * @param record        the record as produced (for objects serialized at send time, the bytes when they were
 *                      serialized before the drop, else null)
 * @param partition     the partition it was routed to, or -1 when none was chosen
 * @param reason        why, naming the topic-partition, the broker and the error
 * @param originalKey   the key object given to {@code produce} when it was kept for send-time serialization, else null
 * @param originalValue the value object likewise, else null
 */
public record UndeliveredMessage(ProducerRecord record, int partition, Exception reason, Object originalKey,
                                 Object originalValue) {
    /**
     * An event for a record produced as bytes.
     *
     * @param record    the record
     * @param partition its partition, or -1
     * @param reason    why
     */
    public UndeliveredMessage(ProducerRecord record, int partition, Exception reason) {
        this(record, partition, reason, null, null);
    }
}
