package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.bench.ProduceWorkload.Client;
import io.kafkadriver.bench.ProduceWorkload.Order;
import io.kafkadriver.bench.ProduceWorkload.ValueKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The workload's derived settings, the schedule, the value pool and the JSON writer, without a broker. */
class ProduceWorkloadTest {

    private static ProduceWorkload workload(int repeat, Order order) {
        return new ProduceWorkload(1000, 100, 4, "LZ4", "-1", 5, 65536, repeat, order, 0.2, ValueKind.RANDOM,
                ProduceWorkload.DEFAULT_BUFFER_MEMORY, 0, null);
    }

    @Test
    void batchAndBufferAreConvertedFromBytesToRecords() {
        ProduceWorkload w = workload(1, Order.OURS_FIRST);
        assertEquals(65536 / 110, w.recordsPerBatch());
        assertEquals(33554432 / 110, w.maxBufferedRecords());
        assertEquals(w.recordsPerBatch(), w.effectiveRoundRobinRun());
        assertEquals(200, w.warmupRecords());
        assertEquals("lz4", w.codec());
        assertEquals("all", w.acks());
    }

    @Test
    void scheduleAlternatesPerOrder() {
        assertEquals(List.of(Client.OURS, Client.OFFICIAL, Client.OURS, Client.OFFICIAL),
                workload(2, Order.OURS_FIRST).schedule());
        assertEquals(List.of(Client.OFFICIAL, Client.OURS), workload(1, Order.THEIRS_FIRST).schedule());
        assertEquals(List.of(Client.OURS, Client.OFFICIAL, Client.OFFICIAL, Client.OURS, Client.OURS,
                Client.OFFICIAL), workload(3, Order.ABBA).schedule());
    }

    @Test
    void scheduleOfALineupRunsItForwardsAndBackwardsPerOrder() {
        List<Client> three = List.of(Client.OURS, Client.OURS_SEND, Client.OFFICIAL);
        assertEquals(List.of(Client.OURS, Client.OURS_SEND, Client.OFFICIAL, Client.OFFICIAL, Client.OURS_SEND,
                Client.OURS), workload(2, Order.ABBA).schedule(three));
        assertEquals(List.of(Client.OURS_SEND, Client.OURS), workload(1, Order.THEIRS_FIRST)
                .schedule(List.of(Client.OURS, Client.OURS_SEND)));
        assertEquals(List.of(Client.OURS, Client.OURS), workload(2, Order.ABBA).schedule(List.of(Client.OURS)));
        assertEquals(workload(3, Order.ABBA).schedule(), workload(3, Order.ABBA)
                .schedule(List.of(Client.OURS, Client.OFFICIAL)));
    }

    @Test
    void idempotenceReachesBothClientsAndNeedsAcksAll() {
        ProduceWorkload on = new ProduceWorkload(1000, 100, 4, "none", "all", 5, 65536, 1, Order.OURS_FIRST, 0.2,
                ValueKind.RANDOM, ProduceWorkload.DEFAULT_BUFFER_MEMORY, 0, null, true);
        assertEquals("true", OfficialProducer.configuration("b:9092", on).get("enable.idempotence"));
        assertTrue(DriverProducer.configuration("b:9092", on).idempotence());
        ProduceWorkload off = ProduceWorkload.defaults(1000);
        assertEquals("false", OfficialProducer.configuration("b:9092", off).get("enable.idempotence"));
        assertFalse(DriverProducer.configuration("b:9092", off).idempotence());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProduceWorkload(1000,
                100, 4, "none", "1", 5, 65536, 1, Order.OURS_FIRST, 0.2, ValueKind.RANDOM,
                ProduceWorkload.DEFAULT_BUFFER_MEMORY, 0, null, true));
        assertEquals("idempotence on needs acks all, was acks 1", e.getMessage());
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProduceWorkload(1000,
                100, 4, "brotli", "1", 5, 65536, 1, Order.OURS_FIRST, 0.2, ValueKind.RANDOM, 1 << 25, 0, null));
        assertTrue(e.getMessage().startsWith("codec must be one of"), e.getMessage());
    }

    @Test
    void valuePoolIsDistinctAndSized() {
        byte[][] pool = ProduceBenchmark.values(ValueKind.TEXT, 100, 1024, 1);
        assertEquals(1024, pool.length);
        assertEquals(100, pool[5].length);
        assertNotEquals(new String(pool[0]), new String(pool[1]));
        assertArrayEquals(pool[7], ProduceBenchmark.values(ValueKind.TEXT, 100, 1024, 1)[7]);
    }

    @Test
    void jsonWriterEscapesAndSeparates() {
        String text = new JsonWriter().beginObject().name("a\"b\n").value("x\\y").name("n").value(Double.NaN)
                .name("l").beginArray().value(1).value(true).value((String) null).endArray().endObject().toString();
        assertEquals("{\"a\\\"b\\n\":\"x\\\\y\",\"n\":null,\"l\":[1,true,null]}", text);
        Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(text);
        assertEquals("x\\y", parsed.get("a\"b\n"));
    }
}
