package io.kafkadriver.api.internal;

import io.kafkadriver.api.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Validation of single settings against the ranges of {@link Setting}, with messages of one shape:
 * {@code <javaName> <what is allowed> (<hocon key>), was <value>}. Internal: not part of the public API.
 */
public final class Checks {
    /** The last topic name found legal (checked on every record, the check took 8% of a saturated send's samples). */
    private static volatile String lastLegal;

    private Checks() {
    }

    /** The longest topic name a broker accepts. */
    public static final int MAX_TOPIC_LENGTH = 249;

    /**
     * Refuses a topic name no broker would accept, naming it and the rule: null, blank, longer than 249
     * characters, {@code "."} or {@code ".."}, or with a character outside {@code [a-zA-Z0-9._-]}.
     *
     * @param topic the name
     * @return the name
     * @throws IllegalArgumentException when it is not a legal topic name
     */
    public static String topic(String topic) {
        if (topic == lastLegal && topic != null) {
            return topic; // the very String found legal last time (a producer's usual case): immutable, so legal
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must be a non-blank topic name, was "
                    + (topic == null ? "null" : "'" + topic + "'"));
        }
        if (topic.length() > MAX_TOPIC_LENGTH || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("topic '" + abbreviate(topic) + "' is not a legal topic name: at most "
                    + MAX_TOPIC_LENGTH + " characters (it has " + topic.length() + "), neither '.' nor '..'");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                throw new IllegalArgumentException("topic '" + abbreviate(topic) + "' is not a legal topic name:"
                        + " character '" + c + "' at " + i + " is not in [a-zA-Z0-9._-]");
            }
        }
        lastLegal = topic;
        return topic;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /**
     * Builds the exception for a setting.
     *
     * @param setting the faulty setting
     * @param allowed what is allowed, e.g. {@code must be between 1 and 10}
     * @param was the rejected value, already formatted
     * @return the exception (to throw)
     */
    public static ConfigurationException error(Setting setting, String allowed, String was) {
        return new ConfigurationException(setting.javaName(), setting.key(),
                setting.javaName() + " " + allowed + " (" + setting.key() + "), was " + was);
    }

    /**
     * Checks an integer setting against its range.
     *
     * @param setting the setting
     * @param value the value (a long, so that a HOCON number too large for an int is reported the same way)
     * @return the value as an int
     * @throws ConfigurationException if out of range
     */
    public static int intInRange(Setting setting, long value) {
        return (int) longInRange(setting, value);
    }

    /**
     * Checks a long setting against its range.
     *
     * @param setting the setting
     * @param value the value
     * @return the value
     * @throws ConfigurationException if out of range
     */
    public static long longInRange(Setting setting, long value) {
        if (value < setting.min() || value > setting.max()) {
            throw error(setting, "must be between " + setting.min() + " and " + setting.max(), Long.toString(value));
        }
        return value;
    }

    /**
     * Checks a duration setting against its range (in milliseconds).
     *
     * @param setting the setting
     * @param value the duration, not null
     * @return the value
     * @throws ConfigurationException if out of range
     * @throws NullPointerException if null, naming the setting
     */
    public static Duration durationInRange(Setting setting, Duration value) {
        Objects.requireNonNull(value, setting.javaName());
        Duration min = Duration.ofMillis(setting.min());
        Duration max = Duration.ofMillis(setting.max());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw error(setting, "must be between " + format(min) + " and " + format(max), format(value));
        }
        return value;
    }

    /**
     * Checks a fraction in {@code [0, 1]}.
     *
     * @param setting the setting
     * @param value the value
     * @return the value
     * @throws ConfigurationException if out of range or not a number
     */
    public static double fraction(Setting setting, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw error(setting, "must be between 0.0 and 1.0", Double.toString(value));
        }
        return value;
    }

    /**
     * Checks a string that must not be blank.
     *
     * @param setting the setting
     * @param value the value, not null
     * @param maxLength the largest length allowed
     * @return the value
     * @throws ConfigurationException if blank or too long
     */
    public static String notBlank(Setting setting, String value, int maxLength) {
        Objects.requireNonNull(value, setting.javaName());
        if (value.isBlank() || value.length() > maxLength) {
            throw error(setting, "must be a non-blank string of at most " + maxLength + " characters",
                    "'" + value + "'");
        }
        return value;
    }

    /**
     * Parses an enum constant from HOCON text, case-insensitively, with {@code -} read as {@code _}.
     *
     * @param setting the setting
     * @param type the enum class
     * @param text the text, e.g. {@code by-node}
     * @param <E> the enum type
     * @return the constant
     * @throws ConfigurationException listing the allowed values if none matches
     */
    public static <E extends Enum<E>> E parseEnum(Setting setting, Class<E> type, String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalized)) {
                return constant;
            }
        }
        throw error(setting, "must be one of " + allowed(type), "'" + text + "'");
    }

    /**
     * The allowed HOCON spellings of an enum, lower case and kebab case.
     *
     * @param type the enum class
     * @return e.g. {@code by-node, global}
     */
    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Checks::hoconName).collect(Collectors.joining(", "));
    }

    /**
     * The HOCON spelling of an enum constant.
     *
     * @param constant the constant
     * @return e.g. {@code by-node} for {@code BY_NODE}
     */
    public static String hoconName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Formats a duration as HOCON would accept it: whole milliseconds as {@code 1500ms}, finer ones in nanoseconds.
     *
     * @param value the duration
     * @return e.g. {@code 30000ms}
     */
    public static String format(Duration value) {
        if (value.toNanosPart() % 1_000_000 == 0) {
            try {
                return value.toMillis() + "ms";
            } catch (ArithmeticException tooLong) {
                return value.getSeconds() + "s";
            }
        }
        try {
            return value.toNanos() + "ns";
        } catch (ArithmeticException tooLong) {
            return value.toString();
        }
    }
}
