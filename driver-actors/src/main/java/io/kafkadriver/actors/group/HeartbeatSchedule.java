/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

/**
 * When a member heartbeats and when it must consider its session gone: Apache Kafka's {@code Heartbeat} timer, as a
 * plain class on {@code nowMs}. A heartbeat is due {@code interval} after the last one was sent (at most one in
 * flight); after a failed one, again after the retry backoff. The session is presumed expired when no heartbeat
 * succeeded for {@code sessionTimeout}: the coordinator has dropped the member by then.
 */
public final class HeartbeatSchedule {
    private long intervalMs;
    private final long sessionTimeoutMs;
    private final long retryBackoffMs;
    private long lastSentMs;
    private long lastSuccessMs;
    private long nextDueMs;
    private boolean inFlight;

    /**
     * A schedule.
     *
     * @param intervalMs       the heartbeat interval
     * @param sessionTimeoutMs the session timeout
     * @param retryBackoffMs   the pause after a failed heartbeat
     */
    public HeartbeatSchedule(long intervalMs, long sessionTimeoutMs, long retryBackoffMs) {
        if (intervalMs <= 0 || sessionTimeoutMs <= intervalMs) {
            throw new IllegalArgumentException("the heartbeat interval must be positive and below the session timeout,"
                    + " were " + intervalMs + " and " + sessionTimeoutMs + " ms");
        }
        this.intervalMs = intervalMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    /**
     * The session starts (a SyncGroup succeeded): the first heartbeat is one interval away.
     *
     * @param nowMs the time
     */
    public void reset(long nowMs) {
        lastSentMs = nowMs;
        lastSuccessMs = nowMs;
        nextDueMs = nowMs + intervalMs;
        inFlight = false;
    }

    /**
     * Changes the interval (KIP-848: the broker sets it in every answer); the next heartbeat is due one new interval
     * after the last one was sent.
     *
     * @param ms the interval, positive
     */
    public void interval(long ms) {
        if (ms > 0 && ms != intervalMs) {
            nextDueMs = nextDueMs - intervalMs + ms;
            intervalMs = ms;
        }
    }

    /**
     * Makes a heartbeat due now (KIP-848: a changed assignment is acknowledged at once).
     *
     * @param nowMs the time
     */
    public void dueNow(long nowMs) {
        nextDueMs = Math.min(nextDueMs, nowMs);
    }

    /**
     * The interval.
     *
     * @return milliseconds
     */
    public long intervalMs() {
        return intervalMs;
    }

    /**
     * Whether a heartbeat should be sent now.
     *
     * @param nowMs the time
     * @return true when one is due and none is in flight
     */
    public boolean due(long nowMs) {
        return !inFlight && nowMs >= nextDueMs;
    }

    /**
     * A heartbeat was sent.
     *
     * @param nowMs the time
     */
    public void sent(long nowMs) {
        inFlight = true;
        lastSentMs = nowMs;
        nextDueMs = nowMs + intervalMs;
    }

    /**
     * The coordinator answered without error.
     *
     * @param nowMs the time
     */
    public void succeeded(long nowMs) {
        inFlight = false;
        lastSuccessMs = nowMs;
    }

    /**
     * The heartbeat got no answer or a retriable error: try again after the backoff.
     *
     * @param nowMs the time
     */
    public void failed(long nowMs) {
        inFlight = false;
        nextDueMs = Math.min(nextDueMs, nowMs + retryBackoffMs);
    }

    /**
     * Whether no heartbeat succeeded for a whole session timeout.
     *
     * @param nowMs the time
     * @return true when the coordinator has presumably dropped the member
     */
    public boolean sessionExpired(long nowMs) {
        return nowMs - lastSuccessMs >= sessionTimeoutMs;
    }

    /**
     * How long until the next heartbeat is due.
     *
     * @param nowMs the time
     * @return milliseconds, at least 0
     */
    public long untilDueMs(long nowMs) {
        return Math.max(0, nextDueMs - nowMs);
    }

    /**
     * When the last heartbeat was sent.
     *
     * @return milliseconds
     */
    public long lastSentMs() {
        return lastSentMs;
    }
}
