/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.cluster;

/**
 * What the metadata says of one partition.
 *
 * @param partition   the partition index
 * @param leaderId    the leader's node id, or -1 when the partition has no leader right now
 * @param leaderEpoch the leader epoch (KIP-320), or -1 when the broker does not say
 * @param replicas    the replica node ids
 * @param isr         the in-sync replica node ids
 * @param errorCode   the partition-level error code from the metadata response, 0 for none
 */
public record PartitionState(int partition, int leaderId, int leaderEpoch, int[] replicas, int[] isr,
                             short errorCode) {
    /**
     * Copies the arrays so the value stays immutable.
     *
     * @param partition   the partition index
     * @param leaderId    the leader id or -1
     * @param leaderEpoch the leader epoch or -1
     * @param replicas    the replicas
     * @param isr         the in-sync replicas
     * @param errorCode   the error code
     */
    public PartitionState {
        replicas = replicas.clone();
        isr = isr.clone();
    }

    /**
     * Whether the partition has a leader.
     *
     * @return true when {@code leaderId >= 0}
     */
    public boolean hasLeader() {
        return leaderId >= 0;
    }

    @Override
    public int[] replicas() {
        return replicas.clone();
    }

    @Override
    public int[] isr() {
        return isr.clone();
    }

    /**
     * The number of in-sync replicas, without copying.
     *
     * @return the ISR size
     */
    public int isrSize() {
        return isr.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionState p && p.partition == partition && p.leaderId == leaderId
                && p.leaderEpoch == leaderEpoch && java.util.Arrays.equals(p.replicas, replicas)
                && java.util.Arrays.equals(p.isr, isr) && p.errorCode == errorCode;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(partition, leaderId, leaderEpoch, java.util.Arrays.hashCode(replicas),
                java.util.Arrays.hashCode(isr), errorCode);
    }

    @Override
    public String toString() {
        return "PartitionState[" + partition + " leader=" + leaderId + " epoch=" + leaderEpoch + " replicas="
                + java.util.Arrays.toString(replicas) + " isr=" + java.util.Arrays.toString(isr)
                + (errorCode != 0 ? " error=" + errorCode : "") + "]";
    }
}
