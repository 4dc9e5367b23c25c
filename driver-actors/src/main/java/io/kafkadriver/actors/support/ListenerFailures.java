/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.support;

/**
 * What a failing user listener may take down: nothing but itself. A listener's exception or error (an
 * {@code AssertionError}, a {@code NoClassDefFoundError}) is logged and ignored by the caller, so that one bad
 * listener neither stops a partition nor kills the actor delivering to the others; only the JVM's own failures
 * ({@link VirtualMachineError}: out of memory, stack overflow) go on up, as nothing can be trusted after them.
 */
public final class ListenerFailures {
    private ListenerFailures() {
    }

    /**
     * Rethrows a {@link VirtualMachineError}; returns for anything else, which the caller logs and ignores.
     *
     * @param thrown what a listener threw
     * @throws VirtualMachineError when it is one
     */
    public static void rethrowFatal(Throwable thrown) {
        if (thrown instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
