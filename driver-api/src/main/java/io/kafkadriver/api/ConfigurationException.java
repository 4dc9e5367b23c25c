/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A configuration value is invalid. The message names the setting (its builder name and its HOCON key), what is
 * allowed, and the value given.
 */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the setting, the allowed values and the value given
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the setting, the allowed values and the value given
     * @param cause   the underlying parse error
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
