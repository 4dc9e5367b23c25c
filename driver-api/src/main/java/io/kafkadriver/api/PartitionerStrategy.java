package io.kafkadriver.api;

/**
 * How the producer picks a partition for a record sent without an explicit partition (kafka-sharp's
 * {@code PartitionSelectionConfig}, whose {@code PartitionSelectionStrategy} was {@code RoundRobin} or
 * {@code MessageKey}).
 */
public enum PartitionerStrategy {
    /**
     * Round robin over the available partitions, switching partition every {@code numberOfMessagesBeforeRoundRobin}
     * records; keys are ignored. kafka-sharp's default, and therefore ours.
     */
    ROUND_ROBIN,
    /**
     * Records with a key go to {@code toPositive(murmur2(key)) % partitionCount}, the same partition the official
     * Java client chooses; records without a key are round-robined as with {@link #ROUND_ROBIN}.
     */
    MURMUR2_KEY
}
