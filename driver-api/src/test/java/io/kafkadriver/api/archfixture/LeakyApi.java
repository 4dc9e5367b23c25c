package io.kafkadriver.api.archfixture;

import io.kafkadriver.protocol.DecodeException;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import scala.concurrent.duration.FiniteDuration;

/** A deliberately bad public API class: every member leaks a forbidden type. Test fixture only. */
public class LeakyApi {

    /** A public field of a Pekko type. */
    public ActorRef<String> field;

    /**
     * A public constructor taking a Pekko type.
     *
     * @param ref leaks Pekko
     */
    public LeakyApi(ActorRef<String> ref) {
        this.field = ref;
    }

    /**
     * Returns a Pekko type.
     *
     * @return leaks Pekko
     */
    public ActorRef<String> returnsAnActorRef() {
        return field;
    }

    /**
     * Takes a Scala type.
     *
     * @param d leaks Scala
     */
    public void takesAScalaDuration(FiniteDuration d) {
    }

    /**
     * Leaks Pekko only through a generic argument.
     *
     * @return leaks Pekko
     */
    public List<ActorRef<String>> listOfActorRefs() {
        return List.of();
    }

    /**
     * Returns a protocol-layer type.
     *
     * @return leaks the protocol module
     */
    public DecodeException throwsProtocolType() {
        return null;
    }

    ActorRef<String> packagePrivateMayUsePekko() {
        return field;
    }
}
