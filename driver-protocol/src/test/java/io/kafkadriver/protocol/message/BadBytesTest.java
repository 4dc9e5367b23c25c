/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kafkadriver.codegen.Schema;
import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input: every message at every version, cut at every byte offset, must fail with {@link DecodeException}
 * (never a buffer or allocation error); and with any single byte overwritten by values that corrupt lengths and
 * varints (0xFF, 0x7F, 0x80), decoding must either succeed or fail with {@code DecodeException} only.
 */
class BadBytesTest {
    private static final byte[] CORRUPTIONS = {(byte) 0xFF, (byte) 0x7F, (byte) 0x80};

    static Stream<String> messages() {
        return Fixtures.messageNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void truncatedAndCorruptedInputOnlyRaisesDecodeException(String name) {
        Schema schema = Fixtures.schema(name);
        ProtocolWriter w = new ProtocolWriter();
        for (short v = schema.validVersions().lowest(); v <= schema.validVersions().highest(); v++) {
            Random rnd = new Random(104729L * name.hashCode() + v);
            for (int sample = 0; sample < 3; sample++) {
                w.reset();
                Fixtures.random(name, v, rnd).write(w, v);
                byte[] full = w.toByteArray();
                for (int cut = 0; cut < full.length; cut++) {
                    byte[] part = Arrays.copyOf(full, cut);
                    short fv = v;
                    DecodeException e = assertThrows(DecodeException.class, () -> decode(name, part, fv),
                            name + " v" + v + " cut at " + cut + " of " + full.length);
                    assertTrue(e.getMessage().contains("."), "the message names the field: " + e.getMessage());
                }
                for (int pos = 0; pos < full.length; pos++) {
                    for (byte c : CORRUPTIONS) {
                        byte[] bad = full.clone();
                        bad[pos] = c;
                        try {
                            decode(name, bad, v);
                        } catch (DecodeException expected) {
                            // fine: the corruption was detected
                        } catch (RuntimeException | Error other) {
                            fail(name + " v" + v + " byte " + pos + " := " + c + " raised " + other, other);
                        }
                    }
                }
            }
        }
    }

    private static void decode(String name, byte[] bytes, short version) {
        Fixtures.newMessage(name).read(new ProtocolReader(ByteBuffer.wrap(bytes)), version);
    }
}
