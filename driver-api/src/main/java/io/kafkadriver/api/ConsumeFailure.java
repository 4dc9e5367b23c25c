/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * Consumption of a partition stopped on an error it cannot get past: an out-of-range offset under
 * {@code autoOffsetReset NONE}, an authorisation failure, corrupt data.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param error     why, naming the broker and the offset
 */
public record ConsumeFailure(String topic, int partition, Exception error) {
}
