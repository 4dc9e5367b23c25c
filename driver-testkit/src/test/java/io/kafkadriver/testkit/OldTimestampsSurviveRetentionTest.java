package io.kafkadriver.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "the consumer delivers partition 0 out of order": the consumer was right; the broker had deleted the
 * records. The consume tests write records stamped in 2020 (and in 1970), older than the broker's default 7-day
 * retention, so the broker's first retention check (30 s after it starts) deleted the segments holding them and moved
 * the log start offset of whichever topic was being written or read at that moment. A consumer from "earliest" then
 * correctly started at the new log start, and the test saw "expected 0, got 198144".
 *
 * <p>This test forces the condition instead of waiting for the timing: the retention check runs from the start and
 * every 100 ms. A control topic with a 1 s retention proves that the check ran (its log start moves); then the
 * test-kit's default must have kept the records of a topic with no retention setting of its own.
 */
@KafkaClusterTest(brokers = 1, brokerProperties = {"log.initial.task.delay.ms=0",
        "log.retention.check.interval.ms=100"})
class OldTimestampsSurviveRetentionTest {
    private static final long SEPTEMBER_2020 = 1_600_000_000_000L;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void issue12RecordsStampedYearsAgoAreNotDeletedByTheRetentionCheck(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("stamped-2020", 1, 1);
        Admin admin = kafka.admin();
        Bounded.await("creating the control topic", admin.createTopics(List.of(new NewTopic("control-1s-retention",
                1, (short) 1).configs(Map.of("retention.ms", "1000")))).all(), BOUND);
        OracleClient oracle = new OracleClient(kafka.bootstrapServers());
        oracle.produce(stamped("stamped-2020", 100), "zstd");
        oracle.produce(stamped("control-1s-retention", 100), "zstd");

        Bounded.waitFor("the retention check to delete the control topic's records", BOUND,
                () -> logStart(admin, "control-1s-retention") > 0);
        assertEquals(100L, logStart(admin, "control-1s-retention"), "the control topic's whole log was deleted");
        assertEquals(0L, logStart(admin, "stamped-2020"), "records stamped in 2020 are still there");
        assertEquals(100, oracle.readAll("stamped-2020", 100).size());
    }

    private static List<ProducerRecord<byte[], byte[]>> stamped(String topic, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(topic, 0, SEPTEMBER_2020 + i, null, OracleClient.utf8("v" + i)));
        }
        return records;
    }

    private static long logStart(Admin admin, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        return Bounded.await("the log start offset of " + tp, admin.listOffsets(Map.of(tp, OffsetSpec.earliest()))
                .partitionResult(tp), BOUND).offset();
    }
}
