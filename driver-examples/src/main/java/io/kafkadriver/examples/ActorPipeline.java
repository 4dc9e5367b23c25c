/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.examples;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.actor.KafkaDriver.ProduceResult;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ReceivedMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An actor application that talks to Kafka by messages only: it embeds {@link KafkaDriver} as a child under its own
 * supervisor (restart with backoff), produces {@code count} numbered records with acknowledgements to itself, sends
 * again any record the driver reports as failed, consumes the topic from the earliest offset with a window of
 * demand (it grants as many records as it has processed, so it is never flooded), and once every number was read
 * back, stops the driver and reports.
 *
 * <p>If the driver fails meanwhile, the supervisor restarts it: the consumption goes on by itself where it stopped
 * (the driver keeps its registrations across restarts), and the records that failed are produced again. Producing is
 * at least once here (a record whose batch was in flight when the driver failed may be written and still reported
 * as failed), so the pipeline counts distinct numbers.
 *
 * <p>Run it against a broker: {@code java -cp ... io.kafkadriver.examples.ActorPipeline localhost:9092 orders 10000}.
 */
public final class ActorPipeline extends AbstractBehavior<ActorPipeline.Command> {
    /** The records granted to the consumer at a time. */
    static final int WINDOW = 1_000;

    /** What the pipeline hears. */
    public sealed interface Command permits Produced, Consumed, DriverStopped {
    }

    /**
     * An outcome of one produced record.
     *
     * @param result the driver's answer
     */
    record Produced(ProduceResult result) implements Command {
    }

    /**
     * A batch of consumed records.
     *
     * @param records the batch
     */
    record Consumed(KafkaDriver.Records records) implements Command {
    }

    /** The driver stopped. */
    enum DriverStopped implements Command { INSTANCE }

    /**
     * What the pipeline did.
     *
     * @param count        the records it had to produce
     * @param acknowledged records acknowledged by the broker (resent ones included once)
     * @param resent       records sent again after the driver reported them failed
     * @param consumed     records received, duplicates included
     * @param distinct     distinct numbers received
     * @param inOrder      whether every partition's records came in offset order
     */
    public record Summary(int count, int acknowledged, int resent, long consumed, int distinct, boolean inOrder) {
    }

    private final String topic;
    private final int count;
    private final ActorRef<Summary> reportTo;
    private final ActorRef<KafkaDriver.Command> driver;
    private final ActorRef<ProduceResult> produced;
    private final BitSet seen = new BitSet();
    private final Map<Integer, Long> lastOffset = new HashMap<>();
    private int acknowledged;
    private int resent;
    private long consumed;
    private boolean inOrder = true;
    private boolean stopping;

    private ActorPipeline(ActorContext<Command> context, Behavior<KafkaDriver.Command> kafka, String topic, int count,
                          ActorRef<Summary> reportTo) {
        super(context);
        this.topic = topic;
        this.count = count;
        this.reportTo = reportTo;
        // The driver is a child like any other: if it fails, it is restarted, after 100 ms to 2 s. Messages sent
        // to it meanwhile wait in the supervisor's stash, so it must hold a whole burst of produces.
        this.driver = context.spawn(Behaviors.supervise(kafka).onFailure(SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(100), Duration.ofSeconds(2), 0.1).withStashCapacity(Math.max(1_000, 2 * count))),
                "kafka");
        this.produced = context.messageAdapter(ProduceResult.class, Produced::new);
        ActorRef<KafkaDriver.Records> records = context.messageAdapter(KafkaDriver.Records.class, Consumed::new);
        driver.tell(new KafkaDriver.Consume(topic, -1, new KafkaDriver.StartFrom.Earliest(), records, WINDOW));
        for (int i = 0; i < count; i++) {
            produce(i);
        }
    }

    /**
     * The pipeline's behavior.
     *
     * @param kafka    the driver's behavior, usually {@code KafkaDriver.create(config)}
     * @param topic    the topic it produces to and consumes
     * @param count    the records to produce and read back
     * @param reportTo told the {@link Summary} at the end
     * @return the behavior
     */
    public static Behavior<Command> create(Behavior<KafkaDriver.Command> kafka, String topic, int count,
                                           ActorRef<Summary> reportTo) {
        return Behaviors.setup(context -> new ActorPipeline(context, kafka, topic, count, reportTo));
    }

    private void produce(int n) {
        driver.tell(new KafkaDriver.Produce(topic, null, ByteBuffer.allocate(4).putInt(0, n).array(), produced));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Produced.class, this::onProduced)
                .onMessage(Consumed.class, this::onConsumed)
                .onMessageEquals(DriverStopped.INSTANCE, this::onStopped)
                .build();
    }

    private Behavior<Command> onProduced(Produced m) {
        if (m.result() instanceof ProduceResult.Acknowledged) {
            acknowledged++;
        } else if (m.result() instanceof ProduceResult.Failed f) {
            getContext().getLog().debug("sending again a record the driver reported: {}", f.reason());
            resent++;
            driver.tell(f.record());
        }
        return maybeDone();
    }

    private Behavior<Command> onConsumed(Consumed m) {
        for (ReceivedMessage r : m.records().records()) {
            consumed++;
            seen.set(ByteBuffer.wrap(r.value()).getInt());
            Long last = lastOffset.put(r.partition(), r.offset());
            if (last != null && r.offset() <= last) {
                inOrder = false;
            }
        }
        driver.tell(new KafkaDriver.Demand(topic, m.records().records().size())); // keep the window open
        return maybeDone();
    }

    private Behavior<Command> maybeDone() {
        if (!stopping && acknowledged >= count && seen.cardinality() >= count) {
            stopping = true;
            driver.tell(new KafkaDriver.Stop(getContext().messageAdapter(KafkaDriver.Stopped.class,
                    s -> DriverStopped.INSTANCE)));
        }
        return this;
    }

    private Behavior<Command> onStopped() {
        reportTo.tell(new Summary(count, acknowledged, resent, consumed, seen.cardinality(), inOrder));
        return Behaviors.stopped();
    }

    /**
     * Runs the pipeline against a broker and prints its summary.
     *
     * @param args bootstrap servers, topic (default {@code orders}), count (default 10000)
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ActorPipeline host:port [topic] [count]");
            System.exit(2);
        }
        String topic = args.length > 1 ? args[1] : "orders";
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Configuration config = Configuration.builder().seeds(args[0]).produceBufferingTime(Duration.ofMillis(5))
                .build();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(context -> {
            ActorRef<Summary> printer = context.spawn(Behaviors.receive(Summary.class).onMessage(Summary.class,
                    s -> {
                        System.out.println(s);
                        context.getSystem().terminate();
                        return Behaviors.stopped();
                    }).build(), "printer");
            context.spawn(create(KafkaDriver.create(config), topic, count, printer), "pipeline");
            return Behaviors.<Void>empty();
        }), "actor-pipeline");
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
