/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ProducerRecord;
import java.util.Objects;

/**
 * What {@link KafkaFlow} takes: a record to produce and an element of the caller's that comes back with its result
 * (an offset to commit, a request to answer...).
 *
 * @param record      the record
 * @param passThrough the caller's element, handed back in the {@link ProducerResult}; may be null
 * @param <P>         the pass-through type
 */
public record ProducerEnvelope<P>(ProducerRecord record, P passThrough) {
    /** @throws NullPointerException without a record */
    public ProducerEnvelope {
        Objects.requireNonNull(record, "record");
    }

    /**
     * An envelope.
     *
     * @param record      the record
     * @param passThrough the caller's element
     * @param <P>         the pass-through type
     * @return the envelope
     */
    public static <P> ProducerEnvelope<P> of(ProducerRecord record, P passThrough) {
        return new ProducerEnvelope<>(record, passThrough);
    }
}
