/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.api.ConsumerGroupConfiguration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a group source subscribes to: a consumer group, its topics (a list or a pattern) and its settings, as
 * {@code ClusterClient.subscribe} takes them.
 *
 * @param groupId the group
 * @param topics  the topics, or null with a pattern
 * @param pattern the pattern over topic names, or null with topics
 * @param config  the group's settings
 */
public record GroupSubscription(String groupId, List<String> topics, Pattern pattern,
                                ConsumerGroupConfiguration config) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException for a blank group, neither or both of topics and pattern, no topic, a blank
     *                                  topic
     * @throws NullPointerException     without a config
     */
    public GroupSubscription {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be a non-blank group id, was " + groupId);
        }
        if ((topics == null) == (pattern == null)) {
            throw new IllegalArgumentException("give either topics or a pattern");
        }
        if (topics != null) {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("topics must name at least one topic");
            }
            for (String t : topics) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("topic must be a non-blank topic name, was " + t);
                }
            }
            topics = List.copyOf(new LinkedHashSet<>(topics));
        }
        Objects.requireNonNull(config, "config");
    }

    /**
     * A subscription to a list of topics.
     *
     * @param groupId the group
     * @param topics  the topics
     * @param config  the group's settings
     * @return the subscription
     */
    public static GroupSubscription topics(String groupId, Collection<String> topics,
                                           ConsumerGroupConfiguration config) {
        return new GroupSubscription(groupId, List.copyOf(Objects.requireNonNull(topics, "topics")), null, config);
    }

    /**
     * A subscription to every topic whose whole name matches a pattern, as topics come and go.
     *
     * @param groupId the group
     * @param pattern the pattern
     * @param config  the group's settings
     * @return the subscription
     */
    public static GroupSubscription pattern(String groupId, Pattern pattern, ConsumerGroupConfiguration config) {
        return new GroupSubscription(groupId, null, Objects.requireNonNull(pattern, "pattern"), config);
    }
}
