/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The official {@code KafkaProducer<byte[], byte[]>} under test: the workload's linger, {@code batch.size}, acks,
 * codec and {@code buffer.memory}, 5 requests in flight, idempotence off (the driver has none), everything else at
 * its default. Outcomes are counted from the per-record callback, the official client's way to learn them.
 */
final class OfficialProducer implements BenchProducer, Callback {
    private final KafkaProducer<byte[], byte[]> producer;
    private volatile AckCounter counter;
    private String topic;

    private OfficialProducer(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Builds the official client's configuration for a workload.
     *
     * @param bootstrap the bootstrap servers
     * @param w         the workload
     * @return the producer configuration
     */
    static Properties configuration(String bootstrap, ProduceWorkload w) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-official");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(w.lingerMs()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(w.batchBytes()));
        p.put(ProducerConfig.ACKS_CONFIG, w.acks());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, w.codec());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(w.idempotence()));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(w.bufferMemory()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Starts a producer for a workload.
     *
     * @param bootstrap the bootstrap servers
     * @param w         the workload
     * @return the producer
     */
    static OfficialProducer start(String bootstrap, ProduceWorkload w) {
        return new OfficialProducer(new KafkaProducer<>(configuration(bootstrap, w)));
    }

    @Override
    public void begin(AckCounter phase) {
        this.counter = phase;
        this.topic = phase.topic();
    }

    @Override
    public void produce(byte[] value) {
        producer.send(new ProducerRecord<>(topic, value), this);
    }

    /**
     * Counts one record's outcome (called by the producer's I/O thread, or by {@code send} on an immediate error).
     *
     * @param metadata where the record went
     * @param exception why it failed, or null
     */
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        AckCounter c = counter;
        if (c == null || (metadata != null && !c.topic().equals(metadata.topic()))) {
            return;
        }
        if (exception == null) {
            c.acknowledged(1);
        } else {
            c.failed(1, exception);
        }
    }

    /**
     * Flushes: the official {@code flush()} has no bound of its own; it returns once every batch is done
     * (callbacks run before a batch's future completes), which {@code delivery.timeout.ms} bounds.
     *
     * @param bound unused
     */
    @Override
    public void flush(Duration bound) {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
