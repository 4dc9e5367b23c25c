/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.examples;

import io.kafkadriver.api.AutoOffsetReset;
import io.kafkadriver.api.ClusterClient;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConsumerGroupConfiguration;
import io.kafkadriver.api.KafkaConsumer;
import io.kafkadriver.api.KafkaProducer;
import io.kafkadriver.api.PartitionerStrategy;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.Serdes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plain Java service on the typed API, no actor in sight: a typed producer publishes {@code count} price ticks
 * (symbol to price in cents) and waits for each acknowledgement; a typed consumer in a consumer group keeps the last
 * price of each symbol and commits what it processed. It returns the book once every tick was read back.
 *
 * <p>Run it against a broker: {@code java -cp ... io.kafkadriver.examples.PriceService localhost:9092 prices 10000}
 * (the topic must exist).
 */
public final class PriceService {
    private static final String[] SYMBOLS = {"EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCHF"};

    private PriceService() {
    }

    /**
     * Publishes the ticks, reads them back in a group and returns the last price of each symbol.
     *
     * @param seeds   the brokers
     * @param topic   the topic, existing
     * @param count   the ticks to publish
     * @param timeout the most to wait for them all to come back
     * @return the book: symbol to its last price, as read back
     * @throws Exception when a tick is not acknowledged or not read back in time
     */
    public static Map<String, Long> run(String seeds, String topic, int count, Duration timeout) throws Exception {
        Configuration config = Configuration.builder().seeds(seeds)
                .produceBufferingTime(Duration.ofMillis(5)) // kafka-sharp's default lingers 5 s
                // One symbol, one partition, so its ticks stay in order (kafka-sharp's default ignores keys).
                .partitioner(PartitionerStrategy.MURMUR2_KEY)
                .build();
        Map<String, Long> book = new ConcurrentHashMap<>();
        CountDownLatch allRead = new CountDownLatch(count);
        try (ClusterClient client = ClusterClient.create(config);
             KafkaProducer<String, Long> ticks = KafkaProducer.create(client, topic, Serdes.ofString(),
                     Serdes.ofLong());
             KafkaConsumer<String, Long> reader = KafkaConsumer.create(client, topic, Serdes.ofString(),
                     Serdes.ofLong())) {
            reader.onMessage(tick -> {
                book.put(tick.key(), tick.value());
                allRead.countDown();
            });
            reader.onDeserializationFailed(f -> System.err.println("skipped " + f));
            reader.subscribe("price-service", ConsumerGroupConfiguration.builder()
                    .autoOffsetReset(AutoOffsetReset.EARLIEST).autoCommitEvery(Duration.ofSeconds(1)).build());

            CompletableFuture<?>[] acks = new CompletableFuture<?>[count];
            for (int i = 0; i < count; i++) {
                String symbol = SYMBOLS[i % SYMBOLS.length];
                CompletableFuture<RecordMetadata> ack = ticks.send(symbol, 10_000L + i).toCompletableFuture();
                acks[i] = ack;
            }
            CompletableFuture.allOf(acks).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!allRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException((count - allRead.getCount()) + " of " + count + " ticks read back in "
                        + timeout);
            }
            reader.commit().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return book;
    }

    /**
     * Runs the service.
     *
     * @param args the brokers, the topic, the number of ticks
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PriceService <seeds> <topic> <count>");
            System.exit(2);
        }
        System.out.println(run(args[0], args[1], Integer.parseInt(args[2]), Duration.ofMinutes(1)));
    }
}
