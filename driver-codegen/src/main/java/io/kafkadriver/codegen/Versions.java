/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

/**
 * An inclusive range of protocol versions as the schemas write them: {@code "3"}, {@code "3+"}, {@code "1-4"} or
 * {@code "none"}.
 *
 * @param lowest  the first version
 * @param highest the last version ({@link Short#MAX_VALUE} for an open range)
 */
public record Versions(short lowest, short highest) {
    /** The empty range ({@code "none"}). */
    public static final Versions NONE = new Versions((short) 1, (short) 0);
    /** Every version. */
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    /**
     * Parses a schema version range.
     *
     * @param text     the text, or null
     * @param fallback the result for a null text
     * @return the range
     */
    public static Versions parse(String text, Versions fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim();
        if (t.equals("none")) {
            return NONE;
        }
        if (t.endsWith("+")) {
            return new Versions(Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1)));
        }
        short v = Short.parseShort(t);
        return new Versions(v, v);
    }

    /**
     * Whether the range holds no version.
     *
     * @return true for an empty range
     */
    public boolean isEmpty() {
        return lowest > highest;
    }

    /**
     * Whether a version is in the range.
     *
     * @param v the version
     * @return true if {@code lowest <= v <= highest}
     */
    public boolean contains(int v) {
        return v >= lowest && v <= highest;
    }

    /**
     * The versions in both ranges.
     *
     * @param other the other range
     * @return the intersection, possibly empty
     */
    public Versions intersect(Versions other) {
        Versions r = new Versions((short) Math.max(lowest, other.lowest), (short) Math.min(highest, other.highest));
        return r.isEmpty() ? NONE : r;
    }

    /**
     * A Java boolean expression over a variable {@code version} that is true exactly for the versions of this range
     * within a context range; null when it is true for the whole context, {@code "false"} when never.
     *
     * @param context the versions the code can run at
     * @return the condition, null or {@code "false"}
     */
    public String condition(Versions context) {
        Versions in = intersect(context);
        if (in.isEmpty()) {
            return "false";
        }
        boolean low = in.lowest > context.lowest;
        boolean high = in.highest < context.highest;
        if (low && high) {
            return in.lowest == in.highest ? "version == " + in.lowest
                    : "(version >= " + in.lowest + " && version <= " + in.highest + ")";
        }
        if (low) {
            return "version >= " + in.lowest;
        }
        if (high) {
            return "version <= " + in.highest;
        }
        return null;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        return highest == Short.MAX_VALUE ? lowest + "+" : lowest == highest ? "" + lowest : lowest + "-" + highest;
    }
}
