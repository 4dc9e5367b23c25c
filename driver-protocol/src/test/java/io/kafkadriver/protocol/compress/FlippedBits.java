/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import static org.junit.jupiter.api.Assertions.fail;

import io.kafkadriver.protocol.DecodeException;
import java.util.Random;
import java.util.function.Consumer;

/** The codec tests' corruption check: bits flipped at random in a frame give a DecodeException or nothing else. */
final class FlippedBits {
    private FlippedBits() {
    }

    /**
     * Flips one random bit of a copy of {@code frame}, {@code times} times, and decodes each copy: a frame without a
     * checksum over its data may decode (the batch CRC catches it); any exception but a DecodeException fails.
     *
     * @param frame  the valid frame
     * @param seed   the random seed
     * @param times  how many copies
     * @param decode decodes one copy
     */
    static void onlyDecodeExceptions(byte[] frame, long seed, int times, Consumer<byte[]> decode) {
        Random rnd = new Random(seed);
        for (int i = 0; i < times; i++) {
            byte[] bad = frame.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            try {
                decode.accept(bad);
            } catch (DecodeException expected) {
                // corrupt, and said so
            } catch (RuntimeException e) {
                fail("flipped bit at " + at + " gave " + e, e);
            }
        }
    }
}
