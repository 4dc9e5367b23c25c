package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** KIP-368: re-authenticate between 85% and 95% of the broker's session lifetime, never for a session without one. */
class ReauthScheduleTest {
    @Test
    void theDelayIsBetween85And95PercentOfTheLifetime() {
        assertEquals(8500, new ReauthSchedule(() -> 0.0).delayMs(10_000));
        assertEquals(9000, new ReauthSchedule(() -> 0.5).delayMs(10_000));
        assertEquals(9499, new ReauthSchedule(() -> 0.9999).delayMs(10_000));
    }

    @Test
    void aSessionWithoutLifetimeIsNeverReauthenticatedAndATinyOneAtOnce() {
        assertEquals(-1, new ReauthSchedule(() -> 0.5).delayMs(0));
        assertEquals(-1, new ReauthSchedule(() -> 0.5).delayMs(-5));
        assertEquals(1, new ReauthSchedule(() -> 0.0).delayMs(1));
    }
}
