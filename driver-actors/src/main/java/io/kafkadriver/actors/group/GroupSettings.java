/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.group;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One subscription's settings, as the member reads them.
 *
 * @param groupId            the group
 * @param topics             the subscribed topics, or null when {@code pattern} is set
 * @param pattern            a pattern matched against every topic name of the cluster, or null
 * @param sessionTimeout     how long the coordinator waits for a heartbeat before dropping the member
 * @param heartbeatInterval  the heartbeat cadence, below the session timeout
 * @param rebalanceTimeout   how long a rebalance may take, revoke listeners included
 * @param groupInstanceId    the static member id, or null for a dynamic member
 * @param assignors          the assignors offered, in preference order (the leader runs the chosen one)
 * @param autoCommitInterval the auto-commit period, or null for none
 * @param retryBackoff       the pause before a retry
 * @param requestTimeout     how long a commit may keep being retried
 * @param closeTimeout       how long leaving may take
 * @param consumerProtocol   true for KIP-848 ({@code ConsumerGroupHeartbeat}), false for the classic protocol
 * @param remoteAssignor     the broker-side assignor asked for under KIP-848, or null for the broker's default
 */
public record GroupSettings(String groupId, List<String> topics, Pattern pattern, Duration sessionTimeout,
                            Duration heartbeatInterval, Duration rebalanceTimeout, String groupInstanceId,
                            List<Assignor> assignors, Duration autoCommitInterval, Duration retryBackoff,
                            Duration requestTimeout, Duration closeTimeout, boolean consumerProtocol,
                            String remoteAssignor) {
    /** Checks the settings. */
    public GroupSettings {
        Objects.requireNonNull(groupId, "groupId");
        if ((topics == null) == (pattern == null)) {
            throw new IllegalArgumentException("exactly one of topics and pattern must be set");
        }
        topics = topics == null ? null : List.copyOf(topics);
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty() && !consumerProtocol) {
            throw new IllegalArgumentException("at least one assignor is needed");
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(rebalanceTimeout, "rebalanceTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /**
     * Whether a topic is subscribed.
     *
     * @param topic the topic
     * @return true when listed or matched
     */
    public boolean subscribes(String topic) {
        return topics != null ? topics.contains(topic) : !topic.startsWith("__") && pattern.matcher(topic).matches();
    }
}
