/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * Where an acknowledged record was written.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset, or -1 when the broker does not answer ({@code RequiredAcks.NONE})
 * @param timestamp the record's timestamp as produced
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
}
