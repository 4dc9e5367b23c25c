package io.kafkadriver.api.archfixture;

import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/** A deliberately bad public API class extending a Pekko type. Test fixture only. */
public abstract class LeakyBehavior extends AbstractBehavior<String> {

    /**
     * Protected, so only the supertype is the leak.
     *
     * @param context the actor context
     */
    protected LeakyBehavior(ActorContext<String> context) {
        super(context);
    }

    @Override
    public abstract Receive<String> createReceive();
}
