package io.kafkadriver.protocol.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class KafkaErrorTest {

    @Test
    void everyOfficialErrorIsHereWithTheSameCodeNameAndFlags() {
        for (Errors official : Errors.values()) {
            KafkaError ours = KafkaError.forCode(official.code());
            assertEquals(official.name(), ours.name(), "code " + official.code());
            assertEquals(official.exception() instanceof RetriableException, ours.retriable(), official.name());
            assertEquals(official.exception() instanceof InvalidMetadataException, ours.invalidMetadata(),
                    official.name());
            assertTrue(KafkaError.isKnown(official.code()));
        }
    }

    @Test
    void thereIsNoCodeTheOfficialClientLacks() {
        Set<Short> official = new HashSet<>();
        for (Errors e : Errors.values()) {
            official.add(e.code());
        }
        for (KafkaError e : KafkaError.values()) {
            assertTrue(official.contains(e.code()), e + " is not an official error");
        }
        assertEquals(official.size(), KafkaError.values().length);
    }

    @Test
    void unknownCodesFallBackVisibly() {
        assertSame(KafkaError.UNKNOWN_SERVER_ERROR, KafkaError.forCode((short) 30_000));
        assertFalse(KafkaError.isKnown((short) 30_000));
        assertFalse(KafkaError.isKnown((short) -2));
        assertSame(KafkaError.NOT_LEADER_OR_FOLLOWER, KafkaError.forCode((short) 6));
        assertTrue(KafkaError.NOT_LEADER_OR_FOLLOWER.invalidMetadata());
        assertTrue(KafkaError.NOT_LEADER_OR_FOLLOWER.describe().startsWith("NOT_LEADER_OR_FOLLOWER (6): "));
    }
}
