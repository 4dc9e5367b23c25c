/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * What a failing user listener may take down: nothing but itself. A listener's exception or error (an
 * {@code AssertionError}, a {@code NoClassDefFoundError}) is logged and ignored by the caller, so that one bad
 * listener neither stops a partition nor kills the actor delivering to the others; only the JVM's own failures
 * ({@link VirtualMachineError}: out of memory, stack overflow) go on up, as nothing can be trusted after them.
 *
 * <p>A listener that throws on every record would flood the log: the failures of each kind of listener are counted
 * and logged at the 1st, 10th, 100th, 1,000th... with the count and the stack trace.
 */
public final class ListenerFailures {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private ListenerFailures() {
    }

    /**
     * Rethrows a {@link VirtualMachineError}; counts anything else and logs it when its count is a power of ten.
     *
     * @param log      the caller's logger
     * @param listener which kind of listener threw, e.g. "a message-received listener"
     * @param subject  what it was given, or null
     * @param thrown   what it threw
     * @throws VirtualMachineError when it is one
     */
    public static void ignore(Logger log, String listener, Object subject, Throwable thrown) {
        if (thrown instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        long n = COUNTS.computeIfAbsent(listener, k -> new AtomicLong()).incrementAndGet();
        if (isPowerOfTen(n)) {
            log.warn("{} threw{}; ignored (failure {} of such listeners; logged at the 1st, 10th, 100th...)",
                    listener, subject == null ? "" : " on " + subject, n, thrown);
        }
    }

    static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
