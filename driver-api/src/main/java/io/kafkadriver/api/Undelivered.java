/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A record of a {@link KafkaProducer} that was not written, with its original key and value: the typed form of
 * {@link UndeliveredMessage}.
 *
 * @param topic     the topic
 * @param partition its partition, or -1 when none was chosen yet
 * @param key       the key as produced; null when it was null, or when it was serialized on produce
 *                  ({@link SerializationConfig#serializeOnProduce()}: then only {@code record} has its bytes)
 * @param value     the value as produced, with the same rule
 * @param record    the record's bytes as far as they were serialized (objects not yet serialized are null there)
 * @param reason    why
 * @param expired   true when it expired ({@code messageTtl}), false when it was discarded
 * @param <K>       the key type
 * @param <V>       the value type
 */
public record Undelivered<K, V>(String topic, int partition, K key, V value, ProducerRecord record,
                                Exception reason, boolean expired) {
}
