/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A record that will never be acknowledged: the payload of the {@code MessageDiscarded} and {@code MessageExpired}
 * events.
 *
 * @param record    the original record, keys and values included
 * @param partition the partition it was routed to, or -1 when none was chosen
 * @param reason    why, naming the topic-partition, the broker and the error
 */
public record UndeliveredMessage(ProducerRecord record, int partition, Exception reason) {
}
