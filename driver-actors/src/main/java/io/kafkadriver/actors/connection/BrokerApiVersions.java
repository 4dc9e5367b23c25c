/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The API version ranges one broker advertised in its ApiVersions response, and the version this connection uses
 * for each API: the highest both sides support.
 */
public final class BrokerApiVersions {
    private final Map<Short, short[]> ranges;

    private BrokerApiVersions(Map<Short, short[]> ranges) {
        this.ranges = ranges;
    }

    /**
     * Reads the ranges of an ApiVersions response.
     *
     * @param response the response
     * @return the advertised ranges
     */
    public static BrokerApiVersions from(ApiVersionsResponse response) {
        Map<Short, short[]> ranges = new HashMap<>();
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            ranges.put(v.apiKeyValue(), new short[] {v.minVersion(), v.maxVersion()});
        }
        return new BrokerApiVersions(Map.copyOf(ranges));
    }

    /**
     * Whether the broker has the API at a version we can speak.
     *
     * @param api the API
     * @return true when {@link #versionFor} would succeed
     */
    public boolean supports(ApiKey api) {
        short[] range = ranges.get(api.id());
        return range != null && Math.min(range[1], api.highestVersion()) >= Math.max(range[0], api.lowestVersion());
    }

    /**
     * The version to use for an API: the highest both the broker and this driver support.
     *
     * @param api the API
     * @return the version
     * @throws UnsupportedApiException when there is no common version, naming both ranges
     */
    public short versionFor(ApiKey api) {
        short[] range = ranges.get(api.id());
        if (range == null) {
            throw new UnsupportedApiException("the broker does not offer " + api.apiName() + " (key " + api.id()
                    + "); the driver speaks versions " + api.lowestVersion() + ".." + api.highestVersion());
        }
        short version = (short) Math.min(range[1], api.highestVersion());
        if (version < Math.max(range[0], api.lowestVersion())) {
            throw new UnsupportedApiException("no common version of " + api.apiName() + ": the broker offers "
                    + range[0] + ".." + range[1] + ", the driver speaks " + api.lowestVersion() + ".."
                    + api.highestVersion());
        }
        return version;
    }

    @Override
    public String toString() {
        return "BrokerApiVersions[" + ranges.size() + " APIs]";
    }
}
