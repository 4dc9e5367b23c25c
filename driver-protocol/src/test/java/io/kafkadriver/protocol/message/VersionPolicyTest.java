/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The version policy of generated messages, and the ApiKey table checked against Kafka's {@code ApiKeys}. */
class VersionPolicyTest {
    private static byte[] bytes(Message m, short version) {
        ProtocolWriter w = new ProtocolWriter();
        m.write(w, version);
        return w.toByteArray();
    }

    @Test
    void versionOutsideTheSchemaIsRejectedForWriteReadAndSize() {
        FetchResponse m = new FetchResponse();
        MessageVersionException write = assertThrows(MessageVersionException.class, () -> bytes(m, (short) 3));
        assertTrue(write.getMessage().contains("FetchResponse") && write.getMessage().contains("3"),
                write.getMessage());
        assertThrows(MessageVersionException.class, () -> m.size((short) 19));
        assertThrows(MessageVersionException.class,
                () -> m.read(new ProtocolReader(ByteBuffer.allocate(64)), (short) 19));
    }

    @Test
    void nonIgnorableFieldMissingFromTheVersionThrowsNamingFieldAndVersion() {
        FetchResponse m = new FetchResponse().setSessionId(5);
        MessageVersionException e = assertThrows(MessageVersionException.class, () -> bytes(m, (short) 6));
        assertTrue(e.getMessage().contains("FetchResponse.SessionId") && e.getMessage().contains("version 6"),
                e.getMessage());
        FetchResponse atDefault = new FetchResponse().setSessionId(0);
        assertEquals(4 + 4, bytes(atDefault, (short) 6).length, "ThrottleTimeMs + empty Responses");
    }

    @Test
    void ignorableFieldIsSilentlyDropped() {
        FetchResponse m = new FetchResponse().setErrorCode((short) 7);
        byte[] v6 = bytes(m, (short) 6);
        FetchResponse back = FetchResponse.decode(new ProtocolReader(ByteBuffer.wrap(v6)), (short) 6);
        assertEquals(0, back.errorCode());
        assertEquals(7, FetchResponse.decode(new ProtocolReader(ByteBuffer.wrap(bytes(m, (short) 7))), (short) 7)
                .errorCode());
    }

    @Test
    void nullInAFieldNotNullableAtTheVersionIsRejected() {
        MetadataRequest m = new MetadataRequest().setTopics(null);
        MessageVersionException e = assertThrows(MessageVersionException.class, () -> bytes(m, (short) 0));
        assertTrue(e.getMessage().contains("MetadataRequest.Topics"), e.getMessage());
        MetadataRequest back = MetadataRequest.decode(new ProtocolReader(ByteBuffer.wrap(bytes(m, (short) 1))),
                (short) 1);
        assertNull(back.topics());
    }

    @Test
    void taggedFieldIsWrittenOnlyWhenNotDefault() {
        FetchRequest plain = new FetchRequest();
        FetchRequest tagged = new FetchRequest().setClusterId("c");
        // Tag 0, size 2, compact string "c" = 4 more bytes than the empty tag buffer.
        assertEquals(bytes(plain, (short) 12).length + 4, bytes(tagged, (short) 12).length);
        assertEquals("c", FetchRequest.decode(new ProtocolReader(ByteBuffer.wrap(bytes(tagged, (short) 12))),
                (short) 12).clusterId());
    }

    @Test
    void headerClientIdKeepsTheClassicStringEvenInFlexibleV2() {
        RequestHeader h = new RequestHeader().setRequestApiKey((short) 18).setRequestApiVersion((short) 3)
                .setCorrelationId(7).setClientId("ab");
        assertArrayEquals(new byte[] {0, 18, 0, 3, 0, 0, 0, 7, 0, 2, 'a', 'b', 0}, bytes(h, (short) 2));
        assertArrayEquals(new byte[] {0, 18, 0, 3, 0, 0, 0, 7, 0, 2, 'a', 'b'}, bytes(h, (short) 1));
    }

    @Test
    void apiKeyTableMatchesKafka() {
        for (ApiKey k : ApiKey.values()) {
            ApiKeys kafka = ApiKeys.forId(k.id());
            assertEquals(kafka.name, k.apiName());
            assertEquals(kafka.messageType.lowestSupportedVersion(), k.lowestVersion(), k.apiName());
            assertEquals(kafka.messageType.highestSupportedVersion(true), k.highestVersion(), k.apiName());
            for (short v = k.lowestVersion(); v <= k.highestVersion(); v++) {
                assertEquals(kafka.requestHeaderVersion(v), k.requestHeaderVersion(v), k + " v" + v);
                assertEquals(kafka.responseHeaderVersion(v), k.responseHeaderVersion(v), k + " v" + v);
            }
            assertEquals(k.apiName() + "Request", k.newRequest().messageName());
            assertEquals(k.apiName() + "Response", k.newResponse().messageName());
            assertEquals(k, ApiKey.forId(k.id()));
        }
        assertEquals(0, ApiKey.API_VERSIONS.responseHeaderVersion((short) 3));
        assertEquals(2, ApiKey.API_VERSIONS.requestHeaderVersion((short) 3));
        assertEquals(20, ApiKey.values().length);
        assertEquals(List.of(), List.of(ApiKey.values()).stream().filter(k -> ApiKey.forId(k.id()) != k).toList());
    }
}
