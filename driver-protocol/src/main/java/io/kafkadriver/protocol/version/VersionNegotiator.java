/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.version;

import io.kafkadriver.protocol.message.ApiKey;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Chooses, per API, the highest version both a broker (from its ApiVersions response) and this driver speak.
 */
public final class VersionNegotiator {
    private VersionNegotiator() {
    }

    /**
     * Negotiates against a broker's advertised ranges.
     *
     * @param broker the broker's ranges (unknown API keys are ignored)
     * @return the outcome, per API
     */
    public static NegotiatedVersions negotiate(Collection<ApiVersionRange> broker) {
        Map<ApiKey, ApiVersionRange> advertised = new EnumMap<>(ApiKey.class);
        for (ApiVersionRange r : broker) {
            ApiKey api = ApiKey.forId(r.apiKey());
            if (api != null) {
                advertised.put(api, r);
            }
        }
        Map<ApiKey, Short> chosen = new EnumMap<>(ApiKey.class);
        Map<ApiKey, String> refused = new EnumMap<>(ApiKey.class);
        for (Map.Entry<ApiKey, ApiVersionRange> e : SupportedApis.all().entrySet()) {
            ApiKey api = e.getKey();
            ApiVersionRange ours = e.getValue();
            ApiVersionRange theirs = advertised.get(api);
            if (theirs == null) {
                refused.put(api, "the broker does not offer " + api.apiName() + " (key " + api.id()
                        + "); the driver speaks versions " + ours);
                continue;
            }
            int low = Math.max(Math.max(ours.min(), theirs.min()), SupportedApis.floor(api));
            int high = Math.min(ours.max(), theirs.max());
            if (high < low) {
                refused.put(api, "no common version of " + api.apiName() + " (key " + api.id()
                        + "): the broker offers " + theirs + ", the driver speaks " + ours);
            } else {
                chosen.put(api, (short) high);
            }
        }
        return new NegotiatedVersions(chosen, refused);
    }
}
