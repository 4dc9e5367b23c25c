/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/**
 * A minimal streaming JSON writer for the benchmark report, so the report needs no JSON library: objects, arrays,
 * strings, numbers (non-finite ones become {@code null}), booleans and null, with commas placed for the caller.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** Whether the value about to be written is the first of its object or array (no comma before it). */
    private boolean first = true;

    /** Opens an object, as a value. */
    JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    /** Closes the current object. */
    JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    /** Opens an array, as a value. */
    JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    /** Closes the current array. */
    JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    /** Writes a string value, or null. */
    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        first = false;
        return this;
    }

    /** Writes an integral value. */
    JsonWriter value(long value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    /** Writes a number, or null when it is NaN or infinite. */
    JsonWriter value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        first = false;
        return this;
    }

    /** Writes a boolean value. */
    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
