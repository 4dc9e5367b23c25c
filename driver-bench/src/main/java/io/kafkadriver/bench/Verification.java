/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/**
 * What one client read back, checked against what was produced.
 *
 * @param client      the client's label
 * @param expected    records produced
 * @param received    records received, duplicates included
 * @param distinct    distinct produced records received
 * @param duplicates  records received more than once (allowed by at-least-once delivery, reported)
 * @param foreign     records without a valid sequence number
 * @param outOfOrder  records whose offset was not above the previous one of their partition
 * @param intact      every produced record arrived and (when checksummed) the checksum over them matches
 * @param checksummed whether the values' hashes were summed and compared
 */
public record Verification(String client, long expected, long received, long distinct, long duplicates, long foreign,
                           long outOfOrder, boolean intact, boolean checksummed) {

    /**
     * Returns the produced records that did not arrive.
     *
     * @return {@code expected - distinct}
     */
    public long missing() {
        return expected - distinct;
    }

    /**
     * Tells whether the check passed: every record intact and offsets in order per partition.
     *
     * @return true when verified
     */
    public boolean ok() {
        return intact && outOfOrder == 0 && foreign == 0;
    }
}
