package io.kafkadriver.protocol.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {

    @Test
    void tenThousandKeysLandWhereTheOfficialClientPutsThemForEveryPartitionCount() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(0, 65)];
            random.nextBytes(key);
            assertEquals(Utils.murmur2(key), Murmur2.hash(key), "hash of a " + key.length + "-byte key");
            for (int partitions = 1; partitions <= 64; partitions++) {
                assertEquals(BuiltInPartitioner.partitionForKey(key, partitions),
                        KeyPartitioner.partition(key, partitions));
            }
        }
    }

    @Test
    void bufferAndRangeHashesEqualTheArrayHash() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            byte[] key = new byte[random.nextInt(0, 40)];
            random.nextBytes(key);
            int expected = Murmur2.hash(key);
            byte[] padded = new byte[key.length + 6];
            System.arraycopy(key, 0, padded, 3, key.length);
            assertEquals(expected, Murmur2.hash(padded, 3, key.length));
            ByteBuffer direct = ByteBuffer.allocateDirect(key.length + 2);
            direct.position(2);
            direct.put(key).position(2);
            assertEquals(expected, Murmur2.hash(direct));
            assertEquals(2, direct.position(), "hashing must not move the buffer");
            assertEquals(expected, Murmur2.hash(ByteBuffer.wrap(padded, 3, key.length).slice()));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(NullPointerException.class, () -> KeyPartitioner.partition(null, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyPartitioner.partition(new byte[] {1}, 0));
        assertEquals("numPartitions must be at least 1, was 0", e.getMessage());
    }
}
