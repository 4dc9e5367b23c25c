package io.kafkadriver.api.internal;

import io.kafkadriver.api.Deserializer;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.Received;

/** Deserializes a consumed record, for the typed consumer and the typed stream flows. Internal. */
public final class Typed {
    private Typed() {
    }

    /**
     * Deserializes one record; a null key or value stays null without calling the deserializer.
     *
     * @param m      the record
     * @param keys   the key deserializer
     * @param values the value deserializer
     * @param <K>    the key type
     * @param <V>    the value type
     * @return the typed record
     * @throws RuntimeException what a deserializer threw
     */
    public static <K, V> Received<K, V> received(ReceivedMessage m, Deserializer<K> keys, Deserializer<V> values) {
        K k = m.key() == null ? null : keys.deserialize(m.topic(), m.key());
        V v = m.value() == null ? null : values.deserialize(m.topic(), m.value());
        return new Received<>(m.topic(), m.partition(), m.offset(), k, v, m.timestamp(), m.headers(), m.groupId());
    }
}
