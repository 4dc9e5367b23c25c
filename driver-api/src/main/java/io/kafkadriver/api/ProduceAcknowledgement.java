/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A batch of records acknowledged by a broker: kafka-sharp's {@code ProduceAcknowledged} event.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param count     how many records
 * @param offset    the offset of the first of them, or -1 with {@code RequiredAcks.NONE}
 */
public record ProduceAcknowledgement(String topic, int partition, int count, long offset) {
}
