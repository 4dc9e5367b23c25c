package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The consumer-side accounting on a hand-made topic: offsets 0, 1 and 3 of partition 0 (2 is a gap), 0 of 1. */
class DeliveryLedgerTest {
    private static final List<ConsumerRecord<byte[], byte[]>> TOPIC = List.of(
            new ConsumerRecord<>("t", 0, 0, null, new byte[] {0}),
            new ConsumerRecord<>("t", 0, 1, null, new byte[] {1}),
            new ConsumerRecord<>("t", 0, 3, null, new byte[] {3}),
            new ConsumerRecord<>("t", 1, 0, null, new byte[] {10}));

    @Test
    void everyRecordOnceInOrderIsSound() {
        DeliveryLedger l = new DeliveryLedger("unit", TOPIC);
        l.delivered(1, 0, new byte[] {10});
        l.delivered(0, 0, new byte[] {0});
        l.delivered(0, 1, new byte[] {1});
        assertFalse(l.complete());
        l.delivered(0, 3, new byte[] {3});
        assertTrue(l.complete());
        l.report().assertSound(false);
    }

    @Test
    void repeatsAreAllowedOnlyAtLeastOnce() {
        DeliveryLedger l = new DeliveryLedger("unit", TOPIC);
        TOPIC.forEach(r -> l.delivered(r.partition(), r.offset(), r.value()));
        l.delivered(0, 1, new byte[] {1}); // a group re-delivers after a rebalance
        l.delivered(0, 3, new byte[] {3});
        DeliveryLedger.Report r = l.report();
        assertEquals(2, r.repeats());
        assertEquals(0, r.outOfOrder());
        r.assertSound(true);
        assertThrows(AssertionError.class, () -> r.assertSound(false));
    }

    @Test
    void lossSkipsAlterationsAndStrangersAreCaught() {
        DeliveryLedger l = new DeliveryLedger("unit", TOPIC);
        l.delivered(0, 1, new byte[] {1});
        l.delivered(0, 0, new byte[] {0}); // first delivered after a higher offset
        l.delivered(0, 3, new byte[] {9}); // another value
        l.delivered(0, 2, new byte[] {2}); // the topic has no offset 2
        DeliveryLedger.Report r = l.report();
        assertEquals(1, r.missing()); // partition 1 offset 0
        assertEquals(1, r.outOfOrder());
        assertEquals(1, r.altered());
        assertEquals(1, r.unexpected());
        assertThrows(AssertionError.class, () -> r.assertSound(true));
    }

    @Test
    void byHashAnAlteredValueIsCaughtToo() {
        DeliveryLedger l = new DeliveryLedger("unit", TOPIC);
        l.deliveredHash(0, 0, java.util.Arrays.hashCode(new byte[] {0}));
        l.deliveredHash(0, 1, java.util.Arrays.hashCode(new byte[] {7}));
        l.deliveredHash(0, 3, java.util.Arrays.hashCode(new byte[] {3}));
        l.deliveredHash(1, 0, java.util.Arrays.hashCode(new byte[] {10}));
        assertEquals(1, l.report().altered());
        assertTrue(l.complete());
    }
}
