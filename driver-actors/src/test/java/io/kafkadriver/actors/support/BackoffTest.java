package io.kafkadriver.actors.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void withoutJitterTheDelayDoublesUpToTheCap() {
        Backoff backoff = new Backoff(50, 1_000, 0.0, () -> 0.5);
        assertEquals(50, backoff.delayMs(1));
        assertEquals(100, backoff.delayMs(2));
        assertEquals(200, backoff.delayMs(3));
        assertEquals(800, backoff.delayMs(5));
        assertEquals(1_000, backoff.delayMs(6));
        assertEquals(1_000, backoff.delayMs(10_000));
    }

    @Test
    void jitterStaysWithinItsBandAndTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        Backoff backoff = new Backoff(100, 10_000, 0.2, random::nextDouble);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long d = backoff.delayMs(3);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 320 && max <= 480, "delay of attempt 3 spread over [" + min + ", " + max + "]");
        assertTrue(max - min > 100, "jitter must actually spread the delays, got [" + min + ", " + max + "]");
        assertEquals(10_000, new Backoff(100, 10_000, 1.0, () -> 0.999_999).delayMs(40));
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Backoff(0, 10, 0.1, () -> 0.0));
        assertTrue(e.getMessage().contains("initialMs"));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5, 0.1, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 50, 1.5, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 50, 0.5, () -> 0.0).delayMs(0));
    }
}
