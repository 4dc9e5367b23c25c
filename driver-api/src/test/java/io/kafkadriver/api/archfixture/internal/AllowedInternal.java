package io.kafkadriver.api.archfixture.internal;

import org.apache.pekko.actor.typed.ActorRef;

/** An internal-package class may use Pekko types in public signatures. Test fixture only. */
public class AllowedInternal {

    /**
     * Allowed here.
     *
     * @param ref a Pekko type
     * @return the same
     */
    public ActorRef<String> echo(ActorRef<String> ref) {
        return ref;
    }
}
