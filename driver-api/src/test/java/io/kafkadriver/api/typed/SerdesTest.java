package io.kafkadriver.api.typed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.Serde;
import io.kafkadriver.api.SerializationException;
import io.kafkadriver.api.Serdes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The built-in serdes, byte for byte against the official client's serializers of the same types, both ways. */
class SerdesTest {

    private static <T> void sameAsOfficial(Serde<T> ours, Serializer<T> theirs, Deserializer<T> theirsBack,
                                           List<T> samples) {
        for (T sample : samples) {
            byte[] official = theirs.serialize("t", sample);
            assertArrayEquals(official, ours.serialize("t", sample), "our bytes of " + sample);
            assertEquals(sample, ours.deserialize("t", official), "our reading of the official bytes of " + sample);
            assertEquals(sample, theirsBack.deserialize("t", ours.serialize("t", sample)),
                    "the official reading of our bytes of " + sample);
        }
    }

    @Test
    void everyBuiltInWritesAndReadsWhatTheOfficialClientDoes() {
        sameAsOfficial(Serdes.ofString(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringDeserializer(), List.of("", "abc", "é€𝄞"));
        sameAsOfficial(Serdes.ofInteger(), new org.apache.kafka.common.serialization.IntegerSerializer(),
                new org.apache.kafka.common.serialization.IntegerDeserializer(),
                List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x01020304));
        sameAsOfficial(Serdes.ofLong(), new org.apache.kafka.common.serialization.LongSerializer(),
                new org.apache.kafka.common.serialization.LongDeserializer(),
                List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L));
        sameAsOfficial(Serdes.ofUuid(), new org.apache.kafka.common.serialization.UUIDSerializer(),
                new org.apache.kafka.common.serialization.UUIDDeserializer(),
                List.of(new UUID(0, 0), UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        byte[] bytes = {1, 2, 3};
        assertArrayEquals(new org.apache.kafka.common.serialization.ByteArraySerializer().serialize("t", bytes),
                Serdes.ofByteArray().serialize("t", bytes));
        assertArrayEquals(bytes, Serdes.ofByteArray().deserialize("t", bytes));
    }

    @Test
    void aBufferIsWrittenFromItsPositionAndReadAsAWrap() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        b.position(1);
        assertArrayEquals(new byte[] {8, 7, 6}, Serdes.ofByteBuffer().serialize("t", b));
        assertEquals(1, b.position(), "the caller's buffer is left alone");
        ByteBuffer whole = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        assertArrayEquals(new org.apache.kafka.common.serialization.ByteBufferSerializer().serialize("t",
                whole.duplicate()), Serdes.ofByteBuffer().serialize("t", whole), "from position 0, the official bytes");
        assertEquals(ByteBuffer.wrap(new byte[] {8, 7, 6}), Serdes.ofByteBuffer().deserialize("t", new byte[] {8, 7,
                6}));
    }

    @Test
    void bytesOfTheWrongSizeAreRefusedNamingTheTopicAndTheSize() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> Serdes.ofInteger().deserialize("prices", new byte[3]));
        assertTrue(e.getMessage().contains("an Integer takes 4 bytes, got 3 on topic prices"), e.getMessage());
        e = assertThrows(SerializationException.class, () -> Serdes.ofLong().deserialize("t", new byte[9]));
        assertTrue(e.getMessage().contains("a Long takes 8 bytes, got 9"), e.getMessage());
        e = assertThrows(SerializationException.class, () -> Serdes.ofUuid().deserialize("ids",
                "not-a-uuid".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a UUID on topic ids: not-a-uuid"), e.getMessage());
    }
}
