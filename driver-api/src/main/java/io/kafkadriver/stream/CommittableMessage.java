/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ReceivedMessage;

/**
 * A record of a {@link KafkaSource#committable committable source} with the offset to commit once it is processed.
 *
 * @param message the record
 * @param offset  what to commit after it
 */
public record CommittableMessage(ReceivedMessage message, CommittableOffset offset) {
}
