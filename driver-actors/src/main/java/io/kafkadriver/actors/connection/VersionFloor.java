/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsResponse;
import java.util.Map;
import java.util.Objects;

/**
 * The oldest protocol a broker must speak to be used: for each API, the lowest highest-version it must offer. The
 * configuration's {@code compatibility} names a broker line (kafka-sharp's {@code Compatibility}); a broker whose
 * ApiVersions answer falls below it is refused at the handshake, with an error naming the API, both versions and the
 * line, and its connection is retried per the reconnect backoff like any other failed connection.
 *
 * @param name     the broker line, for messages (e.g. {@code 0.11.0})
 * @param minimums per API, the least highest-version the broker must offer
 */
public record VersionFloor(String name, Map<ApiKey, Short> minimums) {
    /** No floor: every broker that answers ApiVersions is used. */
    public static final VersionFloor NONE = new VersionFloor("none", Map.of());

    /** Copies the map. */
    public VersionFloor {
        Objects.requireNonNull(name, "name");
        minimums = Map.copyOf(minimums);
    }

    /**
     * Checks a broker's ApiVersions answer.
     *
     * @param response the answer
     * @return why the broker is below the floor, or null when it is not
     */
    public String violation(ApiVersionsResponse response) {
        for (Map.Entry<ApiKey, Short> e : minimums.entrySet()) {
            short max = -1;
            for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
                if (v.apiKeyValue() == e.getKey().id()) {
                    max = v.maxVersion();
                }
            }
            if (max < e.getValue()) {
                return "the broker offers " + e.getKey() + (max < 0 ? " not at all" : " up to v" + max)
                        + ", below the v" + e.getValue() + " that compatibility " + name + " requires (brokers of "
                        + name + " or later): not used";
            }
        }
        return null;
    }
}
