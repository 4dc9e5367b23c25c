/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.version;

import io.kafkadriver.protocol.message.ApiKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The version of each API to use with one broker, as {@link VersionNegotiator} chose it. Immutable.
 */
public final class NegotiatedVersions {
    private final Map<ApiKey, Short> chosen;
    private final Map<ApiKey, String> refused;

    NegotiatedVersions(Map<ApiKey, Short> chosen, Map<ApiKey, String> refused) {
        Map<ApiKey, Short> c = new EnumMap<>(ApiKey.class);
        c.putAll(chosen);
        Map<ApiKey, String> r = new EnumMap<>(ApiKey.class);
        r.putAll(refused);
        this.chosen = Collections.unmodifiableMap(c);
        this.refused = Collections.unmodifiableMap(r);
    }

    /**
     * The version to use for an API.
     *
     * @param api the API
     * @return the version
     * @throws UnsupportedApiVersionException when there is none, naming the API, the broker's range and ours
     */
    public short versionFor(ApiKey api) {
        Short v = chosen.get(api);
        if (v == null) {
            String why = refused.get(api);
            throw new UnsupportedApiVersionException(why != null ? why
                    : api.apiName() + " (key " + api.id() + ") is not an API this driver speaks");
        }
        return v;
    }

    /**
     * Whether an API can be used with this broker.
     *
     * @param api the API
     * @return true when {@link #versionFor} succeeds
     */
    public boolean isSupported(ApiKey api) {
        return chosen.containsKey(api);
    }

    @Override
    public String toString() {
        return "NegotiatedVersions" + chosen;
    }
}
