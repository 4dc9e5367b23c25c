/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import java.util.List;

/**
 * Hears the outcome of every batch, for the producer's events. Called on a driver thread, once per batch: quick and
 * non-blocking.
 */
public interface ProduceListener {
    /**
     * A batch was acknowledged.
     *
     * @param topic      the topic
     * @param partition  the partition
     * @param baseOffset the offset of its first record, or -1 when unknown (acks=0)
     * @param records    its records, in order
     */
    void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records);

    /**
     * Records were dropped.
     *
     * @param records the records
     * @param drop    why
     */
    void dropped(List<OutgoingRecord> records, Drop drop);

    /** Ignores everything. */
    ProduceListener NONE = new ProduceListener() {
        @Override
        public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
        }

        @Override
        public void dropped(List<OutgoingRecord> records, Drop drop) {
        }
    };
}
