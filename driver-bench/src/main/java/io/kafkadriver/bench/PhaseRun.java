/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/**
 * One measured phase of one client: how many records of what size went through, and what it cost this process.
 *
 * @param client     {@code ours} or {@code official}
 * @param phase      {@code produce}, {@code consume}, or {@code paced} (the latency mode's fixed-rate run)
 * @param index      the run's index among this client's runs of this phase, from 0
 * @param records    records produced and acknowledged, or consumed
 * @param recordSize value bytes per record
 * @param usage      wall time, CPU, allocation and peak heap of the phase
 */
public record PhaseRun(String client, String phase, int index, long records, int recordSize, ResourceUsage usage) {

    /**
     * Returns the wall time.
     *
     * @return seconds
     */
    public double seconds() {
        return usage.elapsedNanos() / 1e9;
    }

    /**
     * Returns the records per second.
     *
     * @return records/s
     */
    public double recordsPerSecond() {
        return records / seconds();
    }

    /**
     * Returns the value bytes per second in MB (10^6 bytes).
     *
     * @return MB/s
     */
    public double megabytesPerSecond() {
        return recordsPerSecond() * recordSize / 1e6;
    }

    /**
     * Returns this process's CPU time during the phase (all threads, GC and JIT included).
     *
     * @return CPU seconds
     */
    public double cpuSeconds() {
        return usage.cpuNanos() / 1e9;
    }

    /**
     * Returns the CPU seconds per million records.
     *
     * @return CPU seconds per 10^6 records
     */
    public double cpuSecondsPerMillion() {
        return records == 0 ? Double.NaN : cpuSeconds() / (records / 1e6);
    }

    /**
     * Returns the bytes this process allocated per record.
     *
     * @return bytes per record
     */
    public double allocatedBytesPerRecord() {
        return records == 0 ? Double.NaN : (double) usage.allocatedBytes() / records;
    }

    /**
     * Returns the peak heap used during the phase.
     *
     * @return MiB
     */
    public double peakHeapMiB() {
        return usage.peakHeapBytes() / (1024.0 * 1024.0);
    }
}
