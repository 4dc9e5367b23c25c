package io.kafkadriver.api;

/**
 * What to do with messages whose fate is uncertain after a network error (kafka-sharp's {@code ErrorStrategy}).
 * For the producer: a batch that was sent but got no response. For the consumer: a record that cannot be
 * deserialized.
 */
public enum ErrorStrategy {
    /** Send the messages again (producer) or stop on the faulty record (consumer); may duplicate on produce. */
    RETRY,
    /** Drop the messages and raise the discarded event (kafka-sharp's default). */
    DISCARD
}
