package io.kafkadriver.api;

/** How produce messages are batched before being sent (kafka-sharp's {@code BatchStrategy}). */
public enum BatchStrategy {
    /** Each broker node keeps its own accumulator and decides when to send (kafka-sharp's default). */
    BY_NODE,
    /** The produce router batches globally by node, topic and partition, then hands whole batches to nodes. */
    GLOBAL
}
