/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A consumer-group member stopped on an error it cannot get past (an authorisation failure, a fenced static
 * instance id, an inconsistent group protocol...): it consumes nothing more until {@code unsubscribe}.
 *
 * @param groupId the group
 * @param error   why, naming the broker's error
 */
public record GroupFailure(String groupId, Exception error) {
}
