/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.KafkaConsumerActor;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.kafka.javadsl.MetadataClient;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.Timeout;

/**
 * The rival in the streams mode: pekko-connectors-kafka (Pekko's Alpakka Kafka, which wraps the official client)
 * in the run's actor system. Producing: {@code Producer.plainSink} over a {@code KafkaProducer} made from
 * {@link OfficialProducer#configuration} (the producer benchmark's pinned settings) before the clock, with
 * {@code --stream-parallelism} records in flight. Reading: a {@code KafkaConsumerActor} made from
 * {@link OfficialBenchClient#consumerConfiguration} (no group, earliest, the pinned fetch settings), which learns the
 * partitions through a {@code MetadataClient} before the clock (as the official consumer's {@code partitionsFor} in
 * the consume mode), then {@code Consumer.plainExternalSource} over a manual assignment of every partition, which
 * starts from the beginning (no committed offsets, {@code auto.offset.reset=earliest}). {@code plainExternalSource}
 * is {@code plainSource}'s stage over a consumer actor made beforehand, so that creating the consumer is outside
 * the clock, as for ours.
 */
final class PekkoKafkaStreamsClient implements StreamsClient {
    private final ActorSystem system;
    private final String bootstrap;
    private final BenchSettings settings;
    private final ProducerSettings<byte[], byte[]> producerSettings;
    private Producer<byte[], byte[]> producer;
    private int consumers;

    private PekkoKafkaStreamsClient(ActorSystem system, String bootstrap, BenchSettings settings) {
        this.system = system;
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.producerSettings = ProducerSettings.create(system, new ByteArraySerializer(), new ByteArraySerializer())
                .withBootstrapServers(bootstrap)
                .withProperties(strings(OfficialProducer.configuration(bootstrap, settings.produceWorkload()),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG))
                .withParallelism(settings.streamParallelism());
    }

    /**
     * Starts an actor system (the producer and the consumers start when first needed).
     *
     * @param bootstrap the bootstrap servers
     * @param settings  the workload
     * @return the client
     */
    static PekkoKafkaStreamsClient start(String bootstrap, BenchSettings settings) {
        return new PekkoKafkaStreamsClient(StreamsMode.actorSystem("bench-pekko-kafka"), bootstrap, settings);
    }

    /** The properties as strings, without the serializer classes (the settings carry the instances). */
    private static Map<String, String> strings(Properties p, String... without) {
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        for (String key : without) {
            m.remove(key);
        }
        return m;
    }

    @Override
    public String label() {
        return StreamsMode.RIVAL;
    }

    @Override
    public CompletionStage<Done> produce(String topic, int records, byte[][] pool, AtomicLong handed) {
        if (producer == null) {
            // Made once, before the warm-up (outside the clock) and shared by both runs: the stages must not close it.
            producer = producerSettings.createKafkaProducer();
        }
        int mask = pool.length - 1;
        return Source.range(0, records - 1)
                .map(i -> {
                    handed.lazySet(i + 1L); // one writer: the stage
                    return new ProducerRecord<byte[], byte[]>(topic, pool[i & mask]);
                })
                .runWith(org.apache.pekko.kafka.javadsl.Producer.plainSink(producerSettings.withProducer(producer)
                                .withCloseProducerOnStop(false)),
                        system);
    }

    @Override
    public BenchClient.Consumption open(String topic, Duration bound) {
        ConsumerSettings<byte[], byte[]> cs = ConsumerSettings.create(system, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())
                .withProperties(strings(OfficialBenchClient.consumerConfiguration(bootstrap),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG));
        ActorRef consumer = system.actorOf(KafkaConsumerActor.props(cs), "bench-consumer-" + consumers++);
        Set<TopicPartition> partitions;
        try {
            List<PartitionInfo> infos = MetadataClient.create(consumer, Timeout.create(bound), system.dispatcher())
                    .getPartitionsFor(topic).toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            consumer.tell(KafkaConsumerActor.stop(), ActorRef.noSender());
            throw new IllegalStateException("pekko-connectors-kafka did not learn the partitions of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            consumer.tell(KafkaConsumerActor.stop(), ActorRef.noSender());
            throw new IllegalStateException("interrupted", e);
        }
        return new BenchClient.Consumption() {
            private Consumer.Control control;

            @Override
            public void start(RecordSink sink) {
                control = Consumer.<byte[], byte[]>plainExternalSource(consumer, Subscriptions.assignment(partitions))
                        .toMat(Sink.foreach(r -> sink.record(r.partition(), r.offset(), r.value())), Keep.left())
                        .run(system);
            }

            @Override
            public void close() {
                try {
                    if (control != null) {
                        StreamsMode.await(control.shutdown(), "pekko-connectors-kafka's source shutdown");
                    }
                } finally {
                    consumer.tell(KafkaConsumerActor.stop(), ActorRef.noSender());
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(30));
            }
        } finally {
            StreamsMode.terminate(system);
        }
    }
}
