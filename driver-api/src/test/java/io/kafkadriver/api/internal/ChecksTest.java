/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The topic-name check, whose last legal name is remembered so that a producer's topic is not checked per record. */
class ChecksTest {
    @Test
    void aLegalNameIsAcceptedAgainAndAnIllegalOneIsStillRefusedAfterIt() {
        String topic = "orders.v2_eu-1";
        assertSame(topic, Checks.topic(topic));
        assertSame(topic, Checks.topic(topic)); // remembered
        String copy = new String(topic);
        assertSame(copy, Checks.topic(copy)); // an equal copy is checked, and legal
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Checks.topic("or ders"));
        assertTrue(bad.getMessage().contains("'or ders'") && bad.getMessage().contains("character ' ' at 2"),
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checks.topic(null));
        assertThrows(IllegalArgumentException.class, () -> Checks.topic(".."));
        assertSame(topic, Checks.topic(topic));
    }
}
