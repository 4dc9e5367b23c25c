/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/**
 * What one benchmark run cost the client's process, measured by {@link ResourceMeter}.
 *
 * @param elapsedNanos   wall time
 * @param cpuNanos       this process's CPU time, all threads
 * @param allocatedBytes bytes allocated on the heap by every thread of this JVM (the JVM's running total,
 *                       which keeps what exited threads allocated), or about 0 when the JVM cannot tell
 * @param peakHeapBytes  the largest heap used seen (sampled every 10 ms, so short peaks may be missed)
 * @param gcCount        collections, all collectors
 * @param gcMillis       time in collections as the collectors report it
 * @param brokerCpuNanos the broker process's CPU time, or -1 when unknown
 */
public record ResourceUsage(long elapsedNanos, long cpuNanos, long allocatedBytes, long peakHeapBytes, long gcCount,
                            long gcMillis, long brokerCpuNanos) {
}
