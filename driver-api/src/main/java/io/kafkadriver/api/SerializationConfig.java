package io.kafkadriver.api;

/**
 * When and how produced keys and values are turned into bytes (kafka-sharp's {@code SerializationConfig}). Immutable;
 * change it with the {@code with...} methods and pass it to {@link ConfigurationBuilder#serializationConfig}.
 *
 * <p>Per-topic serializers and deserializers (kafka-sharp's {@code SetSerializersForTopic} and friends) are not
 * settings but code; they will be added here as {@code withSerializersForTopic(topic, keySerializer,
 * valueSerializer)} style methods once the typed producer and consumer exist. They will not be read from HOCON.
 *
 * <p>Ranges are checked when the {@link Configuration} is built, so that errors name the HOCON key as well.
 */
public final class SerializationConfig {

    private static final SerializationConfig DEFAULTS = new SerializationConfig(false, 16384, 10000);

    private final boolean serializeOnProduce;
    private final int maxMessagePoolChunkSize;
    private final int maxPooledMessages;

    private SerializationConfig(boolean serializeOnProduce, int maxMessagePoolChunkSize, int maxPooledMessages) {
        this.serializeOnProduce = serializeOnProduce;
        this.maxMessagePoolChunkSize = maxMessagePoolChunkSize;
        this.maxPooledMessages = maxPooledMessages;
    }

    /**
     * kafka-sharp's defaults: serialize at send time, 16384-byte pool chunks, at most 10000 pooled message buffers.
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
     * The size a pooled message buffer is trimmed back to when returned to the pool, in bytes.
     *
     * @return kafka-sharp's {@code MaxMessagePoolChunkSize}
     */
    public int maxMessagePoolChunkSize() {
        return maxMessagePoolChunkSize;
    }

    /**
     * The most message buffers kept in the pool for serialize-on-produce.
     *
     * @return kafka-sharp's {@code MaxPooledMessages}
     */
    public int maxPooledMessages() {
        return maxPooledMessages;
    }

    /**
     * A copy with another serialize-on-produce choice.
     *
     * @param value see {@link #serializeOnProduce()}
     * @return the copy
     */
    public SerializationConfig withSerializeOnProduce(boolean value) {
        return new SerializationConfig(value, maxMessagePoolChunkSize, maxPooledMessages);
    }

    /**
     * A copy with another pool chunk size.
     *
     * @param value see {@link #maxMessagePoolChunkSize()}; checked (1 or more) when the configuration is built
     * @return the copy
     */
    public SerializationConfig withMaxMessagePoolChunkSize(int value) {
        return new SerializationConfig(serializeOnProduce, value, maxPooledMessages);
    }

    /**
     * A copy with another pool size.
     *
     * @param value see {@link #maxPooledMessages()}; checked (0 or more) when the configuration is built
     * @return the copy
     */
    public SerializationConfig withMaxPooledMessages(int value) {
        return new SerializationConfig(serializeOnProduce, maxMessagePoolChunkSize, value);
    }

    /**
     * Value equality over all three settings.
     *
     * @param other the object to compare with
     * @return true if {@code other} is a SerializationConfig with the same settings
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof SerializationConfig that
                && serializeOnProduce == that.serializeOnProduce
                && maxMessagePoolChunkSize == that.maxMessagePoolChunkSize
                && maxPooledMessages == that.maxPooledMessages;
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return (Boolean.hashCode(serializeOnProduce) * 31 + maxMessagePoolChunkSize) * 31 + maxPooledMessages;
    }

    /**
     * The settings, for logs.
     *
     * @return e.g. {@code SerializationConfig{serializeOnProduce=false, ...}}
     */
    @Override
    public String toString() {
        return "SerializationConfig{serializeOnProduce=" + serializeOnProduce + ", maxMessagePoolChunkSize="
                + maxMessagePoolChunkSize + ", maxPooledMessages=" + maxPooledMessages + "}";
    }
}
