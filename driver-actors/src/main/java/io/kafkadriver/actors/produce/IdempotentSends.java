/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import io.kafkadriver.actors.connection.ConnectionActor;
import io.kafkadriver.protocol.errors.KafkaError;
import io.kafkadriver.protocol.message.InitProducerIdRequest;
import io.kafkadriver.protocol.message.InitProducerIdResponse;
import io.kafkadriver.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;

/**
 * A batcher's side of the idempotent producer, without I/O: the producer id it got from InitProducerId, whether it
 * needs one (at start; when a partition's epoch is used up or fenced), and the numbering of each partition's batches
 * before they go out ({@link SequenceState} per partition). A partition stays with one batcher for the producer's
 * life, so its sequences never move between actors.
 *
 * <p>The batcher sends {@link #request()} when {@link #shouldAsk} says so and hands over the reply
 * ({@link #answered}); before each send it asks {@link #prepare} whether a partition may send its head batch.
 */
final class IdempotentSends {
    /**
     * The tag of an InitProducerId request: the answer to an ask given up on is told apart and dropped.
     *
     * @param id the ask's number
     */
    record Ask(long id) {
    }

    private long asks;
    private long producerId = -1;
    private short epoch = -1;
    private boolean wanted = true;
    private boolean asked;
    private long askedAtMs;
    private long askAgainAtMs;
    private String lastError;
    private int failuresInARow;

    /**
     * Whether to send an InitProducerId now; true marks it asked.
     *
     * @param nowMs      the current time
     * @param patienceMs how long an ask may go unanswered before it is given up and asked again (a request to a
     *                   broker node that stops meanwhile may never be answered)
     * @return true when a producer id is needed, none is asked (or the last went unanswered for too long) and the
     *         backoff after a failure is over
     */
    boolean shouldAsk(long nowMs, long patienceMs) {
        if (!wanted || (asked && nowMs - askedAtMs < patienceMs) || nowMs < askAgainAtMs) {
            return false;
        }
        asked = true;
        askedAtMs = nowMs;
        return true;
    }

    /**
     * When {@link #shouldAsk} may next say yes: the batcher wakes then, since nothing else may wake it (a full
     * buffer holds the callers back, a long linger has no deadline soon).
     *
     * @param patienceMs as for {@link #shouldAsk}
     * @return the time, or {@link Long#MAX_VALUE} when no producer id is needed
     */
    long nextAskAtMs(long patienceMs) {
        if (!wanted) {
            return Long.MAX_VALUE;
        }
        return asked ? askedAtMs + patienceMs : askAgainAtMs;
    }

    /**
     * The InitProducerId request of an idempotent producer: no transactional id; the producer id and epoch of
     * version 3+ left at -1 (for a producer without a transactional id the broker gives a new id whatever they say).
     *
     * @return the request, its version chosen by the connection
     */
    static InitProducerIdRequest request() {
        return new InitProducerIdRequest().setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE);
    }

    /**
     * The tag of the next ask.
     *
     * @return a tag newer than every one before
     */
    Ask nextAsk() {
        return new Ask(++asks);
    }

    /**
     * Takes the reply to {@link #request()}.
     *
     * @param ask       the tag of the request answered
     * @param reply     the connection's reply
     * @param nowMs     the current time
     * @param backoffMs the wait before asking again after a failure
     * @return null when a producer id was granted or the answer is to an ask given up on (dropped), else why not (it
     *         is asked again after the backoff)
     */
    String answered(Ask ask, ConnectionActor.Reply reply, long nowMs, long backoffMs) {
        if (ask.id() != asks) {
            return null;
        }
        String error;
        if (reply instanceof ConnectionActor.Response r && r.response() instanceof InitProducerIdResponse a) {
            if (a.errorCode() == 0) {
                producerId(a.producerId(), a.producerEpoch());
                return null;
            }
            KafkaError e = KafkaError.forCode(a.errorCode());
            error = "InitProducerId answered " + (e == null ? "error code " + a.errorCode() : e.name());
        } else {
            error = reply instanceof ConnectionActor.Failed f ? String.valueOf(f.error()) : String.valueOf(reply);
        }
        failed(error, nowMs, backoffMs);
        return error;
    }

    /**
     * InitProducerId answered.
     *
     * @param id      the producer id
     * @param ofEpoch its epoch
     */
    void producerId(long id, short ofEpoch) {
        producerId = id;
        epoch = ofEpoch;
        wanted = false;
        asked = false;
        lastError = null;
        failuresInARow = 0;
    }

    /**
     * InitProducerId failed; it is asked again after the backoff.
     *
     * @param why       the error, for the records that expire meanwhile
     * @param nowMs     the current time
     * @param backoffMs the wait before asking again
     */
    void failed(String why, long nowMs, long backoffMs) {
        asked = false;
        askAgainAtMs = nowMs + backoffMs;
        lastError = why;
        failuresInARow++;
    }

    /**
     * InitProducerId failures since the last producer id: the first ones are routine (a coordinator still loading
     * on a fresh cluster), many in a row deserve a warning.
     *
     * @return the count
     */
    int failuresInARow() {
        return failuresInARow;
    }

    /**
     * Why records cannot go yet, when it is for want of a producer id.
     *
     * @return the reason, or null when the batcher has a producer id
     */
    String waitingFor() {
        return producerId >= 0 ? null : "no producer id yet" + (lastError != null ? " (" + lastError + ")" : "");
    }

    /**
     * The stamp of a batch being sealed, when it can be numbered now (the common case: the builder then writes the
     * fields and no second pass is needed); null to number it when it is first sent.
     *
     * @param q       its partition
     * @param records its record count
     * @return the stamp, or null
     */
    SequenceState.Stamp stampAtSeal(PartitionQueue q, int records) {
        SequenceState s = q.sequences;
        if (!s.hasProducerId() && producerId >= 0) {
            s.adopt(producerId, epoch);
        }
        boolean behindUnnumbered = !q.ready.isEmpty() && q.ready.peekLast().stamp == null;
        return !s.hasProducerId() || s.mustRenumber() || behindUnnumbered ? null : s.stamp(records);
    }

    /**
     * Whether a partition may send its head batch now, numbering it if it is not yet. When the partition must be
     * renumbered (an epoch bump, a new producer id) it waits until nothing of it is in flight, then every batch
     * waiting gets its new stamp, oldest first.
     *
     * @param q a partition with a batch ready
     * @return false while it must wait (batches in flight before a renumbering, or no producer id)
     */
    boolean prepare(PartitionQueue q) {
        SequenceState s = q.sequences;
        if (s.mustRenumber()) {
            if (!q.inFlight.isEmpty()) {
                return false;
            }
            if (!s.renumber()) {
                if (producerId < 0 || producerId == s.producerId()) {
                    wanted = true; // this id's epochs are used up, or fenced: a new id for the whole batcher
                    return false;
                }
                s.adopt(producerId, epoch);
            }
            for (SealedBatch b : q.ready) {
                if (b.stamp != null) {
                    stamp(s, b);
                }
            }
        } else if (!s.hasProducerId()) {
            if (producerId < 0) {
                return false;
            }
            s.adopt(producerId, epoch);
        }
        SealedBatch head = q.ready.peekFirst();
        if (head.stamp == null) {
            stamp(s, head);
        }
        return true;
    }

    private static void stamp(SequenceState s, SealedBatch b) {
        b.stamp = s.stamp(b.records.size());
        if (b.rodeAFailedConnection) {
            // A dying connection's stream may still read the old bytes: renumber a copy, never what it holds.
            ByteBuffer copy = ByteBuffer.allocate(b.data.remaining());
            copy.put(b.data.duplicate()).flip();
            b.data = copy;
        }
        RecordBatchBuilder.restamp(b.data, b.stamp.producerId(), b.stamp.epoch(), b.stamp.baseSequence());
    }
}
