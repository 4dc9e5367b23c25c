/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A consumed partition's offset was out of range and consumption was reset per {@code autoOffsetReset}: the records
 * between {@code from} and {@code to} (when {@code to > from}) are not consumed. A data-loss signal, never silent.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param from      the offset that was out of range
 * @param to        where consumption goes on
 */
public record OffsetOutOfRange(String topic, int partition, long from, long to) {
}
