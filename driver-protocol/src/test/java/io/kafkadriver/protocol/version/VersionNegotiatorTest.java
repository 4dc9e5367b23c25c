package io.kafkadriver.protocol.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.message.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionNegotiatorTest {

    private static List<ApiVersionRange> broker(Map<ApiKey, int[]> ranges) {
        List<ApiVersionRange> list = new ArrayList<>();
        ranges.forEach((api, r) -> list.add(new ApiVersionRange(api.id(), (short) r[0], (short) r[1])));
        return list;
    }

    @Test
    void theHighestCommonVersionIsChosen() {
        NegotiatedVersions v = VersionNegotiator.negotiate(broker(Map.of(
                ApiKey.METADATA, new int[] {0, 13}, ApiKey.FETCH, new int[] {4, 11}, ApiKey.PRODUCE, new int[] {0, 9})));
        assertEquals(12, v.versionFor(ApiKey.METADATA), "capped at ours");
        assertEquals(11, v.versionFor(ApiKey.FETCH), "capped at the broker's");
        assertEquals(9, v.versionFor(ApiKey.PRODUCE));
    }

    /** A 4.x broker advertises Produce from 0 but rejects 0-2; with a broker offering only 0-2 nothing is chosen. */
    @Test
    void theProduceFloorHoldsWhateverTheBrokerAdvertises() {
        NegotiatedVersions v = VersionNegotiator.negotiate(broker(Map.of(ApiKey.PRODUCE, new int[] {0, 2})));
        assertFalse(v.isSupported(ApiKey.PRODUCE));
        UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                () -> v.versionFor(ApiKey.PRODUCE));
        assertTrue(e.getMessage().contains("Produce") && e.getMessage().contains("broker offers 0..2")
                && e.getMessage().contains("driver speaks 3..12"), e.getMessage());
    }

    @Test
    void aMissingApiIsNamed() {
        NegotiatedVersions v = VersionNegotiator.negotiate(List.of());
        UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                () -> v.versionFor(ApiKey.CONSUMER_GROUP_HEARTBEAT));
        assertTrue(e.getMessage().contains("does not offer ConsumerGroupHeartbeat"), e.getMessage());
    }

    @Test
    void ourRangesRespectTheFloorsAndTheSchemas() {
        for (Map.Entry<ApiKey, ApiVersionRange> e : SupportedApis.all().entrySet()) {
            ApiKey api = e.getKey();
            ApiVersionRange r = e.getValue();
            assertTrue(r.min() >= SupportedApis.floor(api), api + " below its 4.x floor");
            assertTrue(r.min() >= api.lowestVersion() && r.max() <= api.highestVersion(),
                    api + " " + r + " outside its schema " + api.lowestVersion() + ".." + api.highestVersion());
        }
        assertEquals(20, SupportedApis.all().size());
    }
}
