/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.version;

import io.kafkadriver.protocol.message.ApiKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The versions of each API this driver speaks, chosen so that one range works against every broker from 2.8 to 4.1
 * (the "rec" column of the protocol notes), and never below the floors 4.x brokers enforce (KIP-896): Produce 3,
 * Fetch 4, ListOffsets 1, OffsetCommit 2, OffsetFetch 1, CreateTopics 2, DeleteTopics 1, OffsetForLeaderEpoch 2,
 * JoinGroup 2. The floor matters for Produce: 4.x still advertises Produce from version 0 but rejects 0 to 2.
 */
public final class SupportedApis {
    private static final Map<ApiKey, ApiVersionRange> RANGES;
    private static final Map<ApiKey, Short> FLOORS;

    static {
        Map<ApiKey, ApiVersionRange> r = new EnumMap<>(ApiKey.class);
        put(r, ApiKey.API_VERSIONS, 0, 3);
        put(r, ApiKey.METADATA, 9, 12);
        put(r, ApiKey.PRODUCE, 3, 12);
        put(r, ApiKey.FETCH, 4, 12);
        put(r, ApiKey.LIST_OFFSETS, 1, 7);
        put(r, ApiKey.OFFSET_FOR_LEADER_EPOCH, 3, 4);
        put(r, ApiKey.FIND_COORDINATOR, 1, 4);
        put(r, ApiKey.JOIN_GROUP, 5, 9);
        put(r, ApiKey.SYNC_GROUP, 3, 5);
        put(r, ApiKey.HEARTBEAT, 3, 4);
        put(r, ApiKey.LEAVE_GROUP, 3, 5);
        put(r, ApiKey.OFFSET_COMMIT, 7, 9);
        put(r, ApiKey.OFFSET_FETCH, 6, 9);
        put(r, ApiKey.CONSUMER_GROUP_HEARTBEAT, 1, 1);
        put(r, ApiKey.INIT_PRODUCER_ID, 2, 5);
        put(r, ApiKey.SASL_HANDSHAKE, 1, 1);
        put(r, ApiKey.SASL_AUTHENTICATE, 1, 2);
        put(r, ApiKey.CREATE_TOPICS, 4, 7);
        put(r, ApiKey.DELETE_TOPICS, 4, 6);
        put(r, ApiKey.DESCRIBE_CONFIGS, 1, 4);
        RANGES = Collections.unmodifiableMap(r);
        Map<ApiKey, Short> f = new EnumMap<>(ApiKey.class);
        f.put(ApiKey.PRODUCE, (short) 3);
        f.put(ApiKey.FETCH, (short) 4);
        f.put(ApiKey.LIST_OFFSETS, (short) 1);
        f.put(ApiKey.OFFSET_COMMIT, (short) 2);
        f.put(ApiKey.OFFSET_FETCH, (short) 1);
        f.put(ApiKey.CREATE_TOPICS, (short) 2);
        f.put(ApiKey.DELETE_TOPICS, (short) 1);
        f.put(ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 2);
        f.put(ApiKey.JOIN_GROUP, (short) 2);
        FLOORS = Collections.unmodifiableMap(f);
    }

    private SupportedApis() {
    }

    private static void put(Map<ApiKey, ApiVersionRange> r, ApiKey api, int min, int max) {
        r.put(api, new ApiVersionRange(api.id(), (short) min, (short) max));
    }

    /**
     * Our range of an API.
     *
     * @param api the API
     * @return the range, or null when the driver does not speak it
     */
    public static ApiVersionRange range(ApiKey api) {
        return RANGES.get(api);
    }

    /**
     * Every API the driver speaks, with its range.
     *
     * @return an unmodifiable map
     */
    public static Map<ApiKey, ApiVersionRange> all() {
        return RANGES;
    }

    /**
     * The lowest version a 4.x broker accepts for an API (KIP-896), or 0 when it removed none.
     *
     * @param api the API
     * @return the floor
     */
    public static short floor(ApiKey api) {
        return FLOORS.getOrDefault(api, (short) 0);
    }
}
