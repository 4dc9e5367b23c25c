/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.examples;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.ErrorStrategy;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.Serdes;
import io.kafkadriver.stream.CommittableOffset;
import io.kafkadriver.stream.Committer;
import io.kafkadriver.stream.CommitterSettings;
import io.kafkadriver.stream.ConsumerSettings;
import io.kafkadriver.stream.Control;
import io.kafkadriver.stream.Deserialize;
import io.kafkadriver.stream.GroupSubscription;
import io.kafkadriver.stream.KafkaFlow;
import io.kafkadriver.stream.KafkaSource;
import io.kafkadriver.stream.ProducerEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;

/**
 * A Pekko Streams pipeline, consume, transform, produce: it reads orders (key: customer, value: an amount in cents as
 * text) from one topic in a consumer group, turns each into an invoice line on another topic, and commits an order's
 * offset only once its invoice line is acknowledged, in batches. Stopped with {@code drainAndShutdown}, it lets what
 * is in flight finish and lands the final commit, so a restart repeats nothing.
 *
 * <p>Run it against a broker: {@code java -cp ... io.kafkadriver.examples.StreamsPipeline localhost:9092 orders
 * invoices 10000} (both topics must exist).
 */
public final class StreamsPipeline {
    private StreamsPipeline() {
    }

    /** The invoice line of an order. */
    static String invoice(String customer, long cents) {
        return customer + " owes " + (cents / 100) + "." + String.format("%02d", cents % 100);
    }

    /**
     * Runs the pipeline until {@code expected} invoice lines are acknowledged, then drains and stops it.
     *
     * @param seeds    the brokers
     * @param orders   the input topic
     * @param invoices the output topic
     * @param expected how many orders to wait for
     * @param timeout  the most to wait
     * @return how many invoice lines were acknowledged
     * @throws Exception when the pipeline fails or does not get there in time
     */
    public static long run(String seeds, String orders, String invoices, long expected, Duration timeout)
            throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "streams-pipeline");
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> enough = new CompletableFuture<>();
        try (ClusterClient client = ClusterClient.create(Configuration.builder().seeds(seeds)
                .produceBufferingTime(Duration.ofMillis(5)).build(), system)) {
            GroupSubscription subscription = GroupSubscription.topics("invoicing", List.of(orders),
                    ConsumerGroupConfiguration.builder().autoOffsetReset(AutoOffsetReset.EARLIEST).build());
            Pair<Control, CompletionStage<Done>> running = KafkaSource.committable(client, subscription,
                            ConsumerSettings.defaults())
                    .via(Deserialize.committable(Serdes.ofString(), Serdes.ofString(), ErrorStrategy.DISCARD))
                    .map(order -> ProducerEnvelope.of(ProducerRecord.of(invoices,
                            order.record().key().getBytes(StandardCharsets.UTF_8),
                            invoice(order.record().key(), Long.parseLong(order.record().value()))
                                    .getBytes(StandardCharsets.UTF_8)), order.offset()))
                    .via(KafkaFlow.<CommittableOffset>flow(client))
                    .map(result -> {
                        if (written.incrementAndGet() >= expected) {
                            enough.complete(null);
                        }
                        return result.passThrough(); // the order's offset, committable once its line is written
                    })
                    .toMat(Committer.sink(CommitterSettings.defaults()), Keep.both())
                    .run(system);
            enough.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            running.first().drainAndShutdown(running.second()).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return written.get();
    }

    /**
     * Runs the pipeline.
     *
     * @param args the brokers, the input topic, the output topic, the number of orders to wait for
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StreamsPipeline <seeds> <orders> <invoices> <count>");
            System.exit(2);
        }
        System.out.println(run(args[0], args[1], args[2], Long.parseLong(args[3]), Duration.ofMinutes(2))
                + " invoice lines written");
    }
}
