/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The producer's front door with a probe for its router: a caller that finds the buffer full has every batch sent at
 * once (F10), once per time the buffer fills.
 */
class ProducerFrontTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static ProducerFront front(boolean discard, TestProbe<ProduceRouterActor.Command> router) {
        ProduceListener listener = new ProduceListener() {
            @Override
            public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
            }

            @Override
            public void dropped(List<OutgoingRecord> records, Drop drop) {
            }
        };
        ProducerFront front = new ProducerFront(2, discard, Duration.ofMillis(50), true,
                new RecordSerializers(o -> null), listener);
        front.attach(router.ref());
        return front;
    }

    private static void submit(ProducerFront front) {
        front.submit("t", -1, ProducerFront.NO_TIMESTAMP, null, new byte[] {1}, null, null);
    }

    @Test
    void aCallerFindingTheBufferFullHasEveryBatchSentAtOnce() {
        TestProbe<ProduceRouterActor.Command> router = KIT.createTestProbe();
        ProducerFront front = front(false, router);
        submit(front);
        submit(front);
        router.expectMessage(WAIT, ProduceRouterActor.Drain.INSTANCE); // the inbox's one wake-up
        router.expectNoMessage(Duration.ofMillis(50)); // room left: nothing is hurried
        // BLOCK: the third record waits for room (none comes here: the probe settles nothing), after a flush.
        assertThrows(ProduceException.class, () -> submit(front));
        router.expectMessage(WAIT, ProduceRouterActor.FlushNow.INSTANCE);
        // Still full, nothing admitted since: a second caller does not ask again.
        assertThrows(ProduceException.class, () -> submit(front));
        router.expectNoMessage(Duration.ofMillis(50));
    }

    @Test
    void discardingOnAFullBufferAlsoSendsEveryBatchOnce() {
        TestProbe<ProduceRouterActor.Command> router = KIT.createTestProbe();
        ProducerFront front = front(true, router);
        submit(front);
        submit(front);
        router.expectMessage(WAIT, ProduceRouterActor.Drain.INSTANCE);
        assertFalse(front.submit("t", -1, ProducerFront.NO_TIMESTAMP, null, new byte[] {1}, null, null));
        assertFalse(front.submit("t", -1, ProducerFront.NO_TIMESTAMP, null, new byte[] {1}, null, null));
        router.expectMessage(WAIT, ProduceRouterActor.FlushNow.INSTANCE);
        router.expectNoMessage(Duration.ofMillis(50));
        assertEquals(2, front.accounting().buffered(), "the discarded records were never admitted");
    }
}
