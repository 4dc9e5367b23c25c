/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * The client-side assignors of the classic protocol, under their wire names, which Apache Kafka's and librdkafka's
 * consumers share: a group can mix members of each as long as they offer a common one.
 */
public enum PartitionAssignor {
    /** {@code range}: contiguous ranges of each topic's partitions (eager: a rebalance revokes everything first). */
    RANGE("range"),
    /** {@code roundrobin}: all partitions dealt out in turn (eager). */
    ROUND_ROBIN("roundrobin"),
    /**
     * {@code cooperative-sticky}: balanced and sticky, incremental (KIP-429): only the partitions that move are
     * revoked, and the others are consumed through the rebalance.
     */
    COOPERATIVE_STICKY("cooperative-sticky");

    private final String wireName;

    PartitionAssignor(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name on the wire.
     *
     * @return e.g. {@code cooperative-sticky}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The assignor of a wire name.
     *
     * @param name e.g. {@code range}
     * @return the assignor
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static PartitionAssignor ofWireName(String name) {
        for (PartitionAssignor a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown assignor '" + name + "': expected one of range, roundrobin,"
                + " cooperative-sticky");
    }
}
