/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.TopicPartition;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The position to commit after a record of a {@link KafkaSource#committable committable source}: its group, its
 * partition and its offset plus one (the next offset to read). Hand it to a {@link Committer}, which batches them;
 * or commit it alone with {@link #commit()}.
 */
public final class CommittableOffset {
    private final CommitTarget target;
    private final TopicPartition topicPartition;
    private final long offset;

    CommittableOffset(CommitTarget target, TopicPartition topicPartition, long offset) {
        this.target = target;
        this.topicPartition = topicPartition;
        this.offset = offset;
    }

    /**
     * The group.
     *
     * @return the group id
     */
    public String groupId() {
        return target.groupId();
    }

    /**
     * The record's partition.
     *
     * @return topic and partition
     */
    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /**
     * The offset to commit: the record's offset plus one.
     *
     * @return the next offset to read
     */
    public long offset() {
        return offset;
    }

    CommitTarget target() {
        return target;
    }

    /**
     * Commits this offset alone, now (one OffsetCommit; prefer a {@link Committer} at any rate). A partition the
     * source's member no longer owns is skipped.
     *
     * @return completes once committed; fails with a {@link io.kafkadriver.api.CommitFailedException}
     */
    public CompletionStage<Done> commit() {
        return target.commit(Map.of(topicPartition, offset));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommittableOffset c && c.target == target && c.offset == offset
                && c.topicPartition.equals(topicPartition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target.groupId(), topicPartition, offset);
    }

    @Override
    public String toString() {
        return "CommittableOffset(" + target.groupId() + ", " + topicPartition.topic() + "-"
                + topicPartition.partition() + ", " + offset + ")";
    }
}
