/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.stream.Shape;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.Tuple2;
import scala.runtime.BoxedUnit;

/**
 * The logic of a source stage bound to the driver: at its start, its stage actor becomes the {@link Binding}'s
 * receiver of records and events, with a first demand; a binding that cannot start, or fails later, fails the
 * stage. Shared by the plain and the partitioned sources.
 */
abstract class BoundLogic extends GraphStageLogic {
    /** The stage's consumption in the driver. */
    final Binding binding;
    private final int firstDemand;

    /**
     * A logic.
     *
     * @param shape       the stage's shape
     * @param binding     the consumption to start
     * @param firstDemand the records granted at the start
     */
    BoundLogic(Shape shape, Binding binding, int firstDemand) {
        super(shape);
        this.binding = binding;
        this.firstDemand = firstDemand;
    }

    @Override
    public void preStart() {
        org.apache.pekko.actor.ActorRef self = getStageActor(this::onMessage).ref();
        try {
            binding.start(Adapter.toTyped(self), Adapter.toTyped(self), firstDemand);
        } catch (RuntimeException e) {
            failStage(e);
        }
    }

    private BoxedUnit onMessage(Tuple2<org.apache.pekko.actor.ActorRef, Object> message) {
        if (message._2() instanceof Binding.Failed f) {
            failStage(f.error());
        } else {
            receive(message._2());
        }
        return BoxedUnit.UNIT;
    }

    /**
     * A message to the stage actor other than a binding failure (which fails the stage): records, group events.
     *
     * @param message the message
     */
    abstract void receive(Object message);
}
