/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request whose shape follows the version it is written at. */
class ByVersionTest {
    private static Message findCoordinator(int version) {
        return version >= 4
                ? new FindCoordinatorRequest().setKeyType((byte) 0).setCoordinatorKeys(new ArrayList<>(List.of("g")))
                : new FindCoordinatorRequest().setKey("g").setKeyType((byte) 0);
    }

    private static byte[] bytes(Message m, short version) {
        ProtocolWriter w = new ProtocolWriter();
        m.write(w, version);
        assertEquals(m.size(version), w.size(), "size matches what is written");
        return w.toByteArray();
    }

    @Test
    void eachVersionIsWrittenInItsOwnShape() {
        ByVersion request = ByVersion.of(ByVersionTest::findCoordinator);
        for (short v = 1; v <= 4; v++) {
            assertArrayEquals(bytes(findCoordinator(v), v), bytes(request, v), "v" + v);
        }
        FindCoordinatorRequest v3 = FindCoordinatorRequest.decode(new ProtocolReader(ByteBuffer.wrap(
                bytes(request, (short) 3))), (short) 3);
        assertEquals("g", v3.key());
        FindCoordinatorRequest v4 = FindCoordinatorRequest.decode(new ProtocolReader(ByteBuffer.wrap(
                bytes(request, (short) 4))), (short) 4);
        assertEquals(List.of("g"), v4.coordinatorKeys());
        assertEquals("FindCoordinatorRequest", request.messageName());
    }

    @Test
    void theOldShapeCannotBeWrittenAtTheNewVersionWhichIsWhyItExists() {
        assertThrows(MessageVersionException.class, () -> bytes(findCoordinator(3), (short) 4));
        assertThrows(UnsupportedOperationException.class, () -> ByVersion.of(ByVersionTest::findCoordinator)
                .read(new ProtocolReader(ByteBuffer.allocate(0)), (short) 4));
    }
}
