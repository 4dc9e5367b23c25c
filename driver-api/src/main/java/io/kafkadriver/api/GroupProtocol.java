/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/** The consumer-group rebalance protocol a member speaks. */
public enum GroupProtocol {
    /** JoinGroup/SyncGroup/Heartbeat, the leader runs the assignor: every broker from 0.9 (brokers 2.8 to 4.1). */
    CLASSIC,
    /** KIP-848 ({@code ConsumerGroupHeartbeat}): the broker assigns, incrementally; brokers 4.0 and later. */
    CONSUMER
}
