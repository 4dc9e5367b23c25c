/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ReceivedMessage;
import java.util.ArrayDeque;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import scala.Tuple2;

/**
 * The stage behind the topic and group sources. Its stage actor is the driver's receiver: {@code Records} batches
 * come to it within the demand granted, never more. It starts with {@code bufferSize} granted and grants again what
 * downstream took, in steps of half the buffer, so that what it holds plus what it was granted and has not
 * received stays within {@code bufferSize}. With downstream slow, the demand runs out and the driver holds the
 * fetched chunks, which keep their bytes in the fetch budget, so fetching stops: memory stays bounded.
 */
final class ConsumerStage<T> extends GraphStageWithMaterializedValue<SourceShape<T>, Control> {
    private final Outlet<T> out = Outlet.create("KafkaSource.out");
    private final SourceShape<T> shape = SourceShape.of(out);
    private final java.util.function.Supplier<Binding> binding;
    private final int bufferSize;
    private final Function<Binding, Function<ReceivedMessage, T>> element;

    ConsumerStage(java.util.function.Supplier<Binding> binding, int bufferSize,
                  Function<Binding, Function<ReceivedMessage, T>> element) {
        this.binding = binding;
        this.bufferSize = bufferSize;
        this.element = element;
    }

    @Override
    public SourceShape<T> shape() {
        return shape;
    }

    @Override
    public Attributes initialAttributes() {
        return Attributes.name("KafkaSource");
    }

    @Override
    public Tuple2<GraphStageLogic, Control> createLogicAndMaterializedValue(Attributes attributes) {
        Binding b = binding.get();
        StreamControl control = new StreamControl(b);
        return new Tuple2<>(new Logic(b, control, element.apply(b)), control);
    }

    private final class Logic extends BoundLogic {
        private final StreamControl control;
        private final Function<ReceivedMessage, T> element;
        private final ArrayDeque<ReceivedMessage> buffer = new ArrayDeque<>();
        private final int step = Math.max(1, bufferSize / 2);
        private int taken;
        private boolean stopping;

        Logic(Binding binding, StreamControl control, Function<ReceivedMessage, T> element) {
            super(shape, binding, bufferSize);
            this.control = control;
            this.element = element;
            control.bind(createAsyncCallback(d -> stopEmitting()));
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    emit();
                }
            });
        }

        @Override
        void receive(Object m) {
            if (m instanceof KafkaDriver.Records r) {
                if (!stopping) {
                    buffer.addAll(r.records());
                    emit();
                }
            }
        }

        private void emit() {
            if (isAvailable(out) && !buffer.isEmpty()) {
                push(out, element.apply(buffer.pollFirst()));
                if (++taken >= step) {
                    binding.grant(taken);
                    taken = 0;
                }
            }
        }

        private void stopEmitting() {
            stopping = true;
            buffer.clear();
            completeStage();
        }

        @Override
        public void postStop() {
            control.stageStopped();
        }
    }
}
