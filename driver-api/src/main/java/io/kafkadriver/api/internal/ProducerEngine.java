/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.produce.ChunkInbox;
import io.kafkadriver.actors.produce.Drop;
import io.kafkadriver.actors.produce.OutgoingRecord;
import io.kafkadriver.actors.produce.ProduceCallback;
import io.kafkadriver.actors.produce.ProduceListener;
import io.kafkadriver.actors.produce.ProduceRouterActor;
import io.kafkadriver.actors.produce.ProducerAccounting;
import io.kafkadriver.actors.produce.ProducerBatcherActor;
import io.kafkadriver.actors.produce.RecordEncoder;
import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.MemorySerializable;
import io.kafkadriver.api.OverflowStrategy;
import io.kafkadriver.api.ProduceAcknowledgement;
import io.kafkadriver.api.ProduceFailedException;
import io.kafkadriver.api.ProducerRecord;
import io.kafkadriver.api.RecordMetadata;
import io.kafkadriver.api.Serializer;
import io.kafkadriver.api.UndeliveredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side of {@code ClusterClient}: admission (the {@code maxBufferedMessages} bound and the overflow
 * strategy), serialization of key and value objects, the record's way into the produce router's inbox, the events
 * and the per-record futures. Internal: not part of the API.
 */
public final class ProducerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerEngine.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Serializer<Object> SELF_SERIALIZING = (topic, o) -> ((MemorySerializable) o).serialize();

    private final Configuration config;
    private final ProducerAccounting accounting;
    private final ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> routerInbox =
            new ChunkInbox<>(ProduceRouterActor.Drain.INSTANCE);
    private final List<Consumer<ProduceAcknowledgement>> ackListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<UndeliveredMessage>> discardListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<UndeliveredMessage>> expiryListeners = new CopyOnWriteArrayList<>();
    private final long overflowBlockNanos;
    private final boolean discardOnOverflow;
    private final boolean serializeOnProduce;
    private final Map<String, Serializer<?>[]> serializers = new ConcurrentHashMap<>();
    private final RecordEncoder encoder = new RecordEncoder() {
        @Override
        public byte[] key(String topic, Object key) {
            return serializerFor(topic, key, 0).serialize(topic, key);
        }

        @Override
        public byte[] value(String topic, Object value) {
            return serializerFor(topic, value, 1).serialize(topic, value);
        }
    };
    private final ProduceListener events = new Events();
    private volatile Serializer<?>[] defaultSerializers;
    private volatile ActorRef<ProduceRouterActor.Command> router;
    private volatile boolean closed;

    /**
     * Creates the producer side; {@link #attach} it to its router before the first record.
     *
     * @param config the configuration
     */
    public ProducerEngine(Configuration config) {
        this.config = config;
        this.accounting = new ProducerAccounting(config.maxBufferedMessages() < 0 ? -1
                : config.maxBufferedMessages());
        this.overflowBlockNanos = config.overflowBlockTimeout().toNanos();
        this.discardOnOverflow = config.overflowStrategy() == OverflowStrategy.DISCARD;
        this.serializeOnProduce = config.serializationConfig().serializeOnProduce();
    }

    /**
     * The router's inbox, for the router's creation.
     *
     * @return the inbox
     */
    public ChunkInbox<OutgoingRecord, ProduceRouterActor.Command> routerInbox() {
        return routerInbox;
    }

    /**
     * The accounting, for the router's creation.
     *
     * @return the accounting
     */
    public ProducerAccounting accounting() {
        return accounting;
    }

    /**
     * The listener the actors report outcomes to.
     *
     * @return the listener
     */
    public ProduceListener events() {
        return events;
    }

    /**
     * Binds the engine to its router.
     *
     * @param routerRef the produce router
     */
    public void attach(ActorRef<ProduceRouterActor.Command> routerRef) {
        this.router = routerRef;
        routerInbox.bind(routerRef);
    }

    /** Refuses records from now on (the client is closing). */
    public void close() {
        closed = true;
    }

    /**
     * The acknowledgement listeners.
     *
     * @return the live list
     */
    public List<Consumer<ProduceAcknowledgement>> ackListeners() {
        return ackListeners;
    }

    /**
     * The discard listeners.
     *
     * @return the live list
     */
    public List<Consumer<UndeliveredMessage>> discardListeners() {
        return discardListeners;
    }

    /**
     * The expiry listeners.
     *
     * @return the live list
     */
    public List<Consumer<UndeliveredMessage>> expiryListeners() {
        return expiryListeners;
    }

    /**
     * Sets a topic's serializers.
     *
     * @param topic           the topic
     * @param keySerializer   for keys, or null
     * @param valueSerializer for values, or null
     */
    public void setSerializers(String topic, Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        serializers.put(topic, new Serializer<?>[] {keySerializer, valueSerializer});
    }

    /**
     * Sets the default serializers.
     *
     * @param keySerializer   for keys, or null
     * @param valueSerializer for values, or null
     */
    public void setDefaultSerializers(Serializer<?> keySerializer, Serializer<?> valueSerializer) {
        defaultSerializers = new Serializer<?>[] {keySerializer, valueSerializer};
    }

    /**
     * Sends every buffered record now and completes when every record admitted before has settled.
     *
     * @return the completion
     */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = accounting.flush();
        if (!done.isDone()) {
            router.tell(ProduceRouterActor.FlushNow.INSTANCE);
        }
        return done;
    }

    private static <T> void fire(List<Consumer<T>> listeners, T event) {
        ConsumerEvents.fire(listeners, event);
    }

    /**
     * Submits a record whose key and value may be objects; see {@code ClusterClient.produce(String, Object, Object)}.
     *
     * @param topic  the topic
     * @param key    the key, bytes or an object, or null
     * @param value  the value, bytes or an object, or null
     * @param future the record's future, or null
     * @return whether it was accepted
     */
    public boolean submitObjects(String topic, Object key, Object value, SendFuture future) {
        boolean keyIsObject = key != null && !(key instanceof byte[]);
        boolean valueIsObject = value != null && !(value instanceof byte[]);
        if (keyIsObject) {
            serializerFor(topic, key, 0); // fails fast when nothing can serialize it
        }
        if (valueIsObject) {
            serializerFor(topic, value, 1);
        }
        if (!keyIsObject && !valueIsObject) {
            return submit(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, (byte[]) key,
                    (byte[]) value, null, future, null);
        }
        if (serializeOnProduce) {
            byte[] k = keyIsObject ? encoder.key(topic, key) : (byte[]) key;
            byte[] v = valueIsObject ? encoder.value(topic, value) : (byte[]) value;
            closeQuietly(key);
            if (value != key) {
                closeQuietly(value);
            }
            return submit(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP, k, v, null, future, null);
        }
        return submit(topic, ProducerRecord.ANY_PARTITION, ProducerRecord.NO_TIMESTAMP,
                keyIsObject ? null : (byte[]) key, valueIsObject ? null : (byte[]) value,
                keyIsObject ? key : null, valueIsObject ? value : null, encoder, null, future, null);
    }

    @SuppressWarnings("unchecked")
    private Serializer<Object> serializerFor(String topic, Object o, int side) {
        Serializer<?>[] own = serializers.get(topic);
        if (own != null && own[side] != null) {
            return (Serializer<Object>) own[side];
        }
        Serializer<?>[] defaults = defaultSerializers;
        if (defaults != null && defaults[side] != null) {
            return (Serializer<Object>) defaults[side];
        }
        if (o instanceof MemorySerializable) {
            return SELF_SERIALIZING;
        }
        throw new IllegalArgumentException("no serializer for a " + (side == 0 ? "key" : "value") + " of type "
                + o.getClass().getName() + " on topic " + topic + ": pass byte[], register one with setSerializers"
                + " or setDefaultSerializers, or implement MemorySerializable");
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing a produced key or value of type {} failed; ignored", o.getClass().getName(), e);
            }
        }
    }


    /**
     * The protocol's headers for the API's.
     *
     * @param headers the API headers
     * @return the protocol headers, or null for none
     */
    public static List<io.kafkadriver.protocol.record.Header> protocolHeaders(List<Header> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        List<io.kafkadriver.protocol.record.Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(new io.kafkadriver.protocol.record.Header(h.key(), h.value()));
        }
        return out;
    }

    /**
     * Submits a record of bytes.
     *
     * @param topic     the topic
     * @param partition the partition, or -1
     * @param timestamp the timestamp, or -1 for now
     * @param key       the key, or null
     * @param value     the value, or null
     * @param headers   the headers, or null
     * @param future    the record's future, or null
     * @param original  the record as the caller gave it, for drop events, or null
     * @return whether it was accepted
     */
    public boolean submit(String topic, int partition, long timestamp, byte[] key, byte[] value,
                          List<io.kafkadriver.protocol.record.Header> headers,
                          io.kafkadriver.actors.produce.ProduceCallback future, ProducerRecord original) {
        return submit(topic, partition, timestamp, key, value, null, null, null, headers, future, original);
    }

    private boolean submit(String topic, int partition, long timestamp, byte[] key, byte[] value, Object keyObject,
                           Object valueObject, RecordEncoder encoder,
                           List<io.kafkadriver.protocol.record.Header> headers,
                           io.kafkadriver.actors.produce.ProduceCallback future, ProducerRecord original) {
        if (closed) {
            throw new IllegalStateException("the client is closed: record for topic " + topic + " refused");
        }
        if (!accounting.hasRoom() && !waitForRoom(topic, partition, key, value, keyObject, valueObject, future,
                original)) {
            return false;
        }
        long now = System.currentTimeMillis();
        OutgoingRecord r = new OutgoingRecord(topic, partition, key, value, keyObject, valueObject, encoder, headers,
                timestamp == ProducerRecord.NO_TIMESTAMP ? now : timestamp, now, accounting.admit(), future);
        if (future instanceof SendFuture f) {
            f.original = original;
        }
        routerInbox.offer(r);
        return true;
    }

    /** The buffer is full: discard, or wait for room within the block timeout. */
    private boolean waitForRoom(String topic, int partition, byte[] key, byte[] value, Object keyObject,
                                Object valueObject, io.kafkadriver.actors.produce.ProduceCallback future,
                                ProducerRecord original) {
        if (discardOnOverflow) {
            String why = bufferFull();
            ProducerRecord record = original != null ? original
                    : new ProducerRecord(topic, partition, ProducerRecord.NO_TIMESTAMP, key, value, List.of());
            ProduceFailedException error = new ProduceFailedException(why + ": record for topic " + topic
                    + " discarded (overflowStrategy DISCARD)", null, false);
            fire(discardListeners, new UndeliveredMessage(record, partition, error, keyObject, valueObject));
            if (future instanceof SendFuture f) {
                f.completeExceptionally(error);
            }
            return false;
        }
        boolean room;
        try {
            room = accounting.awaitRoom(overflowBlockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProduceFailedException("interrupted while waiting for room: " + bufferFull(), e, false);
        }
        if (!room) {
            throw new ProduceFailedException(bufferFull() + " and no room came within "
                    + config.overflowBlockTimeout().toMillis() + " ms (overflowBlockTimeout): record for topic "
                    + topic + " refused", null, false);
        }
        return true;
    }

    /**
     * Whether the producer refuses records (closed, or closing).
     *
     * @return true once {@link #close()} was called
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Says that the buffer is full, with the setting that bounds it.
     *
     * @return the message
     */
    public String bufferFull() {
        return "the producer buffer is full (maxBufferedMessages " + config.maxBufferedMessages() + ")";
    }


    /**
     * Has router and batchers report every record they still hold as discarded, waiting a bounded time.
     *
     * @param scheduler the actor system's scheduler, for the ask
     */
    public void abortPending(org.apache.pekko.actor.typed.Scheduler scheduler) {
        long pending = accounting.buffered();
        LOG.warn("{} record(s) still unacknowledged after the close timeout of {} ms: reporting them as discarded",
                pending, config.closeTimeout().toMillis());
        Exception reason = new ProduceFailedException("the client closed before these records were acknowledged"
                + " (closeTimeout " + config.closeTimeout().toMillis() + " ms)", null, false);
        try {
            AskPattern.<ProduceRouterActor.Command, ProducerBatcherActor.Aborted>ask(router,
                    replyTo -> new ProduceRouterActor.Abort(reason, replyTo), STOP_TIMEOUT, scheduler)
                    .toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("the producer did not report its pending records within {} ms", STOP_TIMEOUT.toMillis());
        }
    }


    private static ProducerRecord toRecord(OutgoingRecord r) {
        List<Header> headers = List.of();
        if (r.headers() != null) {
            headers = r.headers().stream().map(h -> new Header(h.key(), h.value())).toList();
        }
        return new ProducerRecord(r.topic(), r.partition() < 0 ? -1 : r.partition(), r.timestampMs(), r.key(),
                r.value(), headers);
    }

    /** Turns the actors' outcomes into the public events. */
    private final class Events implements ProduceListener {
        @Override
        public void acknowledged(String topic, int partition, long baseOffset, List<OutgoingRecord> records) {
            if (!ackListeners.isEmpty()) {
                fire(ackListeners, new ProduceAcknowledgement(topic, partition, records.size(), baseOffset));
            }
        }

        @Override
        public void dropped(List<OutgoingRecord> records, Drop drop) {
            List<Consumer<UndeliveredMessage>> listeners = drop.kind() == Drop.Kind.EXPIRED ? expiryListeners
                    : discardListeners;
            if (listeners.isEmpty()) {
                return;
            }
            for (OutgoingRecord r : records) {
                ProducerRecord original = r.callback() instanceof SendFuture f && f.original != null ? f.original
                        : toRecord(r);
                fire(listeners, new UndeliveredMessage(original, r.partition(), drop.cause(), r.keyObject(),
                        r.valueObject()));
            }
        }
    }

    /** The future of one sent record, which is also its callback: a send costs one allocation more than a produce. */
    public static final class SendFuture extends CompletableFuture<RecordMetadata> implements ProduceCallback {
        ProducerRecord original;

        /** Creates a pending future. */
        public SendFuture() {
        }

        @Override
        public void acknowledged(OutgoingRecord record, long offset) {
            complete(new RecordMetadata(record.topic(), record.partition(), offset, record.timestampMs()));
        }

        @Override
        public void dropped(OutgoingRecord record, Drop drop) {
            completeExceptionally(new ProduceFailedException(drop.cause().getMessage(), drop.cause(),
                    drop.kind() == Drop.Kind.EXPIRED));
        }
    }
}
