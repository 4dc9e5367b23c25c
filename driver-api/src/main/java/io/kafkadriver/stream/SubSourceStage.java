/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * One partition's sub-source of a partitioned source: emits what its {@link PartitionQueue} holds and completes once
 * the queue is completed and drained. It can be materialized once. Cancelling it abandons the partition: it stays
 * paused (nothing more is fetched for it, nothing of it is committed) until the group takes it away.
 */
final class SubSourceStage<T> extends GraphStage<SourceShape<T>> {
    private final Outlet<T> out = Outlet.create("KafkaSource.partition.out");
    private final SourceShape<T> shape = SourceShape.of(out);
    private final PartitionQueue<T> queue;

    SubSourceStage(PartitionQueue<T> queue) {
        this.queue = queue;
    }

    @Override
    public SourceShape<T> shape() {
        return shape;
    }

    @Override
    public Attributes initialAttributes() {
        return Attributes.name("KafkaSource.partition-" + queue.partition.topic() + "-" + queue.partition.partition());
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new GraphStageLogic(shape) {
            {
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        emit();
                    }
                });
            }

            @Override
            public void preStart() {
                if (!queue.materialized.compareAndSet(false, true)) {
                    failStage(new IllegalStateException("the sub-source of " + queue.partition
                            + " can be materialized once only"));
                    return;
                }
                queue.attach(createAsyncCallback(b -> {
                    queue.woken();
                    emit();
                }));
                emit();
            }

            private void emit() {
                if (!isAvailable(out)) {
                    return;
                }
                boolean completed = queue.isCompleted(); // read first: nothing is added after completion
                T t = queue.poll();
                if (t != null) {
                    push(out, t);
                } else if (completed) {
                    completeStage();
                }
            }

            @Override
            public void postStop() {
                if (!queue.isCompleted()) {
                    queue.abandon();
                }
            }
        };
    }
}
