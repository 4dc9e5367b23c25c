/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.bench.ProduceWorkload.Client;

/**
 * The figures of one measured run of one client.
 *
 * @param client         which client
 * @param index          the run's index among this client's runs, from 0
 * @param records        records produced
 * @param acknowledged   records acknowledged
 * @param failed         records discarded or expired
 * @param firstError     the first failure's message, or null
 * @param usage          what the run cost the process, from first produce to last acknowledgement
 * @param recordSize     value bytes per record
 */
public record RunResult(Client client, int index, long records, long acknowledged, long failed, String firstError,
                        ResourceUsage usage, int recordSize) {

    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * Tells whether every record was acknowledged.
     *
     * @return true when {@code acknowledged == records}
     */
    public boolean complete() {
        return acknowledged == records;
    }

    /**
     * Returns the wall time from the first produce call to the last acknowledgement.
     *
     * @return seconds
     */
    public double seconds() {
        return usage.elapsedNanos() / NANOS_PER_SECOND;
    }

    /**
     * Returns the acknowledged records per second.
     *
     * @return records/s
     */
    public double recordsPerSecond() {
        return acknowledged / seconds();
    }

    /**
     * Returns the value bytes acknowledged per second, in MB (10^6 bytes); keys are null and headers none.
     *
     * @return MB/s
     */
    public double megabytesPerSecond() {
        return recordsPerSecond() * recordSize / 1e6;
    }

    /**
     * Returns this process's CPU seconds per million records (all threads, GC and JIT included).
     *
     * @return CPU seconds per 10^6 records
     */
    public double cpuSecondsPerMillion() {
        return usage.cpuNanos() / NANOS_PER_SECOND / (records / 1e6);
    }

    /**
     * Returns the bytes allocated per record by the whole process.
     *
     * @return bytes per record
     */
    public double allocatedBytesPerRecord() {
        return (double) usage.allocatedBytes() / records;
    }

    /**
     * Returns the peak heap used during the run.
     *
     * @return MiB
     */
    public double peakHeapMiB() {
        return usage.peakHeapBytes() / (1024.0 * 1024.0);
    }

    /**
     * Returns the broker process's CPU seconds per million records, or -1 when unknown.
     *
     * @return CPU seconds per 10^6 records, or -1
     */
    public double brokerCpuSecondsPerMillion() {
        return usage.brokerCpuNanos() < 0 ? -1 : usage.brokerCpuNanos() / NANOS_PER_SECOND / (records / 1e6);
    }
}
