/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.RecordMetadata;

/**
 * What {@link KafkaFlow} emits for each {@link ProducerEnvelope}, in input order: where the record was written, or
 * (from {@link KafkaFlow#flowWithFailures}) why it was not, with the envelope's pass-through.
 *
 * @param record      the record as it was given
 * @param metadata    topic, partition, offset (-1 with acks=0) and timestamp; null when it failed
 * @param failure     why it was not written (discarded or expired, {@link ProduceFailedException#expired()}); null
 *                    when it was acknowledged
 * @param passThrough the envelope's pass-through
 * @param <P>         the pass-through type
 */
public record ProducerResult<P>(ProducerRecord record, RecordMetadata metadata, ProduceFailedException failure,
                                P passThrough) {
    /**
     * Whether the broker acknowledged the record.
     *
     * @return true when {@link #metadata()} is set
     */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * The topic written to.
     *
     * @return the record's topic
     */
    public String topic() {
        return metadata != null ? metadata.topic() : record.topic();
    }

    /**
     * The partition written to.
     *
     * @return the partition, or the record's requested partition (-1: any) when it failed
     */
    public int partition() {
        return metadata != null ? metadata.partition() : record.partition();
    }

    /**
     * The offset written at.
     *
     * @return the offset; -1 with acks=0 or when it failed
     */
    public long offset() {
        return metadata != null ? metadata.offset() : -1L;
    }
}
