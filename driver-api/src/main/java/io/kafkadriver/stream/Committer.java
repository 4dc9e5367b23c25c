/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Commits the {@link CommittableOffset}s of processed records in batches, so that commits stay few at any rate
 * (field failure F15).
 *
 * <pre>{@code
 * Pair<Control, CompletionStage<Done>> running = KafkaSource.committable(client, subscription, settings)
 *         .mapAsync(4, m -> process(m.message()).thenApply(x -> m.offset()))
 *         .toMat(Committer.sink(CommitterSettings.defaults()), Keep.both())
 *         .run(system);
 * ...
 * running.first().drainAndShutdown(running.second());   // the final commit lands, then the group is left
 * }</pre>
 *
 * <p>Offsets are gathered for up to {@link CommitterSettings#maxBatch()} offsets or
 * {@link CommitterSettings#maxInterval()}, whichever comes first; per group and partition the latest offset wins.
 * One commit is in flight at a time; while it is, the next batches are merged (never backpressuring the stream), so
 * the commit lag is bounded by a commit's round trip plus the interval and the number of commits does not grow with
 * the rate. Offsets of partitions the source's member no longer owns (a rebalance took them) are skipped: the
 * group's next owner gets those records again (at least once). A commit the coordinator refuses fails the stream
 * with a {@link io.kafkadriver.api.CommitFailedException}.
 */
public final class Committer {
    private Committer() {
    }

    /**
     * A flow that commits and emits one {@code Done} per commit it made (a batch, merged), in order.
     *
     * @param settings the batching
     * @return the flow, materializable many times
     */
    public static Flow<CommittableOffset, Done, NotUsed> flow(CommitterSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return Flow.<CommittableOffset>create()
                .groupedWithin(settings.maxBatch(), settings.maxInterval())
                .map(Batch::of)
                .conflate(Batch::merge)
                .mapAsync(1, Batch::commit);
    }

    /**
     * A sink that commits.
     *
     * @param settings the batching
     * @return the sink; its {@code CompletionStage<Done>} completes once upstream completed and the last commit
     *         landed, or fails with the first commit that did not
     */
    public static Sink<CommittableOffset, CompletionStage<Done>> sink(CommitterSettings settings) {
        return flow(settings).toMat(Sink.ignore(), Keep.right());
    }

    /** The latest offset per partition of each source's group, in the order the groups came. */
    private record Batch(Map<CommitTarget, Map<TopicPartition, Long>> offsets) {
        static Batch of(List<CommittableOffset> offsets) {
            Map<CommitTarget, Map<TopicPartition, Long>> out = new LinkedHashMap<>();
            for (CommittableOffset o : offsets) {
                out.computeIfAbsent(o.target(), t -> new LinkedHashMap<>()).put(o.topicPartition(), o.offset());
            }
            return new Batch(out);
        }

        Batch merge(Batch later) {
            later.offsets.forEach((target, partitions) ->
                    offsets.computeIfAbsent(target, t -> new LinkedHashMap<>()).putAll(partitions));
            return this;
        }

        CompletionStage<Done> commit() {
            List<CompletableFuture<Done>> all = new ArrayList<>();
            offsets.forEach((target, partitions) -> all.add(target.commit(partitions).toCompletableFuture()));
            CompletableFuture<Done> done = new CompletableFuture<>();
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                    .whenComplete((v, error) -> CommitTarget.complete(done, error));
            return done;
        }
    }
}
