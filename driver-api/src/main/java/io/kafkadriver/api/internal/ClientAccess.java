/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.ClusterClient;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The "shared secret" through which other packages of the driver (the streams, {@code io.kafkadriver.stream}) reach a
 * {@link ClusterClient}'s engine without making it public: {@code ClusterClient} registers its accessor in a static
 * initializer, so any holder of a client finds it registered. Internal: not part of the API.
 */
public final class ClientAccess {
    /** What {@code ClusterClient} hands out. */
    public interface Accessor {
        /**
         * The client's running engine.
         *
         * @param client the client
         * @return its engine
         */
        Engine engine(ClusterClient client);

        /**
         * The client's driver actor, which takes the {@link KafkaDriver} protocol.
         *
         * @param client the client
         * @return its driver
         */
        ActorRef<KafkaDriver.Command> driver(ClusterClient client);
    }

    private static volatile Accessor accessor;

    private ClientAccess() {
    }

    /**
     * Registers the accessor; called once, by {@code ClusterClient}'s static initializer.
     *
     * @param a the accessor
     */
    public static void register(Accessor a) {
        accessor = Objects.requireNonNull(a, "accessor");
    }

    /**
     * A client's engine.
     *
     * @param client the client
     * @return its engine
     */
    public static Engine engine(ClusterClient client) {
        return accessor().engine(Objects.requireNonNull(client, "client"));
    }

    /**
     * A client's driver actor.
     *
     * @param client the client
     * @return its driver
     */
    public static ActorRef<KafkaDriver.Command> driver(ClusterClient client) {
        return accessor().driver(Objects.requireNonNull(client, "client"));
    }

    private static Accessor accessor() {
        Accessor a = accessor;
        if (a == null) { // only before ClusterClient's class was initialized, which a client instance implies
            try {
                Class.forName(ClusterClient.class.getName(), true, ClusterClient.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = accessor;
        }
        return a;
    }
}
