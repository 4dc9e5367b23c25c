package io.kafkadriver.actors.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A listener's failure is ignored and logged sparingly; the JVM's own failures go on up. */
class ListenerFailuresTest {
    @Test
    void failuresAreLoggedAtPowersOfTenAndVirtualMachineErrorsGoUp() {
        assertTrue(ListenerFailures.isPowerOfTen(1));
        assertTrue(ListenerFailures.isPowerOfTen(10));
        assertTrue(ListenerFailures.isPowerOfTen(1_000_000));
        assertFalse(ListenerFailures.isPowerOfTen(20));
        assertFalse(ListenerFailures.isPowerOfTen(101));
        ListenerFailures.ignore(LoggerFactory.getLogger(getClass()), "a test listener", "x", new AssertionError("a"));
        assertThrows(OutOfMemoryError.class, () -> ListenerFailures.ignore(LoggerFactory.getLogger(getClass()),
                "a test listener", "x", new OutOfMemoryError("simulated")));
    }
}
