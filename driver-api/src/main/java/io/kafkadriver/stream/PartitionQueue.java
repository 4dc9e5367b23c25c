/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import io.kafkadriver.actor.KafkaDriver;
import io.kafkadriver.api.TopicPartition;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.stage.AsyncCallback;

/**
 * The records of one assigned partition on their way from a partitioned source to its sub-source: filled by the
 * outer stage, drained by the sub-source's stage, each on its own thread. At {@code limit} records the partition is
 * paused in the driver ({@code KafkaDriver.Pause}); at half it is resumed. The pause and the resume are sent under
 * this object's lock, so the driver hears them in the order the flag changed.
 *
 * @param <T> the element type
 */
final class PartitionQueue<T> {
    final TopicPartition partition;
    private final int limit;
    private final ActorRef<KafkaDriver.Command> driver;
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    final AtomicBoolean materialized = new AtomicBoolean();
    private volatile AsyncCallback<Boolean> wake;
    private volatile boolean completed;
    private boolean paused;

    PartitionQueue(TopicPartition partition, int limit, ActorRef<KafkaDriver.Command> driver) {
        this.partition = partition;
        this.limit = limit;
        this.driver = driver;
    }

    /** The sub-source's stage: woken when records come or the partition completes. */
    void attach(AsyncCallback<Boolean> callback) {
        wake = callback;
    }

    /** The sub-source's stage took the wake-up: the next change wakes it again. */
    void woken() {
        wakePending.set(false);
    }

    /** Adds records (the outer stage); ignored once completed. */
    void offer(List<T> records) {
        if (completed) {
            return;
        }
        items.addAll(records);
        if (size.addAndGet(records.size()) >= limit) {
            setPaused(true);
        }
        signal();
    }

    /** The next record, or null (the sub-source's stage). */
    T poll() {
        T t = items.poll();
        if (t != null && size.decrementAndGet() <= limit / 2) {
            setPaused(false);
        }
        return t;
    }

    boolean isCompleted() {
        return completed;
    }

    /** No more records come: with {@code drop}, those not emitted are dropped too. */
    void complete(boolean drop) {
        completed = true;
        if (drop) {
            items.clear();
            size.set(0);
        }
        signal();
    }

    /** The sub-source stopped before its partition completed: what comes is dropped and the partition stays paused. */
    void abandon() {
        completed = true;
        items.clear();
        size.set(0);
        setPaused(true);
    }

    private synchronized void setPaused(boolean p) {
        if (paused != p && !(completed && !p)) {
            paused = p;
            driver.tell(p ? new KafkaDriver.Pause(partition.topic(), partition.partition())
                    : new KafkaDriver.Resume(partition.topic(), partition.partition()));
        }
    }

    private void signal() {
        AsyncCallback<Boolean> w = wake;
        if (w != null && wakePending.compareAndSet(false, true)) {
            w.invoke(Boolean.TRUE);
        }
    }
}
