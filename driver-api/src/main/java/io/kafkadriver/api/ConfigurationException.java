package io.kafkadriver.api;

import java.util.Objects;

/**
 * A setting of {@link Configuration} has an invalid value. The message names the setting by its Java name and its
 * HOCON key, states what is allowed and shows the rejected value, for example
 * {@code produceBatchSize must be between 1 and 2147483647 (kafka-driver.produce.batch-size), was 0}.
 */
public class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String key;

    /**
     * Creates the exception.
     *
     * @param setting the setting's Java name, e.g. {@code produceBatchSize}
     * @param key the setting's HOCON key, e.g. {@code kafka-driver.produce.batch-size}
     * @param message the full message, naming both
     */
    public ConfigurationException(String setting, String key, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.setting = Objects.requireNonNull(setting, "setting");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Creates the exception with a cause (for example the HOCON library's own error).
     *
     * @param setting the setting's Java name
     * @param key the setting's HOCON key
     * @param message the full message, naming both
     * @param cause the underlying error
     */
    public ConfigurationException(String setting, String key, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * The Java name of the faulty setting.
     *
     * @return e.g. {@code produceBatchSize}
     */
    public String setting() {
        return setting;
    }

    /**
     * The HOCON key of the faulty setting.
     *
     * @return e.g. {@code kafka-driver.produce.batch-size}
     */
    public String key() {
        return key;
    }
}
