package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kafkadriver.actors.produce.LingerPolicy.Decision;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LingerPolicyTest {

    @Test
    void lingerStartsOnTheFirstRecordAndAppendsNeverResetIt() {
        LingerPolicy<String> p = new LingerPolicy<>(100, 1_000, 1 << 20, 1 << 30);
        assertEquals(Long.MAX_VALUE, p.nextDeadlineMs());
        assertEquals(Decision.WAIT, p.appended("a", 10, 1_000));
        assertEquals(1_100, p.nextDeadlineMs());
        for (long t = 1_010; t < 1_100; t += 10) {
            assertEquals(Decision.WAIT, p.appended("a", 10, t));
        }
        assertEquals(1_100, p.nextDeadlineMs(), "appends must not push the deadline");
        assertEquals(List.of(), p.due(1_099));
        assertEquals(List.of("a"), p.due(1_100));
        p.sent("a");
        assertEquals(0, p.bufferedBytes());
        assertEquals(Decision.WAIT, p.appended("a", 10, 1_150));
        assertEquals(1_250, p.nextDeadlineMs(), "a new batch starts a new linger");
    }

    @Test
    void aBatchIsFullByRecordsOrBytes() {
        LingerPolicy<String> byCount = new LingerPolicy<>(5_000, 3, 1 << 20, 1 << 30);
        assertEquals(Decision.WAIT, byCount.appended("a", 1, 0));
        assertEquals(Decision.WAIT, byCount.appended("a", 1, 0));
        assertEquals(Decision.SEND_THIS, byCount.appended("a", 1, 0));
        LingerPolicy<String> byBytes = new LingerPolicy<>(5_000, 1_000, 100, 1 << 30);
        assertEquals(Decision.WAIT, byBytes.appended("b", 60, 0));
        assertEquals(Decision.SEND_THIS, byBytes.appended("b", 40, 0));
    }

    /** F10: a buffer cap below the linger-sized batch must flush at once, not once per linger. */
    @Test
    void reachingTheBufferCapSendsEverythingAtOnce() {
        LingerPolicy<String> p = new LingerPolicy<>(5_000, 1_000, 1 << 20, 250);
        assertEquals(Decision.WAIT, p.appended("a", 100, 0));
        assertEquals(Decision.WAIT, p.appended("b", 100, 1));
        assertEquals(Decision.SEND_ALL, p.appended("c", 50, 2));
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(p.all()));
        p.all().forEach(p::sent);
        assertEquals(0, p.bufferedBytes());
        assertEquals(Long.MAX_VALUE, p.nextDeadlineMs());
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LingerPolicy<String>(-1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LingerPolicy<String>(0, 0, 1, 1));
    }
}
