package io.kafkadriver.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The official Apache Kafka Java client used as an oracle: what it writes is known good input for the driver, and
 * what it reads back is the reference for what the driver wrote.
 *
 * <p>Every call creates its own short-lived client and closes it before returning, and every wait is bounded. Keys,
 * values and headers are raw bytes, so nothing is lost to a serializer.
 */
public final class OracleClient {

    private final Map<String, Object> baseConfig;
    private final Duration timeout;

    /**
     * Creates an oracle for a plain-text bootstrap address, with a 30 s bound per call.
     *
     * @param bootstrapServers {@code host:port[,...]}
     */
    public OracleClient(String bootstrapServers) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), Duration.ofSeconds(30));
    }

    /**
     * Creates an oracle with explicit client properties (bootstrap, security: see
     * {@link EmbeddedKafkaCluster#clientConfig(String)}) applied to every client it makes.
     *
     * @param clientConfig official-client properties; must contain {@code bootstrap.servers}
     * @param timeout bound of each produce/read/list call
     */
    public OracleClient(Map<String, Object> clientConfig, Duration timeout) {
        if (!clientConfig.containsKey(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("clientConfig lacks bootstrap.servers: " + clientConfig.keySet());
        }
        this.baseConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    /**
     * Produces records and waits for the acknowledgement of all of them ({@code acks=all}, idempotent).
     *
     * @param records records to send, in order
     * @param compressionType {@code none}, {@code gzip}, {@code snappy}, {@code lz4} or {@code zstd}
     * @return the metadata (partition, offset, timestamp) of each record, in the order given
     * @throws IllegalStateException if any send fails or the bound passes
     */
    public List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records, String compressionType) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionType);
        // delivery.timeout must cover linger + request timeout, or the producer refuses to start.
        int lingerMs = 5;
        int deliveryMs = (int) Math.max(timeout.toMillis(), lingerMs + 1000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryMs - lingerMs, 30_000));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                futures.add(producer.send(record));
            }
            producer.flush();
            List<RecordMetadata> acks = new ArrayList<>(futures.size());
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> f : futures) {
                acks.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return acks;
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("produce not acknowledged within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        }
    }

    /**
     * Produces {@code count} generated records: key {@code key-i}, value {@code value-i}, one header
     * {@code seq=i}, and timestamp {@code baseTimestamp + i}, spread over partitions by key hash.
     *
     * @param topic target topic
     * @param count number of records
     * @param compressionType compression codec name (see {@link #produce(List, String)})
     * @return the metadata of each record, in order
     */
    public List<RecordMetadata> produce(String topic, int count, String compressionType) {
        long baseTimestamp = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(topic, null, baseTimestamp + i, utf8("key-" + i), utf8("value-" + i),
                    List.of(new RecordHeader("seq", utf8(Integer.toString(i))))));
        }
        return produce(records, compressionType);
    }

    /**
     * Reads all partitions of a topic from the earliest offset until {@code expectedCount} records arrived or the
     * bound passed (then it returns what it has: assert the size).
     *
     * @param topic topic to read
     * @param expectedCount stop as soon as this many records were read
     * @return the records, grouped by partition in ascending partition order, each partition in offset order
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectedCount) {
        return read(partitionsOf(topic), expectedCount);
    }

    /**
     * Reads every record a topic holds now: from the earliest offset of each partition up to its end offset at the
     * time of the call (offsets need not be contiguous), bounded by this client's timeout.
     *
     * @param topic topic to read
     * @return the records, grouped by partition in ascending partition order, each partition in offset order
     * @throws IllegalStateException when the end was not reached within the timeout
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<TopicPartition> partitions = partitionsOf(topic);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + timeout + "; read " + out.size());
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
        }
        out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    /**
     * Reads one partition from the earliest offset until {@code expectedCount} records arrived or the bound passed.
     *
     * @param topic topic to read
     * @param partition partition index
     * @param expectedCount stop as soon as this many records were read
     * @return the records in offset order
     */
    public List<ConsumerRecord<byte[], byte[]>> readPartition(String topic, int partition, int expectedCount) {
        return read(List.of(new TopicPartition(topic, partition)), expectedCount);
    }

    private List<ConsumerRecord<byte[], byte[]>> read(List<TopicPartition> partitions, int expectedCount) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expectedCount && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    /**
     * Lists the partitions of a topic.
     *
     * @param topic topic name
     * @return its partitions in ascending order
     * @throws IllegalArgumentException if the topic does not exist
     */
    public List<TopicPartition> partitionsOf(String topic) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).collect(Collectors.toList());
        }
    }

    /**
     * Lists the topics of the cluster (internal topics excluded).
     *
     * @return topic names, sorted
     */
    public Set<String> listTopics() {
        try (Admin admin = Admin.create(new HashMap<>(baseConfig))) {
            return new TreeSet<>(admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new IllegalStateException("list topics failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("list topics timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    /**
     * Encodes a string as UTF-8 (a small helper for tests building keys and values).
     *
     * @param s text
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes UTF-8 bytes, keeping {@code null} as {@code null}.
     *
     * @param b bytes or null
     * @return the text or null
     */
    public static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
