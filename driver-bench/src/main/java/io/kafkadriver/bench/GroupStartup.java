/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.List;

/**
 * How one measured run of the group mode started and split the work: the times from the members' creation to every
 * member's first assignment and to the group's first record, how many assignments the members heard (one each when
 * the group formed in one rebalance and kept it), and what each member read.
 *
 * @param client            {@code ours} or {@code official}
 * @param index             the run's index among this client's group runs, from 0
 * @param members           members in the group
 * @param allAssignedMillis from the first member's creation until every member had its first non-empty assignment,
 *                          or NaN when a member had none
 * @param firstRecordMillis from the first member's creation to the group's first record, or NaN
 * @param assignments       assignments heard by the members, all together
 * @param records           distinct records read by the group
 * @param elapsedNanos      the run's wall time (the members' creation to the last distinct record)
 * @param memberRecords     records each member received, duplicates included, in member order
 */
public record GroupStartup(String client, int index, int members, double allAssignedMillis, double firstRecordMillis,
                           int assignments, long records, long elapsedNanos, List<Long> memberRecords) {

    /** Copies the list. */
    public GroupStartup {
        memberRecords = List.copyOf(memberRecords);
    }

    /**
     * Returns the records per second once the group reads: from its first record to the last distinct one (the
     * run's records/s counts the join too).
     *
     * @return records/s, or NaN without a first record
     */
    public double recordsPerSecondFromFirstRecord() {
        double seconds = elapsedNanos / 1e9 - firstRecordMillis / 1e3;
        return Double.isNaN(seconds) || seconds <= 0 ? Double.NaN : records / seconds;
    }
}
