/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.Collection;

/**
 * One member of a consumer group under test in the group mode ({@link GroupMode}): a client of its own subscribed
 * to one topic in one group, on the classic protocol with the range assignor, starting from the earliest offsets
 * (the group has no committed offsets) and committing nothing. The implementations are
 * {@link DriverBenchClient#joinGroup} (one {@code ClusterClient}) and {@link OfficialBenchClient#joinGroup} (one
 * {@code KafkaConsumer} on its own poll thread).
 */
interface GroupMember extends AutoCloseable {

    /** Leaves the group and closes the member's client and threads (bounded, within about 30 s). */
    @Override
    void close();

    /**
     * Hears one member's assignments and records, all on the member's one delivery thread (so an assignment is
     * heard before the first record of its partitions, and records of a partition in offset order).
     */
    interface Listener extends RecordSink {

        /**
         * Takes the partitions a rebalance assigned to the member (for the eager range assignor: its whole new
         * assignment), before any record of them.
         *
         * @param partitions the partitions of the consumed topic
         */
        void assigned(Collection<Integer> partitions);
    }
}
