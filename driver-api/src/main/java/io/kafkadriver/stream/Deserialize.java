/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.DeserializationException;
import io.kafkadriver.api.DeserializationFailure;
import io.kafkadriver.api.Deserializer;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.Received;
import io.kafkadriver.api.internal.Typed;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed records in a stream: flows that deserialize what a {@link KafkaSource} emits, with the same rule as the
 * typed consumer for a deserializer that throws. Under {@link ErrorStrategy#DISCARD} the record is skipped and
 * logged; under {@link ErrorStrategy#RETRY} the stream fails with a {@link DeserializationException} naming the record
 * (a stream cannot hold one partition at a record, so it stops there; nothing after it is emitted, and a committable
 * stream never commits past it).
 *
 * <pre>{@code
 * KafkaSource.topic(client, "prices", new KafkaDriver.StartFrom.Earliest(), ConsumerSettings.defaults())
 *         .via(Deserialize.records(Serdes.ofString(), Serdes.ofLong(), ErrorStrategy.DISCARD))
 *         .runForeach(r -> book.put(r.key(), r.value()), system);
 * }</pre>
 */
public final class Deserialize {
    private static final Logger LOG = LoggerFactory.getLogger(Deserialize.class);

    private Deserialize() {
    }

    /**
     * A typed committable message: the deserialized record and its offset to commit.
     *
     * @param record the record
     * @param offset its committable offset
     * @param <K>    the key type
     * @param <V>    the value type
     */
    public record Committable<K, V>(Received<K, V> record, CommittableOffset offset) {
    }

    /**
     * Deserializes the records of a plain source.
     *
     * @param keys      the key deserializer
     * @param values    the value deserializer
     * @param onFailure {@code DISCARD} to skip a record that cannot be read, {@code RETRY} to fail the stream on it
     * @param <K>       the key type
     * @param <V>       the value type
     * @return the flow
     */
    public static <K, V> Flow<ReceivedMessage, Received<K, V>, NotUsed> records(Deserializer<K> keys,
                                                                              Deserializer<V> values,
                                                                              ErrorStrategy onFailure) {
        return typed(keys, values, onFailure, m -> m, (m, r) -> r);
    }

    /**
     * Deserializes the records of a committable source, keeping their offsets.
     *
     * @param keys      the key deserializer
     * @param values    the value deserializer
     * @param onFailure as {@link #records}
     * @param <K>       the key type
     * @param <V>       the value type
     * @return the flow
     */
    public static <K, V> Flow<CommittableMessage, Committable<K, V>, NotUsed> committable(Deserializer<K> keys,
                                                                                        Deserializer<V> values,
                                                                                        ErrorStrategy onFailure) {
        return typed(keys, values, onFailure, CommittableMessage::message,
                (m, r) -> new Committable<>(r, m.offset()));
    }

    private interface Wrap<I, K, V, O> {
        O wrap(I in, Received<K, V> record);
    }

    private static <I, K, V, O> Flow<I, O, NotUsed> typed(Deserializer<K> keys, Deserializer<V> values,
                                                          ErrorStrategy onFailure, Function<I, ReceivedMessage> raw,
                                                          Wrap<I, K, V, O> wrap) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(onFailure, "onFailure");
        return Flow.<I>create().mapConcat(in -> {
            ReceivedMessage m = raw.apply(in);
            try {
                return List.of(wrap.wrap(in, Typed.received(m, keys, values)));
            } catch (RuntimeException e) {
                DeserializationFailure f = new DeserializationFailure(m.topic(), m.partition(), m.offset(),
                        m.groupId(), m.key(), m.value(), e, onFailure == ErrorStrategy.RETRY);
                if (onFailure == ErrorStrategy.RETRY) {
                    throw new DeserializationException(f);
                }
                LOG.warn("cannot deserialize {}-{}@{}, skipped (DISCARD): {}", m.topic(), m.partition(), m.offset(),
                        e.toString());
                return List.of();
            }
        });
    }
}
