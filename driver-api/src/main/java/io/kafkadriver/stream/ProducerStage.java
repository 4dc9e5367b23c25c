/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actors.produce.Drop;
import io.kafkadriver.actors.produce.OutgoingRecord;
import io.kafkadriver.actors.produce.ProduceCallback;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.internal.ProducerFacade;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * The stage behind {@link KafkaFlow}: each element is submitted to the client's producer front (the lock-free path
 * of {@code ClusterClient.send}, no actor message per record) with a callback; at most {@code parallelism} are in
 * flight; results leave in input order. The callbacks run on driver threads: each marks its slot done and wakes the
 * stage once per burst (a flag, not one message per record).
 */
final class ProducerStage<P> extends GraphStage<FlowShape<ProducerEnvelope<P>, ProducerResult<P>>> {
    private final Inlet<ProducerEnvelope<P>> in = Inlet.create("KafkaFlow.in");
    private final Outlet<ProducerResult<P>> out = Outlet.create("KafkaFlow.out");
    private final FlowShape<ProducerEnvelope<P>, ProducerResult<P>> shape = FlowShape.of(in, out);
    private final ProducerFacade producer;
    private final int parallelism;
    private final boolean emitFailures;

    ProducerStage(ProducerFacade producer, int parallelism, boolean emitFailures) {
        this.producer = producer;
        this.parallelism = parallelism;
        this.emitFailures = emitFailures;
    }

    @Override
    public FlowShape<ProducerEnvelope<P>, ProducerResult<P>> shape() {
        return shape;
    }

    @Override
    public Attributes initialAttributes() {
        return Attributes.name("KafkaFlow");
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new Logic();
    }

    /** One record in flight; written once by a driver thread, read by the stage after {@code done}. */
    private static final class Slot<P> implements ProduceCallback {
        final ProducerEnvelope<P> envelope;
        final Runnable wake;
        RecordMetadata metadata;
        ProduceFailedException failure;
        volatile boolean done;

        Slot(ProducerEnvelope<P> envelope, Runnable wake) {
            this.envelope = envelope;
            this.wake = wake;
        }

        @Override
        public void acknowledged(OutgoingRecord record, long offset) {
            metadata = new RecordMetadata(record.topic(), record.partition(), offset, record.timestampMs());
            done = true;
            wake.run();
        }

        @Override
        public void dropped(OutgoingRecord record, Drop drop) {
            fail(new ProduceFailedException(drop.cause().getMessage(), drop.cause(), drop.kind() == Drop.Kind.EXPIRED));
        }

        void fail(ProduceFailedException e) {
            failure = e;
            done = true;
            wake.run();
        }

        ProducerResult<P> result() {
            return new ProducerResult<>(envelope.record(), metadata, failure, envelope.passThrough());
        }
    }

    private final class Logic extends GraphStageLogic {
        private final ArrayDeque<Slot<P>> inFlight = new ArrayDeque<>();
        private final AtomicBoolean wakePending = new AtomicBoolean();
        private AsyncCallback<Boolean> wakeUp;
        /** The last flush asked for: at most one at a time, so a full window costs one flush per round, not per record. */
        private java.util.concurrent.CompletableFuture<Void> flushing;
        private final Runnable wake = () -> {
            if (wakePending.compareAndSet(false, true)) {
                wakeUp.invoke(Boolean.TRUE);
            }
        };

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    submit(grab(in));
                }

                @Override
                public void onUpstreamFinish() {
                    if (inFlight.isEmpty()) {
                        completeStage();
                    } else {
                        producer.front().flush(); // the last records must not wait for their linger
                    }
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    emit();
                }
            });
        }

        @Override
        public void preStart() {
            wakeUp = createAsyncCallback(b -> {
                wakePending.set(false); // before reading the slots: a callback after this wakes the stage again
                emit();
                if (!isClosed(in) && inFlight.size() >= parallelism) {
                    flush();
                }
            });
            pull(in);
        }

        private void submit(ProducerEnvelope<P> e) {
            Slot<P> slot = new Slot<>(e, wake);
            inFlight.addLast(slot);
            ProducerRecord r = e.record();
            try {
                // False when DISCARD dropped it: the slot was told so already.
                producer.submit(r.topic(), r.partition(), r.timestamp(), r.key(), r.value(),
                        ProducerFacade.protocolHeaders(r.headers()), slot, r);
            } catch (ProduceFailedException failed) { // BLOCK: no room within overflowBlockTimeout
                slot.fail(failed);
            } catch (IllegalStateException closed) { // the client is closed
                failStage(closed);
                return;
            }
            if (inFlight.size() < parallelism) {
                pull(in);
            } else {
                flush(); // the window is full: no more records will come to fill the batches
            }
        }

        private void flush() {
            if (flushing == null || flushing.isDone()) {
                flushing = producer.front().flush();
                // Once it is done, the stage looks again: a window still full then needs the next flush.
                flushing.whenComplete((v, e) -> wake.run());
            }
        }

        private void emit() {
            Slot<P> head = inFlight.peekFirst();
            if (head != null && head.done && isAvailable(out)) {
                inFlight.pollFirst();
                if (head.failure != null && !emitFailures) {
                    failStage(head.failure);
                    return;
                }
                push(out, head.result());
            }
            if (isClosed(in)) {
                if (inFlight.isEmpty()) {
                    completeStage();
                }
            } else if (!hasBeenPulled(in) && inFlight.size() < parallelism) {
                pull(in);
            }
        }
    }
}
