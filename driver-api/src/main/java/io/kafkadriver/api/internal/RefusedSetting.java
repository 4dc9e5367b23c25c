package io.kafkadriver.api.internal;

import io.kafkadriver.api.ConfigurationException;

/**
 * kafka-sharp settings this driver refuses rather than accept and ignore: each names its Java method, its HOCON key
 * (below {@code kafka-driver}), its kafka-sharp field and why it has no meaning here, with what to do instead. The
 * HOCON reader and the Java methods throw {@link #refusal()}. Internal.
 */
public enum RefusedSetting {
    MAX_MESSAGE_POOL_CHUNK_SIZE("maxMessagePoolChunkSize", "serialization.max-message-pool-chunk-size",
            "SerializationConfig.MaxMessagePoolChunkSize"),
    MAX_POOLED_MESSAGES("maxPooledMessages", "serialization.max-pooled-messages",
            "SerializationConfig.MaxPooledMessages");

    private static final String NO_POOL = "kafka-sharp pooled the per-message buffers that serialize-on-produce "
            + "wrote into; here serializers return byte arrays and records are encoded straight into the batch being "
            + "built, so there is no per-message buffer to pool (batch buffers are pooled by each batcher, without a "
            + "setting). Remove the setting.";

    private final String javaName;
    private final String path;
    private final String kafkaSharpName;

    RefusedSetting(String javaName, String path, String kafkaSharpName) {
        this.javaName = javaName;
        this.path = path;
        this.kafkaSharpName = kafkaSharpName;
    }

    /**
     * The Java name.
     *
     * @return e.g. {@code maxPooledMessages}
     */
    public String javaName() {
        return javaName;
    }

    /**
     * The HOCON path below {@link Setting#ROOT}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The full HOCON key.
     *
     * @return e.g. {@code kafka-driver.serialization.max-pooled-messages}
     */
    public String key() {
        return Setting.ROOT + "." + path;
    }

    /**
     * The kafka-sharp field.
     *
     * @return e.g. {@code SerializationConfig.MaxPooledMessages}
     */
    public String kafkaSharpName() {
        return kafkaSharpName;
    }

    /**
     * Why it is refused and what to do instead.
     *
     * @return the reason
     */
    public String reason() {
        return NO_POOL;
    }

    /**
     * The error to throw when the setting is given.
     *
     * @return an exception naming the setting, its key and kafka-sharp field, and the reason
     */
    public ConfigurationException refusal() {
        return new ConfigurationException(javaName, key(), javaName + " (" + key() + ", kafka-sharp " + kafkaSharpName
                + ") is refused: " + reason());
    }
}
