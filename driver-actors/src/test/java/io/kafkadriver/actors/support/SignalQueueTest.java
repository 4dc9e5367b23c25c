package io.kafkadriver.actors.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignalQueueTest {

    @Test
    void oneSignalPerNonEmptyPeriodAndResignalWhenTheTurnIsFull() {
        AtomicInteger signals = new AtomicInteger();
        SignalQueue<Integer> q = new SignalQueue<>(signals::incrementAndGet);
        q.offer(1);
        q.offer(2);
        q.offer(3);
        assertEquals(1, signals.get(), "three offers into an empty queue: one wake-up");
        List<Integer> got = new ArrayList<>();
        assertEquals(2, q.drain(got::add, 2));
        assertEquals(2, signals.get(), "a full turn re-signals the owner for the rest");
        assertEquals(1, q.drain(got::add, 2));
        assertEquals(List.of(1, 2, 3), got);
        assertEquals(2, signals.get());
        q.offer(4);
        assertEquals(3, signals.get(), "the queue turned non-empty again: a new wake-up");
    }

    /**
     * Flow: four producer threads offer 200,000 items each while an owner thread drains on every signal it receives
     * (signals travel through a blocking queue, as through a mailbox). Every item must arrive exactly once, in
     * per-producer order, and no item may be stranded without a signal.
     */
    @Test
    void concurrentProducersNeverStrandAnItem() throws Exception {
        LinkedBlockingQueue<Boolean> mailbox = new LinkedBlockingQueue<>();
        SignalQueue<long[]> q = new SignalQueue<>(() -> mailbox.add(Boolean.TRUE));
        int producers = 4;
        int perProducer = 200_000;
        long[] lastSeen = new long[producers];
        java.util.Arrays.fill(lastSeen, -1);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        q.offer(new long[] {id, i});
                    }
                }));
            }
            int received = 0;
            while (received < producers * perProducer) {
                Boolean signal = mailbox.poll(10, TimeUnit.SECONDS);
                assertTrue(signal != null, "stranded: " + received + " items received, no wake-up pending");
                received += q.drain(item -> {
                    int id = (int) item[0];
                    assertEquals(lastSeen[id] + 1, item[1], "order of producer " + id);
                    lastSeen[id] = item[1];
                }, 1_000);
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(producers * perProducer, received);
            assertTrue(q.isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }
}
