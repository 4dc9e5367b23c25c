/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.consume;

/**
 * Where consuming a partition starts.
 */
public sealed interface StartPosition {
    /** The earliest offset still in the log. */
    StartPosition EARLIEST = new Earliest();
    /** The end of the log: only records produced from now on. */
    StartPosition LATEST = new Latest();

    /** See {@link #EARLIEST}. */
    record Earliest() implements StartPosition {
    }

    /** See {@link #LATEST}. */
    record Latest() implements StartPosition {
    }

    /**
     * A given offset.
     *
     * @param offset the offset, at least 0
     */
    record AtOffset(long offset) implements StartPosition {
        /**
         * Checks the offset.
         */
        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be at least 0, was " + offset);
            }
        }
    }

    /**
     * The first record with a timestamp at or after a time (the end of the log when none is).
     *
     * @param timestampMs milliseconds since the epoch, at least 0
     */
    record AtTimestamp(long timestampMs) implements StartPosition {
        /**
         * Checks the timestamp.
         */
        public AtTimestamp {
            if (timestampMs < 0) {
                throw new IllegalArgumentException("timestamp must be at least 0, was " + timestampMs);
            }
        }
    }

    /**
     * The ListOffsets timestamp that finds this position, or -3 for a plain offset.
     *
     * @return -2 earliest, -1 latest, a timestamp, or -3 when no lookup is needed
     */
    default long listOffsetsTimestamp() {
        if (this instanceof Earliest) {
            return -2L;
        }
        if (this instanceof Latest) {
            return -1L;
        }
        if (this instanceof AtTimestamp t) {
            return t.timestampMs();
        }
        return -3L;
    }
}
