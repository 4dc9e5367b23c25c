/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A consumed record that a {@link KafkaConsumer}'s deserializer could not read. Under {@link ErrorStrategy#DISCARD}
 * the record was skipped ({@code held} false); under {@link ErrorStrategy#RETRY} its partition is paused at it
 * ({@code held} true) and resuming the partition delivers it again.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset
 * @param groupId   the group it was consumed for, or null
 * @param key       the record's key bytes, or null
 * @param value     the record's value bytes, or null
 * @param error     what the deserializer threw
 * @param held      true when the partition is paused at the record, false when the record was skipped
 */
public record DeserializationFailure(String topic, int partition, long offset, String groupId, byte[] key,
                                     byte[] value, RuntimeException error, boolean held) {
    @Override
    public String toString() {
        return "DeserializationFailure[" + topic + "-" + partition + "@" + offset + (groupId == null ? ""
                : ", group " + groupId) + ", " + (held ? "partition paused at it" : "skipped") + ": " + error + "]";
    }
}
