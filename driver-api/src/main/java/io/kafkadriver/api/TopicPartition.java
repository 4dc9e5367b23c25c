/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

import java.util.Objects;

/**
 * A partition of a topic.
 *
 * @param topic     the topic
 * @param partition the partition index
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    /** Checks the values. */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be at least 0, was " + partition);
        }
    }

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
