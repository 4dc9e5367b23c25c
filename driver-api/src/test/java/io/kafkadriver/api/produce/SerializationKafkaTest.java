package io.kafkadriver.api.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.MemorySerializable;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.SerializationConfig;
import io.kafkadriver.api.UndeliveredMessage;
import io.kafkadriver.testkit.EmbeddedKafkaCluster;
import io.kafkadriver.testkit.KafkaClusterTest;
import io.kafkadriver.testkit.OracleClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * kafka-sharp's serialization: per-topic and default serializers, self-serializing objects, and the two timings
 * (at send time, the originals are kept, handed back on drops and closed once done; on produce, nothing is kept).
 */
@KafkaClusterTest(brokers = 1, brokerProperties = "auto.create.topics.enable=false")
class SerializationKafkaTest {

    /** A pooled value: serializes itself and counts its closes. */
    static final class Pooled implements MemorySerializable, AutoCloseable {
        final String text;
        final AtomicInteger closes;

        Pooled(String text, AtomicInteger closes) {
            this.text = text;
            this.closes = closes;
        }

        @Override
        public byte[] serialize() {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void objectsAreSerializedByTopicOrDefaultSerializersOrThemselvesAndClosedOnceAcknowledged(
            EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("typed", 1, 1);
        kafka.createTopic("self", 1, 1);
        AtomicInteger closes = new AtomicInteger();
        try (ClusterClient client = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka).build())) {
            client.setDefaultSerializers((topic, o) -> ("default:" + o).getBytes(StandardCharsets.UTF_8), null);
            client.setSerializers("typed", null, (topic, o) -> ("typed:" + o).getBytes(StandardCharsets.UTF_8));
            client.produce("typed", (Object) 42, (Object) "v");  // the default key serializer, the topic's value one
            client.produce("typed", (Object) null, (Object) 7L);
            // No value serializer for "self": the value serializes itself; a byte[] key goes as is.
            client.produce("self", (Object) "k".getBytes(StandardCharsets.UTF_8), new Pooled("itself", closes));
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> client.produce("other", (Object) null, new Object()));
            assertTrue(none.getMessage().contains("no serializer for a value of type java.lang.Object on topic other"),
                    none.getMessage());
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        assertEquals(List.of("default:42|typed:v", "null|typed:7"), text(oracle.readAll("typed", 2)));
        assertEquals(List.of("k|itself"), text(oracle.readAll("self", 1)));
        assertEquals(1, closes.get(), "the AutoCloseable value was closed once, after its acknowledgement");
    }

    private static List<String> text(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> (r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8))
                + "|" + new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void atSendTimeTheOriginalsComeBackInTheExpiryEventAndAreClosedAfterIt(EmbeddedKafkaCluster kafka)
            throws Exception {
        AtomicInteger closes = new AtomicInteger();
        List<UndeliveredMessage> expired = new CopyOnWriteArrayList<>();
        Pooled value = new Pooled("lost", closes);
        try (ClusterClient client = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka)
                .messageTtl(Duration.ofMillis(500)).build())) {
            client.setDefaultSerializers((topic, o) -> o.toString().getBytes(StandardCharsets.UTF_8), null);
            client.onMessageExpired(m -> {
                assertEquals(0, closes.get(), "not closed before the event handed it back");
                expired.add(m);
            });
            CompletableFuture<?> f = client.send("missing-topic", (Object) "key-object", value).toCompletableFuture();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ProduceFailedException pfe && pfe.expired());
            client.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, expired.size());
        assertEquals("key-object", expired.get(0).originalKey());
        assertSame(value, expired.get(0).originalValue());
        assertEquals(1, closes.get(), "closed once the expiry was reported");
    }

    @Test
    void onProduceNothingIsKeptAndASerializerFailureAtSendTimeIsADiscard(EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic("eager", 1, 1);
        AtomicInteger closes = new AtomicInteger();
        List<UndeliveredMessage> discarded = new CopyOnWriteArrayList<>();
        try (ClusterClient eager = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka)
                .serializationConfig(SerializationConfig.defaults().withSerializeOnProduce(true)).build())) {
            eager.produce("eager", (Object) null, new Pooled("now", closes));
            assertEquals(1, closes.get(), "serialized and closed inside produce: no reference kept");
            eager.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertEquals("now", new String(new OracleClient(kafka.bootstrapServers()).readAll("eager", 1).get(0)
                .value(), StandardCharsets.UTF_8));
        try (ClusterClient late = ClusterClient.create(ProduceRoundTripKafkaTest.base(kafka).build())) {
            late.onMessageDiscarded(discarded::add);
            late.setSerializers("eager", null, (topic, o) -> {
                throw new IllegalStateException("cannot serialize " + o);
            });
            CompletableFuture<?> f = late.send("eager", (Object) null, (Object) "boom").toCompletableFuture();
            late.flush();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("cannot serialize boom"), e.getCause().getMessage());
        }
        assertEquals(1, discarded.size());
        assertEquals("boom", discarded.get(0).originalValue());
        assertNull(discarded.get(0).record().value(), "never serialized");
    }
}
