/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsResponse;
import io.kafkadriver.protocol.version.ApiVersionRange;
import io.kafkadriver.protocol.version.NegotiatedVersions;
import io.kafkadriver.protocol.version.UnsupportedApiVersionException;
import io.kafkadriver.protocol.version.VersionNegotiator;
import java.util.ArrayList;
import java.util.List;

/**
 * The API versions one broker advertised in its ApiVersions response, negotiated against the driver's own ranges:
 * the version this connection uses for each API (the highest both sides speak, never below the 4.x floors).
 */
public final class BrokerApiVersions {
    private final NegotiatedVersions negotiated;

    private BrokerApiVersions(NegotiatedVersions negotiated) {
        this.negotiated = negotiated;
    }

    /**
     * Negotiates against the ranges of an ApiVersions response.
     *
     * @param response the response
     * @return the outcome
     */
    public static BrokerApiVersions from(ApiVersionsResponse response) {
        List<ApiVersionRange> ranges = new ArrayList<>();
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            if (v.minVersion() >= 0 && v.maxVersion() >= v.minVersion()) {
                ranges.add(new ApiVersionRange(v.apiKeyValue(), v.minVersion(), v.maxVersion()));
            }
        }
        return new BrokerApiVersions(VersionNegotiator.negotiate(ranges));
    }

    /**
     * Whether the broker has the API at a version we speak.
     *
     * @param api the API
     * @return true when {@link #versionFor} would succeed
     */
    public boolean supports(ApiKey api) {
        return negotiated.isSupported(api);
    }

    /**
     * The version to use for an API.
     *
     * @param api the API
     * @return the version
     * @throws UnsupportedApiVersionException when there is no common version, naming both ranges
     */
    public short versionFor(ApiKey api) {
        return negotiated.versionFor(api);
    }

    @Override
    public String toString() {
        return "BrokerApiVersions[" + negotiated + "]";
    }
}
