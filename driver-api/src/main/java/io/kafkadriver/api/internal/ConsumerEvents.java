/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.internal;

import io.kafkadriver.actors.consume.Delivery;
import io.kafkadriver.api.ConsumeFailure;
import io.kafkadriver.api.Header;
import io.kafkadriver.api.OffsetOutOfRange;
import io.kafkadriver.api.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of the public API: how the engine's {@link Delivery} makes a {@link ReceivedMessage}, and the
 * listeners of its incidents. Internal: not part of the API.
 */
public final class ConsumerEvents implements Delivery.Events {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerEvents.class);

    /** Makes the public record straight from the decoded fields (one allocation for the record, one per header). */
    public static final Delivery.RecordFactory<ReceivedMessage> RECORDS = groupRecords(null);

    /**
     * Makes the public records of a group's consumption: they carry the group id.
     *
     * @param groupId the group, or null outside a group
     * @return the factory
     */
    public static Delivery.RecordFactory<ReceivedMessage> groupRecords(String groupId) {
        return (topic, partition, offset, timestamp, key, value, headers) -> new ReceivedMessage(topic, partition,
                offset, key, value, timestamp, headers(headers), groupId);
    }

    private final List<Consumer<OffsetOutOfRange>> resetListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConsumeFailure>> failureListeners = new CopyOnWriteArrayList<>();

    /**
     * The offset-reset (data-loss) listeners.
     *
     * @return the live list
     */
    public List<Consumer<OffsetOutOfRange>> resetListeners() {
        return resetListeners;
    }

    /**
     * The consume-failure listeners.
     *
     * @return the live list
     */
    public List<Consumer<ConsumeFailure>> failureListeners() {
        return failureListeners;
    }

    @Override
    public void offsetReset(String topic, int partition, long from, long to) {
        fire(resetListeners, new OffsetOutOfRange(topic, partition, from, to));
    }

    @Override
    public void failed(String topic, int partition, Exception error) {
        fire(failureListeners, new ConsumeFailure(topic, partition, error));
    }

    /**
     * Unregisters listeners (each registration's {@code close}) and empties the list.
     *
     * @param registrations what the listener registrations returned
     * @throws IllegalStateException when one cannot be closed (the others are still closed)
     */
    public static void closeAll(List<AutoCloseable> registrations) {
        IllegalStateException failure = null;
        for (AutoCloseable r : registrations) {
            try {
                r.close();
            } catch (Exception e) {
                failure = failure != null ? failure : new IllegalStateException("unregistering a listener failed", e);
            }
        }
        registrations.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Calls each listener with an event; a listener that throws is logged and skipped, never stops the others.
     *
     * @param list  the listeners
     * @param event the event
     * @param <T>   the event type
     */
    public static <T> void fire(List<Consumer<T>> list, T event) {
        for (Consumer<T> l : list) {
            try {
                l.accept(event);
            } catch (RuntimeException | Error e) {
                io.kafkadriver.actors.support.ListenerFailures.ignore(LOG, "a listener", event, e);
            }
        }
    }

    private static List<Header> headers(List<io.kafkadriver.protocol.record.Header> hs) {
        if (hs == null || hs.isEmpty()) {
            return List.of();
        }
        List<Header> out = new ArrayList<>(hs.size());
        for (io.kafkadriver.protocol.record.Header h : hs) {
            out.add(new Header(h.key(), h.value()));
        }
        return out;
    }
}
