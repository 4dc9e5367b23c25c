/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a key and an optional value.
 *
 * @param key   the header key, not null
 * @param value the header value, or null
 */
public record Header(String key, byte[] value) {
    /**
     * Checks the key.
     *
     * @param key   not null
     * @param value may be null
     */
    public Header {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && h.key.equals(key) && Arrays.equals(h.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[" + key + "=" + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
