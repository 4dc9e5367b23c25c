/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import scala.Tuple2;

/**
 * The stage behind the partitioned group sources: one sub-source per assigned partition, emitted when the group
 * assigns it, completed when the group revokes or loses it (its records not emitted yet are dropped: they are no
 * longer this member's). The group's records and its assignment events come to the stage actor in the order the
 * group's delivery made them (both are sent from the delivery's thread), so a partition's records never come before
 * its sub-source nor after its revoke.
 *
 * <p>Memory: the stage keeps a window of {@code bufferSize} records granted to the driver and grants again what it
 * received at once (it holds nothing itself); each partition's queue is paused in the driver at {@code bufferSize}
 * records and resumed at half, so a queue holds at most {@code bufferSize} plus what was granted and in flight when
 * the pause came (another {@code bufferSize}).
 */
final class PartitionedStage<T> extends GraphStageWithMaterializedValue<
        SourceShape<Pair<TopicPartition, Source<T, NotUsed>>>, Control> {
    private final Outlet<Pair<TopicPartition, Source<T, NotUsed>>> out = Outlet.create("KafkaSource.partitioned.out");
    private final SourceShape<Pair<TopicPartition, Source<T, NotUsed>>> shape = SourceShape.of(out);
    private final Supplier<Binding> binding;
    private final int bufferSize;
    private final Function<Binding, Function<ReceivedMessage, T>> element;

    PartitionedStage(Supplier<Binding> binding, int bufferSize,
                     Function<Binding, Function<ReceivedMessage, T>> element) {
        this.binding = binding;
        this.bufferSize = bufferSize;
        this.element = element;
    }

    @Override
    public SourceShape<Pair<TopicPartition, Source<T, NotUsed>>> shape() {
        return shape;
    }

    @Override
    public Attributes initialAttributes() {
        return Attributes.name("KafkaSource.partitioned");
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
        private final Map<TopicPartition, PartitionQueue<T>> queues = new HashMap<>();
        private final ArrayDeque<PartitionQueue<T>> pending = new ArrayDeque<>();
        private boolean stopping;

        Logic(Binding binding, StreamControl control, Function<ReceivedMessage, T> element) {
            super(shape, binding, bufferSize);
            this.control = control;
            this.element = element;
            control.bind(createAsyncCallback(d -> {
                stopping = true;
                completeStage();
            }));
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
                onRecords(r.records());
            } else if (m instanceof Binding.Assigned a) {
                for (TopicPartition tp : a.partitions()) {
                    if (!queues.containsKey(tp)) {
                        PartitionQueue<T> q = new PartitionQueue<>(tp, bufferSize, binding.driver);
                        queues.put(tp, q);
                        pending.addLast(q);
                    }
                }
                emit();
            } else if (m instanceof Binding.Revoked r) {
                for (TopicPartition tp : r.partitions()) {
                    PartitionQueue<T> q = queues.remove(tp);
                    if (q != null) {
                        pending.remove(q);
                        q.complete(true);
                    }
                }
            }
        }

        private void onRecords(List<ReceivedMessage> records) {
            Map<TopicPartition, List<T>> byPartition = new LinkedHashMap<>();
            for (ReceivedMessage r : records) {
                byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                        .add(element.apply(r));
            }
            byPartition.forEach((tp, list) -> {
                PartitionQueue<T> q = queues.get(tp);
                if (q != null) {
                    q.offer(list);
                }
            });
            if (!stopping) {
                binding.grant(records.size()); // the window stays open; the queues' pauses bound the memory
            }
        }

        private void emit() {
            if (isAvailable(out) && !pending.isEmpty()) {
                PartitionQueue<T> q = pending.pollFirst();
                push(out, Pair.create(q.partition, Source.fromGraph(new SubSourceStage<>(q))));
            }
        }

        @Override
        public void postStop() {
            // A drain lets each sub-source emit what it holds; otherwise the release revokes everything anyway.
            boolean keep = control.draining();
            queues.values().forEach(q -> q.complete(!keep));
            queues.clear();
            control.stageStopped();
        }
    }
}
