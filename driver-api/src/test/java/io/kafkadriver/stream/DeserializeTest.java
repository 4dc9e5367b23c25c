package io.kafkadriver.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kafkadriver.api.DeserializationException;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.api.Received;
import io.kafkadriver.api.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The typed stream flows without a broker: built-in serdes, and a record that cannot be read under each strategy. */
class DeserializeTest {
    private static final ActorSystem<Void> SYSTEM = ActorSystem.create(Behaviors.empty(), "deserialize-test");

    @AfterAll
    static void shutdown() {
        SYSTEM.terminate();
    }

    private static ReceivedMessage record(long offset, byte[] value) {
        return new ReceivedMessage("t", 0, offset, "k".getBytes(StandardCharsets.UTF_8), value, 0L, List.of());
    }

    private static final List<ReceivedMessage> INPUT = List.of(record(0, Serdes.ofLong().serialize("t", 10L)),
            record(1, new byte[3]), record(2, null), record(3, Serdes.ofLong().serialize("t", 30L)));

    @Test
    void discardSkipsTheUnreadableRecordAndKeepsTheRestInOrder() throws Exception {
        List<Received<String, Long>> out = Source.from(INPUT)
                .via(Deserialize.records(Serdes.ofString(), Serdes.ofLong(), ErrorStrategy.DISCARD))
                .runWith(Sink.seq(), SYSTEM).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(0L, 2L, 3L), out.stream().map(Received::offset).toList());
        assertEquals(10L, out.get(0).value());
        assertEquals("k", out.get(0).key());
        assertEquals(null, out.get(1).value(), "a tombstone stays null");
    }

    @Test
    void retryFailsTheStreamOnTheRecordNamingIt() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> Source.from(INPUT)
                .via(Deserialize.records(Serdes.ofString(), Serdes.ofLong(), ErrorStrategy.RETRY))
                .runWith(Sink.seq(), SYSTEM).toCompletableFuture().get(10, TimeUnit.SECONDS));
        DeserializationException d = assertInstanceOf(DeserializationException.class, e.getCause());
        assertEquals(1L, d.failure().offset());
        assertEquals("cannot deserialize t-0@1: io.kafkadriver.api.SerializationException: a Long takes 8 bytes, got"
                + " 3 on topic t", d.getMessage());
    }
}
