/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Coalesces many demands for one kind of refresh (a metadata refresh, typically) into as few requests as possible,
 * as a pure decision class that the owning actor drives with the current time.
 *
 * <p>Rules:
 * <ol>
 *   <li>No request in flight and the last one started at least {@code minIntervalMs} ago: send now.</li>
 *   <li>No request in flight but the last one is more recent: send at {@code lastStart + minIntervalMs} (the actor
 *       schedules a timer; further demands until then join the same request).</li>
 *   <li>A request in flight: the demand waits for the <em>next</em> request, because it may have been caused by
 *       something the in-flight request already missed (for example an error seen after the request was sent). When
 *       the in-flight request completes, one follow-up request serves every such demand.</li>
 * </ol>
 * Waiters of a request are handed back when it completes, so each demand is answered exactly once.
 *
 * @param <W> what identifies a waiter (an actor reference to reply to, or a marker)
 */
public final class RefreshCoalescer<W> {

    /** What the actor should do after a call. */
    public enum Action {
        /** Start a request now and then call {@link #started(long)}. */
        SEND_NOW,
        /** Schedule a timer for {@link #nextSendAtMs()} (replacing any earlier one), then call {@link #due(long)}. */
        SCHEDULE,
        /** Nothing to do: the demand joined a request that is already planned or in flight. */
        NONE
    }

    private final long minIntervalMs;
    private final long urgentIntervalMs;
    private boolean urgent;
    private List<W> waitingForNext = new ArrayList<>();
    private List<W> inFlightWaiters = new ArrayList<>();
    private boolean demanded;
    private boolean inFlight;
    private long lastStartMs = Long.MIN_VALUE / 2;

    /**
     * Creates a coalescer.
     *
     * @param minIntervalMs the least time between the starts of two requests, at least 0
     */
    public RefreshCoalescer(long minIntervalMs) {
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException("minIntervalMs must be at least 0, was " + minIntervalMs);
        }
        this.minIntervalMs = minIntervalMs;
        this.urgentIntervalMs = minIntervalMs;
    }

    /**
     * Creates a coalescer with a shorter interval for urgent demands (the routing is known to be wrong: a topic is
     * unknown, a leader moved, a broker died), so that such a demand is not held for a whole {@code minIntervalMs}.
     *
     * @param minIntervalMs    the least time between the starts of two requests, at least 0
     * @param urgentIntervalMs the least time between the previous start and an urgent request, 0 .. minIntervalMs
     */
    public RefreshCoalescer(long minIntervalMs, long urgentIntervalMs) {
        if (minIntervalMs < 0 || urgentIntervalMs < 0 || urgentIntervalMs > minIntervalMs) {
            throw new IllegalArgumentException("need 0 <= urgentIntervalMs (" + urgentIntervalMs
                    + ") <= minIntervalMs (" + minIntervalMs + ")");
        }
        this.minIntervalMs = minIntervalMs;
        this.urgentIntervalMs = urgentIntervalMs;
    }

    /**
     * Records an urgent demand: like {@link #demand}, but the request may start {@code urgentIntervalMs} after the
     * previous one. A demand already scheduled later is brought forward ({@link Action#SCHEDULE} again).
     *
     * @param waiter who wants to hear when it is done, or {@code null}
     * @param nowMs  the current time
     * @return what the actor should do
     */
    public Action demandUrgent(W waiter, long nowMs) {
        boolean wasUrgent = urgent;
        boolean wasDemanded = demanded;
        urgent = true;
        Action a = demand(waiter, nowMs);
        if (a == Action.NONE && wasDemanded && !wasUrgent && !inFlight) {
            return nowMs >= nextSendAtMs() ? Action.SEND_NOW : Action.SCHEDULE;
        }
        return a;
    }

    /**
     * Records a demand for a refresh.
     *
     * @param waiter who wants to hear when it is done, or {@code null} when nobody waits for it
     * @param nowMs  the current time
     * @return what the actor should do
     */
    public Action demand(W waiter, long nowMs) {
        if (waiter != null) {
            waitingForNext.add(waiter);
        }
        boolean wasDemanded = demanded;
        demanded = true;
        if (inFlight || wasDemanded) {
            return Action.NONE;
        }
        return nowMs >= nextSendAtMs() ? Action.SEND_NOW : Action.SCHEDULE;
    }

    /**
     * Called when a scheduled timer fires.
     *
     * @param nowMs the current time
     * @return {@link Action#SEND_NOW} if a request is due now, else {@link Action#NONE} or {@link Action#SCHEDULE}
     */
    public Action due(long nowMs) {
        if (!demanded || inFlight) {
            return Action.NONE;
        }
        return nowMs >= nextSendAtMs() ? Action.SEND_NOW : Action.SCHEDULE;
    }

    /**
     * Records that the actor has sent the request. Every demand so far is served by it.
     *
     * @param nowMs the current time
     */
    public void started(long nowMs) {
        if (inFlight) {
            throw new IllegalStateException("a refresh is already in flight");
        }
        inFlight = true;
        demanded = false;
        urgent = false;
        lastStartMs = nowMs;
        List<W> served = inFlightWaiters;
        inFlightWaiters = waitingForNext;
        waitingForNext = served;
        waitingForNext.clear();
    }

    /**
     * Records that the in-flight request finished (successfully or not).
     *
     * @param nowMs the current time
     * @return the waiters it served, and what to do next (a follow-up when demands arrived meanwhile)
     */
    public Completion<W> completed(long nowMs) {
        if (!inFlight) {
            throw new IllegalStateException("no refresh is in flight");
        }
        inFlight = false;
        List<W> served = List.copyOf(inFlightWaiters);
        inFlightWaiters.clear();
        Action next = demanded ? (nowMs >= nextSendAtMs() ? Action.SEND_NOW : Action.SCHEDULE) : Action.NONE;
        return new Completion<>(served, next);
    }

    /**
     * The earliest time the next request may start.
     *
     * @return a time in milliseconds on the caller's clock
     */
    public long nextSendAtMs() {
        return lastStartMs + (urgent ? urgentIntervalMs : minIntervalMs);
    }

    /**
     * Whether a request is in flight.
     *
     * @return true between {@link #started(long)} and {@link #completed(long)}
     */
    public boolean inFlight() {
        return inFlight;
    }

    /**
     * The outcome of a completed request.
     *
     * @param served the waiters the request answered, in the order they asked
     * @param next   what the actor should do next
     * @param <W>    the waiter type
     */
    public record Completion<W>(List<W> served, Action next) {
        /**
         * Checks the fields.
         *
         * @param served the waiters served
         * @param next   the next action
         */
        public Completion {
            Objects.requireNonNull(served, "served");
            Objects.requireNonNull(next, "next");
        }
    }
}
