/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.version;

/**
 * A range of versions of one API, inclusive.
 *
 * @param apiKey the API key
 * @param min    the lowest version
 * @param max    the highest version
 */
public record ApiVersionRange(short apiKey, short min, short max) {
    /**
     * Checks the range.
     *
     * @param apiKey the API key
     * @param min    the lowest version, at least 0
     * @param max    the highest version, at least {@code min}
     */
    public ApiVersionRange {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad version range " + min + ".." + max + " for API key " + apiKey);
        }
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
