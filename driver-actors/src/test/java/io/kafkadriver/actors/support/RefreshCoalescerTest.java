package io.kafkadriver.actors.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.actors.support.RefreshCoalescer.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshCoalescerTest {

    @Test
    void manyDemandsBeforeTheStartShareOneRequest() {
        RefreshCoalescer<String> c = new RefreshCoalescer<>(100);
        assertEquals(Action.SEND_NOW, c.demand("a", 1_000));
        assertEquals(Action.NONE, c.demand("b", 1_000));
        assertEquals(Action.NONE, c.demand(null, 1_000));
        c.started(1_000);
        assertTrue(c.inFlight());
        RefreshCoalescer.Completion<String> done = c.completed(1_020);
        assertEquals(List.of("a", "b"), done.served());
        assertEquals(Action.NONE, done.next());
        assertFalse(c.inFlight());
    }

    @Test
    void aDemandDuringFlightGetsExactlyOneFollowUp() {
        RefreshCoalescer<String> c = new RefreshCoalescer<>(100);
        c.demand("a", 0);
        c.started(0);
        assertEquals(Action.NONE, c.demand("b", 10));
        assertEquals(Action.NONE, c.demand("c", 20));
        RefreshCoalescer.Completion<String> first = c.completed(50);
        assertEquals(List.of("a"), first.served());
        // The follow-up may not start before the minimum interval: the actor schedules it.
        assertEquals(Action.SCHEDULE, first.next());
        assertEquals(100, c.nextSendAtMs());
        assertEquals(Action.SCHEDULE, c.due(99));
        assertEquals(Action.SEND_NOW, c.due(100));
        c.started(100);
        assertEquals(List.of("b", "c"), c.completed(130).served());
    }

    @Test
    void demandsInsideTheMinimumIntervalAreScheduledNotSent() {
        RefreshCoalescer<String> c = new RefreshCoalescer<>(500);
        c.demand("a", 0);
        c.started(0);
        c.completed(10);
        assertEquals(Action.SCHEDULE, c.demand("b", 200));
        assertEquals(Action.NONE, c.demand("c", 300));
        assertEquals(Action.SEND_NOW, c.due(500));
        c.started(500);
        assertEquals(Action.NONE, c.due(600));
        assertEquals(List.of("b", "c"), c.completed(600).served());
        assertEquals(Action.NONE, c.due(2_000));
    }

    @Test
    void misuseIsAnIllegalState() {
        RefreshCoalescer<String> c = new RefreshCoalescer<>(0);
        assertThrows(IllegalStateException.class, () -> c.completed(0));
        c.started(0);
        assertThrows(IllegalStateException.class, () -> c.started(1));
        assertThrows(IllegalArgumentException.class, () -> new RefreshCoalescer<String>(-1));
    }

    @Test
    void anUrgentDemandIsHeldOnlyTheUrgentIntervalAndBringsAScheduledOneForward() {
        RefreshCoalescer<String> c = new RefreshCoalescer<>(42_000, 100);
        assertEquals(RefreshCoalescer.Action.SEND_NOW, c.demand(null, 0));
        c.started(0);
        c.completed(10);
        assertEquals(RefreshCoalescer.Action.SCHEDULE, c.demand(null, 20), "a plain demand waits the minimum");
        assertEquals(42_000, c.nextSendAtMs());
        assertEquals(RefreshCoalescer.Action.SCHEDULE, c.demandUrgent("w", 30), "an urgent one reschedules");
        assertEquals(100, c.nextSendAtMs());
        assertEquals(RefreshCoalescer.Action.SEND_NOW, c.due(100));
        c.started(100);
        assertEquals(List.of("w"), c.completed(150).served());
        assertEquals(RefreshCoalescer.Action.SCHEDULE, c.demand(null, 160));
        assertEquals(42_100, c.nextSendAtMs(), "after the request, plain demands wait the minimum again");
    }
}
