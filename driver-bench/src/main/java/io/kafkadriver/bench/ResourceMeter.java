/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Measures what one benchmark run costs this JVM: wall time, process CPU time (every thread, GC and JIT included),
 * bytes allocated by all threads, GC count and time, and peak heap used, sampled every 10 ms by a daemon
 * thread. The broker runs in another process, so none of its work is counted; its CPU time is read apart, when
 * known.
 *
 * <p>Use: {@link #start} right before the first record, {@link #stop} once every record is acknowledged.
 */
final class ResourceMeter {
    /** Heap sampling period. */
    static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final com.sun.management.OperatingSystemMXBean os;
    private final com.sun.management.ThreadMXBean threads;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final LongSupplier brokerCpuNanos;
    private final long startNanos;
    private final long startCpu;
    private final long startAllocated;
    private final long startGcCount;
    private final long startGcMillis;
    private final long startBrokerCpu;
    private final Thread sampler;
    private volatile boolean sampling = true;
    private volatile long peakHeap;

    private ResourceMeter(LongSupplier brokerCpuNanos) {
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.brokerCpuNanos = brokerCpuNanos;
        this.peakHeap = memory.getHeapMemoryUsage().getUsed();
        this.sampler = new Thread(this::sample, "bench-heap-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
        this.startBrokerCpu = brokerCpuNanos.getAsLong();
        this.startGcCount = gcCount();
        this.startGcMillis = gcMillis();
        this.startAllocated = allocated();
        this.startCpu = os.getProcessCpuTime();
        this.startNanos = System.nanoTime();
    }

    /**
     * Starts measuring now.
     *
     * @param brokerCpuNanos the broker process's CPU time in nanoseconds, or -1 when unknown
     * @return the running meter
     */
    static ResourceMeter start(LongSupplier brokerCpuNanos) {
        return new ResourceMeter(brokerCpuNanos);
    }

    /**
     * Stops measuring and returns the deltas since {@link #start}.
     *
     * @return what the run cost
     */
    ResourceUsage stop() {
        long elapsed = System.nanoTime() - startNanos;
        long cpu = os.getProcessCpuTime() - startCpu;
        long alloc = allocated() - startAllocated;
        long gcs = gcCount() - startGcCount;
        long gcTime = gcMillis() - startGcMillis;
        long broker = brokerCpuNanos.getAsLong();
        sampling = false;
        LockSupport.unpark(sampler);
        try {
            sampler.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ResourceUsage(elapsed, cpu, alloc, Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed()), gcs, gcTime,
                broker < 0 || startBrokerCpu < 0 ? -1 : broker - startBrokerCpu);
    }

    private void sample() {
        while (sampling) {
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used > peakHeap) {
                peakHeap = used;
            }
            // A sampling period, not a synchronisation: stop() unparks and joins.
            LockSupport.parkNanos(SAMPLE_NANOS);
        }
    }

    private long allocated() {
        return threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()
                ? threads.getTotalThreadAllocatedBytes() : -1;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
