/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The materialized value of a {@link KafkaSource}: stops it, and releases what it holds in the driver (a topic
 * source's consumption, a group source's membership). Thread-safe.
 *
 * <p>A source releases by itself when its stage stops for any other reason (downstream cancelled, a failure):
 * a topic source stops consuming its topic ({@code StopConsume}), a group source leaves its group
 * ({@code Unsubscribe}). Only {@link #drainAndShutdown} holds the release back.
 */
public interface Control {
    /**
     * Stops emitting: the source completes downstream now (records it holds and has not emitted are dropped; for a
     * group they were not committed, so the group's next owner gets them again). A partitioned source completes
     * with each of its sub-sources, which drop what they hold. The release follows at once.
     *
     * @return completes once the source's stage has stopped
     */
    CompletionStage<Done> stop();

    /**
     * {@link #stop()}, then the release.
     *
     * @return completes once released: for a group, once the member left (revoked, LeaveGroup), within the client's
     *         {@code closeTimeout}
     */
    CompletionStage<Done> shutdown();

    /**
     * The orderly end of a stream that commits (field failure F14): stops the source emitting and fetching (no more
     * demand is granted; a partitioned source's sub-sources first emit what they hold, then complete), keeps the
     * consumption and the group membership while what is in flight downstream
     * finishes, waits for {@code streamCompletion} (typically the {@link Committer#sink} materialized value, which
     * completes once the final commit landed), and only then releases (leaves the group).
     *
     * @param streamCompletion completes when the rest of the stream is done
     * @param <T>              its value
     * @return completes with {@code streamCompletion}'s value (or fails with its failure) once released
     */
    <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion);

    /**
     * The release.
     *
     * @return completes once the source released what it held in the driver
     */
    CompletionStage<Done> isShutdown();
}
