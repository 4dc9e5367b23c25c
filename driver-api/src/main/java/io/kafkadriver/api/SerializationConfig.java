package io.kafkadriver.api;

import io.kafkadriver.api.internal.RefusedSetting;

/**
 * When produced keys and values are turned into bytes (kafka-sharp's {@code SerializationConfig}). Immutable; change
 * it with {@link #withSerializeOnProduce} and pass it to {@link ConfigurationBuilder#serializationConfig}.
 *
 * <p>kafka-sharp's per-topic serializers and deserializers are code, not settings: {@link ClusterClient#setSerializers}
 * and {@link ClusterClient#setDeserializers} (and their defaults), or the typed {@link KafkaProducer} and
 * {@link KafkaConsumer}. Its two pool settings, {@code MaxMessagePoolChunkSize} and {@code MaxPooledMessages}, are
 * refused with a {@link ConfigurationException}: there is no per-message buffer to pool here (docs/configuration.md).
 */
public final class SerializationConfig {

    private static final SerializationConfig DEFAULTS = new SerializationConfig(false);

    private final boolean serializeOnProduce;

    private SerializationConfig(boolean serializeOnProduce) {
        this.serializeOnProduce = serializeOnProduce;
    }

    /**
     * kafka-sharp's default: serialize at send time.
     *
     * @return the default serialization settings
     */
    public static SerializationConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Whether keys and values are serialized inside the produce call ({@code true}) or kept as objects until their
     * batch is encoded just before sending ({@code false}, the default). Serializing on produce keeps less live data
     * but loses the original objects in discard/expire events; serializing at send time lets the caller reuse or
     * release key and value objects once their message is acknowledged.
     *
     * @return kafka-sharp's {@code SerializeOnProduce}
     */
    public boolean serializeOnProduce() {
        return serializeOnProduce;
    }

    /**
     * A copy with another serialize-on-produce choice.
     *
     * @param value see {@link #serializeOnProduce()}
     * @return the copy
     */
    public SerializationConfig withSerializeOnProduce(boolean value) {
        return new SerializationConfig(value);
    }

    /**
     * Refused: kafka-sharp's {@code MaxMessagePoolChunkSize} has no meaning here (no per-message buffer is pooled).
     *
     * @param value ignored
     * @return never
     * @throws ConfigurationException always, naming the setting and why
     * @deprecated kafka-sharp's pool setting, kept so that ported code gets the reason; remove the call
     */
    @Deprecated
    public SerializationConfig withMaxMessagePoolChunkSize(int value) {
        throw RefusedSetting.MAX_MESSAGE_POOL_CHUNK_SIZE.refusal();
    }

    /**
     * Refused: kafka-sharp's {@code MaxPooledMessages} has no meaning here (no per-message buffer is pooled).
     *
     * @param value ignored
     * @return never
     * @throws ConfigurationException always, naming the setting and why
     * @deprecated kafka-sharp's pool setting, kept so that ported code gets the reason; remove the call
     */
    @Deprecated
    public SerializationConfig withMaxPooledMessages(int value) {
        throw RefusedSetting.MAX_POOLED_MESSAGES.refusal();
    }

    /**
     * Value equality.
     *
     * @param other the object to compare with
     * @return true if {@code other} is a SerializationConfig with the same setting
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SerializationConfig that && serializeOnProduce == that.serializeOnProduce;
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Boolean.hashCode(serializeOnProduce);
    }

    /**
     * The setting, for logs.
     *
     * @return e.g. {@code SerializationConfig{serializeOnProduce=false}}
     */
    @Override
    public String toString() {
        return "SerializationConfig{serializeOnProduce=" + serializeOnProduce + "}";
    }
}
