/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.CompressionCodec;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationBuilder;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.RequiredAcks;
import io.kafkadriver.api.UndeliveredMessage;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * kafka-driver's {@link ClusterClient} under test, configured like the official client: the same linger, acks and
 * codec, batches of about the same bytes ({@link ProduceWorkload#recordsPerBatch()} records), a record buffer
 * matching {@code buffer.memory}, 5 requests in flight, and a 120 s message TTL ({@code delivery.timeout.ms}).
 * With {@code produce} (fire and forget) outcomes are counted from the per-batch acknowledgement event and the
 * per-record discard and expiry events; with {@code send} from each record's future (one {@code whenComplete} per
 * record, like the official client's callback), and the events are ignored.
 */
final class DriverProducer implements BenchProducer {
    /** The official client's {@code delivery.timeout.ms} default. */
    private static final Duration MESSAGE_TTL = Duration.ofMinutes(2);

    private final ClusterClient client;
    private final boolean send;
    private volatile AckCounter counter;
    private String topic;

    private DriverProducer(ClusterClient client, boolean send) {
        this.client = client;
        this.send = send;
        if (!send) {
            client.onProduceAcknowledged(this::onAcknowledged);
            client.onMessageDiscarded(this::onUndelivered);
            client.onMessageExpired(this::onUndelivered);
        }
    }

    /**
     * Builds the driver's configuration for a workload.
     *
     * @param bootstrap the seeds
     * @param w         the workload
     * @return the configuration
     */
    static Configuration configuration(String bootstrap, ProduceWorkload w) {
        return builder(bootstrap, w).build();
    }

    /**
     * Returns the builder behind {@link #configuration}, for callers that add settings (the consumer's).
     *
     * @param bootstrap the seeds
     * @param w         the workload
     * @return the builder, with every producer setting of the workload
     */
    static ConfigurationBuilder builder(String bootstrap, ProduceWorkload w) {
        return Configuration.builder()
                .seeds(bootstrap)
                .clientId("bench-ours")
                .produceBufferingTime(Duration.ofMillis(w.lingerMs()))
                .produceBatchSize(w.recordsPerBatch())
                .numberOfMessagesBeforeRoundRobin(w.effectiveRoundRobinRun())
                .requiredAcks(acks(w.acks()))
                .idempotence(w.idempotence())
                .compressionCodec(CompressionCodec.valueOf(w.codec().toUpperCase(Locale.ROOT)))
                .maxInFlightRequests(5)
                .maxBufferedMessages(w.maxBufferedRecords())
                .overflowStrategy(OverflowStrategy.BLOCK)
                .messageTtl(MESSAGE_TTL);
    }

    /**
     * Starts a client for a workload.
     *
     * @param bootstrap the seeds
     * @param w         the workload
     * @return the producer
     */
    static DriverProducer start(String bootstrap, ProduceWorkload w) {
        return start(bootstrap, w, false);
    }

    /**
     * Starts a client for a workload that produces with {@code produce} or with {@code send}.
     *
     * @param bootstrap the seeds
     * @param w         the workload
     * @param send      true: {@code send} and a future per record; false: fire-and-forget {@code produce}
     * @return the producer
     */
    static DriverProducer start(String bootstrap, ProduceWorkload w, boolean send) {
        return new DriverProducer(ClusterClient.create(configuration(bootstrap, w)), send);
    }

    /**
     * Maps the command line's acks to the driver's.
     *
     * @param acks {@code 0}, {@code 1} or {@code all}
     * @return the required acknowledgements
     */
    private static RequiredAcks acks(String acks) {
        return switch (acks) {
            case "0" -> RequiredAcks.NONE;
            case "1" -> RequiredAcks.LEADER;
            default -> RequiredAcks.ALL;
        };
    }

    private void onAcknowledged(ProduceAcknowledgement ack) {
        AckCounter c = counter;
        if (c != null && c.topic().equals(ack.topic())) {
            c.acknowledged(ack.count());
        }
    }

    private void onUndelivered(UndeliveredMessage m) {
        AckCounter c = counter;
        if (c != null && c.topic().equals(m.record().topic())) {
            c.failed(1, m.reason());
        }
    }

    @Override
    public void begin(AckCounter phase) {
        this.counter = phase;
        this.topic = phase.topic();
    }

    @Override
    public void produce(byte[] value) {
        if (send) {
            AckCounter c = counter;
            client.send(topic, null, value).whenComplete((metadata, error) -> {
                if (error == null) {
                    c.acknowledged(1);
                } else {
                    c.failed(1, error);
                }
            });
        } else {
            client.produce(topic, null, value);
        }
    }

    @Override
    public void flush(Duration bound) throws TimeoutException, InterruptedException {
        try {
            client.flush().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the driver's flush failed", e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
