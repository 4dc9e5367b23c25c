/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.util.function.DoubleSupplier;

/**
 * When to re-authenticate a SASL session (KIP-368): the broker gives the session's lifetime in SaslAuthenticate
 * ({@code SessionLifetimeMs}, 0 for none) and closes the connection at its end. The client re-authenticates at a
 * uniformly random point between 85% and 95% of the lifetime, so that many connections do not do it at once and
 * there is time left to drain the in-flight requests before the exchange. A pure decision, tested without time.
 */
public final class ReauthSchedule {
    private static final double LOW = 0.85;
    private static final double HIGH = 0.95;
    private final DoubleSupplier random;

    /**
     * Creates the schedule.
     *
     * @param random a source of uniform doubles in {@code [0, 1)}
     */
    public ReauthSchedule(DoubleSupplier random) {
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    /**
     * How long after a successful authentication to start the next one.
     *
     * @param sessionLifetimeMs the broker's {@code SessionLifetimeMs}
     * @return the delay in milliseconds (at least 1), or -1 when the session does not expire
     */
    public long delayMs(long sessionLifetimeMs) {
        if (sessionLifetimeMs <= 0) {
            return -1;
        }
        double fraction = LOW + (HIGH - LOW) * random.getAsDouble();
        return Math.max(1L, (long) Math.floor(sessionLifetimeMs * fraction));
    }
}
