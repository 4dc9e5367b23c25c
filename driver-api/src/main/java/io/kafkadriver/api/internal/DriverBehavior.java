/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.actor.KafkaDriver.ProduceResult;
import io.kafkadriver.actors.cluster.ClusterActor;
import io.kafkadriver.actors.cluster.ClusterSettings;
import io.kafkadriver.actors.connection.ConnectionSettings;
import io.kafkadriver.actors.consume.ConsumeRouterActor;
import io.kafkadriver.actors.consume.ConsumeSettings;
import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.actors.consume.DeliveryActor;
import io.kafkadriver.actors.consume.FetchBudget;
import io.kafkadriver.actors.produce.Drop;
import io.kafkadriver.actors.produce.OutgoingRecord;
import io.kafkadriver.actors.produce.ProduceCallback;
import io.kafkadriver.actors.produce.ProduceRouterActor;
import io.kafkadriver.actors.produce.ProducerFront;
import io.kafkadriver.actors.group.GroupMemberActor;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ReceivedMessage;
import io.kafkadriver.actors.consume.StartPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The behavior behind {@link KafkaDriver}: spawns the engine's actors as its children, watches them, and answers the
 * actor-level protocol. The Java facade ({@code ClusterClient}) spawns the same behavior and works on the
 * {@link Engine} it hands out at start. Internal: not part of the API.
 */
public final class DriverBehavior {
    private static final int MEMBER_RESTARTS = 10;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriverBehavior.class);
    /** Commands of the driver's own, not part of the public protocol. */
    sealed interface Internal extends KafkaDriver.Command permits ProducerDrained, GroupsLeft {
    }

    /** Every group left (or the close timeout passed): the producer's drain comes next. */
    record GroupsLeft(ActorRef<KafkaDriver.Stopped> replyTo) implements Internal {
    }

    /** The producer is drained (the blocking part of a stop ran off the actor). */
    record ProducerDrained(ActorRef<KafkaDriver.Stopped> replyTo) implements Internal {
    }

    private final ActorContext<KafkaDriver.Command> context;
    private final Engine engine;
    private final Map<ActorRef<?>, String> children;
    private final Map<ActorRef<?>, List<Runnable>> subscriptions = new HashMap<>();
    private final Registrations registrations;
    /** The user's dispatcher, which runs the whole driver, or null for Pekko's defaults. */
    private final DispatcherSelector dispatcher;
    /** The connection settings a group member's coordinator connection starts from. */
    private final ConnectionSettings connectionTemplate;
    private final Map<ActorRef<GroupMemberActor.Command>, GroupRegistration> members = new HashMap<>();
    private int memberSeq;
    private boolean stopping;

    private DriverBehavior(ActorContext<KafkaDriver.Command> context, Engine engine,
                           Map<ActorRef<?>, String> children, Registrations registrations,
                           DispatcherSelector dispatcher, ConnectionSettings connectionTemplate) {
        this.context = context;
        this.engine = engine;
        this.children = children;
        this.registrations = registrations;
        this.dispatcher = dispatcher;
        this.connectionTemplate = connectionTemplate;
    }

    /** After a restart: the event subscribers hear again, and each consumption goes on where it stopped. */
    private void resume() {
        if (registrations.subscribers.isEmpty() && registrations.consumes.isEmpty()
                && registrations.groups.isEmpty()) {
            return;
        }
        context.getLog().info("the driver started again: {} event subscriber(s), {} consumption(s) and {} group(s)"
                + " go on where they stopped", registrations.subscribers.size(), registrations.consumes.size(),
                registrations.groups.size());
        registrations.subscribers.forEach(this::listenTo);
        registrations.consumes.values().forEach(this::apply);
        registrations.groups.values().forEach(this::spawnMember);
    }

    /**
     * The driver's behavior.
     *
     * @param config  the configuration
     * @param onStart handed the engine once its actors are spawned (the facade's way in), on the actor's thread
     * @return the behavior
     * @throws io.kafkadriver.api.ConfigurationException when the configuration cannot start a driver
     */
    public static Behavior<KafkaDriver.Command> create(Configuration config, Consumer<Engine> onStart) {
        Engine.check(config);
        // Kept across restarts (outside the setup, which each restart runs again): what actors asked for.
        Registrations registrations = new Registrations();
        return Behaviors.setup(context -> {
            if (registrations.starts++ == 0) {
                // kafka-sharp's start-up dump: every setting (compatibility included), passwords masked.
                LOG.info("kafka-driver starting: {}", config);
            }
            DispatcherSelector own = config.dispatcher().equals("pekko.actor.default-dispatcher") ? null
                    : DispatcherSelector.fromConfig(config.dispatcher());
            Props props = own != null ? own : Props.empty();
            ProducerFacade producer = new ProducerFacade(config);
            ProducerFront front = producer.front();
            ClusterSettings clusterSettings = EngineSettings.cluster(config);
            ActorRef<ClusterActor.Command> cluster = context.spawn(ClusterActor.create(clusterSettings), "cluster",
                    props);
            ActorRef<ProduceRouterActor.Command> produceRouter = context.spawn(ProduceRouterActor.create(
                    EngineSettings.produce(config), cluster, front.routerInbox(), front.accounting(),
                    front.listener(), System::currentTimeMillis), "produce-router", props);
            front.attach(produceRouter);
            ConsumeSettings consume = EngineSettings.consume(config);
            ConsumeRouterActor.Control control = new ConsumeRouterActor.Control();
            ConsumerEvents consumerEvents = new ConsumerEvents();
            Delivery<ReceivedMessage> delivery = new Delivery<>(maxDecompressedBytes(consume),
                    consume.readCommitted(), control, ConsumerEvents.RECORDS, consumerEvents);
            // With a dispatcher of the user's (kafka-sharp's TaskScheduler), everything runs there, listeners and
            // decoding included; by default, listeners run on the blocking-I/O dispatcher, decoding on the default.
            ActorRef<DeliveryActor.Command> deliveryActor = own != null ? delivery.spawn(context, "delivery", own, own)
                    : delivery.spawn(context, "delivery");
            FetchBudget budget = new FetchBudget(consume.bufferBudgetBytes());
            ActorRef<ConsumeRouterActor.Command> consumeRouter = context.spawn(ConsumeRouterActor.create(consume,
                    cluster, delivery, budget, System::currentTimeMillis), "consume-router", props);
            control.bind(consumeRouter);
            Map<ActorRef<?>, String> children = Map.of(cluster, "cluster", produceRouter, "produce router",
                    consumeRouter, "consume router", deliveryActor, "delivery");
            children.keySet().forEach(context::watch);
            Engine engine = new Engine(config, context.getSystem(), cluster, produceRouter, producer, consumeRouter,
                    delivery, consumerEvents, budget, registrations.groupRegistry, registrations.groupEvents);
            onStart.accept(engine);
            DriverBehavior driver = new DriverBehavior(context, engine, children, registrations, own,
                    clusterSettings.connection());
            driver.resume();
            return driver.running();
        });
    }

    private Behavior<KafkaDriver.Command> running() {
        return Behaviors.receive(KafkaDriver.Command.class)
                .onMessage(KafkaDriver.Produce.class, this::onProduce)
                .onMessage(KafkaDriver.Flush.class, this::onFlush)
                .onMessage(KafkaDriver.Stop.class, this::onStop)
                .onMessage(KafkaDriver.Consume.class, this::onConsume)
                .onMessage(KafkaDriver.Demand.class, this::onDemand)
                .onMessage(KafkaDriver.Pause.class, m -> paused(m.topic(), m.partition(), true))
                .onMessage(KafkaDriver.Resume.class, m -> paused(m.topic(), m.partition(), false))
                .onMessage(KafkaDriver.StopConsume.class, this::onStopConsume)
                .onMessage(KafkaDriver.SubscribeEvents.class, this::onSubscribe)
                .onMessage(KafkaDriver.Subscribe.class, this::onGroupSubscribe)
                .onMessage(KafkaDriver.GroupDemand.class, this::onGroupDemand)
                .onMessage(KafkaDriver.Unsubscribe.class, this::onUnsubscribe)
                .onMessage(KafkaDriver.Commit.class, this::onCommit)
                .onMessage(GroupsLeft.class, m -> drain(m.replyTo()))
                .onMessage(ProducerDrained.class, this::onDrained)
                .onSignal(Terminated.class, this::onChildStopped)
                .onSignal(PreRestart.class, s -> cleanUp())
                .onSignal(PostStop.class, s -> cleanUp())
                .build();
    }

    private Behavior<KafkaDriver.Command> onProduce(KafkaDriver.Produce m) {
        ProducerFront producer = engine.producer().front();
        if (stopping || producer.isClosed()) {
            reply(m, "the driver is stopping: record for topic " + m.topic() + " refused");
            return Behaviors.same();
        }
        if (!producer.accounting().hasRoom()) {
            reply(m, producer.bufferFull() + ": record for topic " + m.topic() + " refused (the actor protocol"
                    + " never blocks)");
            return Behaviors.same();
        }
        try {
            // False only when DISCARD dropped it (the buffer filled meanwhile): its Reply was told so already.
            producer.submit(m.topic(), m.partition(), ProducerFront.NO_TIMESTAMP, m.key(), m.value(),
                    ProducerFacade.protocolHeaders(m.headers()), m.replyTo() == null ? null : new Reply(m));
        } catch (RuntimeException e) { // the buffer filled meanwhile (BLOCK timed out), or the producer closed
            reply(m, e.getMessage());
        }
        return Behaviors.same();
    }

    private static void reply(KafkaDriver.Produce m, String reason) {
        if (m.replyTo() != null) {
            m.replyTo().tell(new ProduceResult.Failed(m, reason, false));
        }
    }

    private Behavior<KafkaDriver.Command> onConsume(KafkaDriver.Consume m) {
        if (stopping) {
            return Behaviors.same();
        }
        ConsumeRegistration r = new ConsumeRegistration(m);
        registrations.consumes.put(m.topic(), r);
        apply(r);
        return Behaviors.same();
    }

    /**
     * Starts a registered consumption: from its start the first time; after a restart, each partition from the
     * offset after the last record sent to the receiver (neither repeated nor skipped), with the demand left.
     */
    private void apply(ConsumeRegistration r) {
        KafkaDriver.Consume m = r.request;
        String topic = m.topic();
        ActorRef<KafkaDriver.Records> to = m.deliverTo();
        engine.delivery().setReceiver(topic, batch -> {
            // A batch is a run of one chunk, so of one partition: one position per run, not one per record.
            int n = batch.size();
            for (int i = 0; i < n; i++) {
                ReceivedMessage record = batch.get(i);
                if (i == n - 1 || batch.get(i + 1).partition() != record.partition()) {
                    r.next.put(record.partition(), record.offset() + 1);
                }
            }
            r.outstanding.addAndGet(-batch.size());
            to.tell(new KafkaDriver.Records(topic, batch));
        }, r.outstanding.get());
        r.next.forEach((partition, offset) -> {
            if (m.partition() < 0 || m.partition() == partition) {
                engine.delivery().start(topic, partition, new StartPosition.AtOffset(offset));
            }
        });
        if (m.partition() < 0 || !r.next.containsKey(m.partition())) {
            engine.delivery().start(topic, m.partition(), position(m.start())); // the partitions not started yet
        }
    }

    private static StartPosition position(KafkaDriver.StartFrom start) {
        if (start instanceof KafkaDriver.StartFrom.AtOffset o) {
            return new StartPosition.AtOffset(o.offset());
        }
        if (start instanceof KafkaDriver.StartFrom.AtTimestamp t) {
            return new StartPosition.AtTimestamp(t.timestampMs());
        }
        return start instanceof KafkaDriver.StartFrom.Latest ? StartPosition.LATEST : StartPosition.EARLIEST;
    }

    private Behavior<KafkaDriver.Command> onDemand(KafkaDriver.Demand m) {
        ConsumeRegistration r = registrations.consumes.get(m.topic());
        if (r != null) {
            r.outstanding.addAndGet(m.n());
        }
        if (!engine.delivery().grant(m.topic(), m.n())) {
            context.getLog().warn("demand for {} ignored: no actor consumes it", m.topic());
        }
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> paused(String topic, int partition, boolean paused) {
        engine.delivery().pause(topic, partition, paused);
        registrations.groupRegistry.pause(topic, partition, paused);
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onStopConsume(KafkaDriver.StopConsume m) {
        engine.delivery().stopConsuming(m.topic(), m.partition());
        if (m.partition() < 0) {
            registrations.consumes.remove(m.topic());
            engine.delivery().removeReceiver(m.topic());
        }
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onSubscribe(KafkaDriver.SubscribeEvents m) {
        if (registrations.subscribers.add(m.subscriber())) {
            listenTo(m.subscriber());
        }
        return Behaviors.same();
    }

    private void listenTo(ActorRef<KafkaDriver.Event> to) {
        List<Runnable> undo = new ArrayList<>();
        undo.add(listen(engine.producer().discardListeners(), u -> to.tell(new KafkaDriver.Event.Discarded(u))));
        undo.add(listen(engine.producer().expiryListeners(), u -> to.tell(new KafkaDriver.Event.Expired(u))));
        undo.add(listen(engine.consumerEvents().resetListeners(),
                r -> to.tell(new KafkaDriver.Event.OffsetReset(r))));
        undo.add(listen(engine.consumerEvents().failureListeners(),
                f -> to.tell(new KafkaDriver.Event.ConsumeFailed(f))));
        GroupEvents groups = engine.groupEvents();
        undo.add(listen(groups.assignedListeners(), p -> to.tell(new KafkaDriver.Event.PartitionsAssigned(p))));
        undo.add(listen(groups.revokedListeners(), p -> to.tell(new KafkaDriver.Event.PartitionsRevoked(p))));
        undo.add(listen(groups.lostListeners(), p -> to.tell(new KafkaDriver.Event.PartitionsLost(p))));
        undo.add(listen(groups.failureListeners(), f -> to.tell(new KafkaDriver.Event.GroupFailed(f))));
        subscriptions.put(to, undo);
        context.watch(to);
    }

    private static <T> Runnable listen(List<Consumer<T>> list, Consumer<T> listener) {
        list.add(listener);
        return () -> list.remove(listener);
    }

    // --------------------------------------------------------------------------------------------- consumer groups

    private Behavior<KafkaDriver.Command> onGroupSubscribe(KafkaDriver.Subscribe m) {
        String refused = stopping ? "the driver is stopping"
                : registrations.groups.containsKey(m.groupId()) ? "already subscribed to group " + m.groupId()
                + " (one member per group and driver; unsubscribe first)"
                : null;
        if (refused != null) {
            if (m.replyTo() != null) {
                m.replyTo().tell(new KafkaDriver.SubscribeResult.Refused(m.groupId(), refused));
            } else {
                context.getLog().warn("subscription to group {} refused: {}", m.groupId(), refused);
            }
            return Behaviors.same();
        }
        GroupRegistration r = new GroupRegistration(m);
        registrations.groups.put(m.groupId(), r);
        spawnMember(r);
        if (m.replyTo() != null) {
            m.replyTo().tell(new KafkaDriver.SubscribeResult.Subscribed(m.groupId()));
        }
        return Behaviors.same();
    }

    /** Spawns a group's member with a fresh delivery: consumption goes on from the group's committed offsets. */
    private void spawnMember(GroupRegistration r) {
        KafkaDriver.Subscribe m = r.request;
        Configuration config = engine.config();
        ConsumeSettings consume = EngineSettings.consume(config, m.config().autoOffsetReset());
        ConsumeRouterActor.Control control = new ConsumeRouterActor.Control();
        Delivery<ReceivedMessage> delivery = new Delivery<>(maxDecompressedBytes(consume),
                consume.readCommitted(), control, ConsumerEvents.groupRecords(m.groupId()), engine.consumerEvents(),
                m.deliverTo() == null ? engine.delivery().listeners() : new java.util.concurrent.CopyOnWriteArrayList<>(),
                true);
        if (m.deliverTo() != null) {
            ActorRef<KafkaDriver.Records> to = m.deliverTo();
            delivery.setAnyTopicReceiver(batch -> {
                r.outstanding.addAndGet(-batch.size());
                to.tell(new KafkaDriver.Records(batch.get(0).topic(), batch));
            }, r.outstanding.get());
        }
        ActorRef<GroupMemberActor.Command> member = context.spawn(GroupMemberActor.create(
                EngineSettings.group(config, m), engine.cluster(), connectionTemplate, consume, engine.fetchBudget(),
                delivery, control, dispatcher, registrations.groupEvents.listenerFor(m.groupId()),
                System::currentTimeMillis), "group-" + (++memberSeq), dispatcher != null ? dispatcher : Props.empty());
        context.watch(member);
        members.put(member, r);
        r.entry = new GroupRegistry.Entry(m.groupId(), member, delivery);
        registrations.groupRegistry.put(r.entry);
    }

    /** The most bytes one batch may inflate to: the partition fetch limit, and at least 64 MiB. */
    private static int maxDecompressedBytes(ConsumeSettings consume) {
        return Math.max(consume.partitionMaxBytes(), 64 << 20);
    }

    private Behavior<KafkaDriver.Command> onMemberStopped(GroupRegistration r) {
        registrations.groupRegistry.remove(r.entry);
        if (r.entry.leaving().get() || stopping) {
            registrations.groups.remove(r.request.groupId(), r);
            r.unsubscribed.forEach(to -> to.tell(new KafkaDriver.Unsubscribed(r.request.groupId())));
            return Behaviors.same();
        }
        if (++r.restarts > MEMBER_RESTARTS) {
            registrations.groups.remove(r.request.groupId(), r);
            context.getLog().error("the member of group {} stopped unexpectedly {} times; the subscription ends",
                    r.request.groupId(), r.restarts);
            ConsumerEvents.fire(registrations.groupEvents.failureListeners(), new io.kafkadriver.api.GroupFailure(
                    r.request.groupId(), new IllegalStateException("the member of group " + r.request.groupId()
                    + " stopped unexpectedly " + r.restarts + " times (see the log)")));
            return Behaviors.same();
        }
        context.getLog().error("the member of group {} stopped unexpectedly (see the log); a new member joins, from"
                + " the group's committed offsets", r.request.groupId());
        spawnMember(r);
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onGroupDemand(KafkaDriver.GroupDemand m) {
        GroupRegistration r = registrations.groups.get(m.groupId());
        if (r == null || r.entry == null || r.request.deliverTo() == null) {
            context.getLog().warn("demand for group {} ignored: no actor consumes it", m.groupId());
            return Behaviors.same();
        }
        r.outstanding.addAndGet(m.n());
        r.entry.delivery().grantAnyTopic(m.n());
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onUnsubscribe(KafkaDriver.Unsubscribe m) {
        GroupRegistration r = registrations.groups.get(m.groupId());
        if (r == null || r.entry == null) {
            if (m.replyTo() != null) {
                m.replyTo().tell(new KafkaDriver.Unsubscribed(m.groupId()));
            }
            return Behaviors.same();
        }
        if (m.replyTo() != null) {
            r.unsubscribed.add(m.replyTo());
        }
        r.entry.leave();
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onCommit(KafkaDriver.Commit m) {
        Map<io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef, Long> offsets = null;
        if (m.offsets() != null) {
            offsets = new HashMap<>();
            for (Map.Entry<io.kafkadriver.api.TopicPartition, Long> e : m.offsets().entrySet()) {
                offsets.put(new io.kafkadriver.actors.cluster.ClusterMetadata.TopicPartitionRef(e.getKey().topic(),
                        e.getKey().partition()), e.getValue());
            }
        }
        CompletableFuture<Void> result = registrations.groupRegistry.commit(m.groupId(), offsets);
        if (m.replyTo() != null) {
            ActorRef<KafkaDriver.CommitResult> to = m.replyTo();
            result.whenComplete((v, e) -> to.tell(e == null ? new KafkaDriver.CommitResult.Committed(m.groupId())
                    : new KafkaDriver.CommitResult.CommitFailed(m.groupId(),
                    (e.getCause() != null ? e.getCause() : e).getMessage())));
        }
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onFlush(KafkaDriver.Flush m) {
        engine.producer().front().flush().whenComplete((v, e) -> m.replyTo().tell(KafkaDriver.Flushed.INSTANCE));
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onStop(KafkaDriver.Stop m) {
        if (!stopping) {
            stopping = true;
            // The groups leave first (their revoke listeners may still produce), within closeTimeout.
            context.pipeToSelf(registrations.groupRegistry.leaveAll().orTimeout(
                    engine.config().closeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                    (v, e) -> new GroupsLeft(m.replyTo()));
        }
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> drain(ActorRef<KafkaDriver.Stopped> replyTo) {
        // The drain waits on the broker (flush within closeTimeout, then the abort): off the actor's thread.
        context.pipeToSelf(CompletableFuture.runAsync(() -> {
            engine.drainProducer();
            engine.closeFetchSessions();
        }, context.getSystem().dispatchers()
                .lookup(DispatcherSelector.blocking())), (v, e) -> new ProducerDrained(replyTo));
        return Behaviors.same();
    }

    private Behavior<KafkaDriver.Command> onDrained(ProducerDrained m) {
        if (m.replyTo() != null) {
            m.replyTo().tell(KafkaDriver.Stopped.INSTANCE);
        }
        return Behaviors.stopped();
    }

    private Behavior<KafkaDriver.Command> onChildStopped(Terminated t) {
        GroupRegistration group = members.remove(t.getRef());
        if (group != null) {
            return onMemberStopped(group);
        }
        List<Runnable> undo = subscriptions.remove(t.getRef());
        if (undo != null) { // an event subscriber stopped
            undo.forEach(Runnable::run);
            registrations.subscribers.remove(t.getRef());
            return Behaviors.same();
        }
        String name = children.getOrDefault(t.getRef(), t.getRef().path().name());
        if (stopping) {
            return Behaviors.same();
        }
        // A child that fails is stopped (Pekko's default): what it held was reported by its PostStop. The rest of
        // the engine cannot go on without it, so the driver fails and its supervisor decides.
        context.getLog().error("the driver's {} actor stopped unexpectedly; the driver fails so that its supervisor"
                + " can restart it", name);
        ProducerFront producer = engine.producer().front();
        producer.close();
        if (t.getRef().equals(engine.produceRouter())) {
            // Records offered after the router's own last drain: nobody else will take them.
            ProduceRouterActor.discardAfterStop(producer.routerInbox(), "the produce router stopped",
                    producer.listener(), producer.accounting(), context.getLog());
        }
        throw new IllegalStateException("kafka-driver: the " + name + " actor stopped unexpectedly");
    }

    /**
     * Stopping or restarting: records are refused from now on. The children, the delivery's actor with them, stop
     * with the driver, and each reports or releases what it holds.
     */
    private Behavior<KafkaDriver.Command> cleanUp() {
        engine.producer().front().close();
        return Behaviors.same();
    }

    /** What actors asked for, kept across the driver's restarts; read by one incarnation at a time. */
    private static final class Registrations {
        final Map<String, ConsumeRegistration> consumes = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, GroupRegistration> groups = new java.util.concurrent.ConcurrentHashMap<>();
        final GroupRegistry groupRegistry = new GroupRegistry();
        /** How many times the behavior was set up (1 + restarts); touched by one incarnation at a time. */
        int starts;
        final GroupEvents groupEvents = new GroupEvents();
        final java.util.Set<ActorRef<KafkaDriver.Event>> subscribers =
                java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /** One actor consumption and its progress (updated on the delivery's actor as records are sent). */
    private static final class ConsumeRegistration {
        final KafkaDriver.Consume request;
        final java.util.concurrent.atomic.AtomicLong outstanding;
        final Map<Integer, Long> next = new java.util.concurrent.ConcurrentHashMap<>();

        ConsumeRegistration(KafkaDriver.Consume request) {
            this.request = request;
            this.outstanding = new java.util.concurrent.atomic.AtomicLong(request.demand());
        }
    }

    /** One group subscription and its progress, kept across the driver's restarts. */
    private static final class GroupRegistration {
        final KafkaDriver.Subscribe request;
        final java.util.concurrent.atomic.AtomicLong outstanding;
        final List<ActorRef<KafkaDriver.Unsubscribed>> unsubscribed = new ArrayList<>();
        GroupRegistry.Entry entry;
        int restarts;

        GroupRegistration(KafkaDriver.Subscribe request) {
            this.request = request;
            this.outstanding = new java.util.concurrent.atomic.AtomicLong(request.demand());
        }
    }

    /** Answers one {@link KafkaDriver.Produce} with its outcome. */
    private record Reply(KafkaDriver.Produce produce) implements ProduceCallback {
        @Override
        public void acknowledged(OutgoingRecord record, long offset) {
            produce.replyTo().tell(new ProduceResult.Acknowledged(record.topic(), record.partition(), offset));
        }

        @Override
        public void dropped(OutgoingRecord record, Drop drop) {
            produce.replyTo().tell(new ProduceResult.Failed(produce, drop.cause().getMessage(),
                    drop.kind() == Drop.Kind.EXPIRED));
        }
    }
}
