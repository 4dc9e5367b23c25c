/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.stream.stage.AsyncCallback;

/**
 * The {@link Control} of one materialized source: {@code stop} goes to the stage through an async callback (events
 * sent before the stage started are kept until it starts); the stage reports its own stop; the release runs once,
 * when the stage stopped unless a drain holds it back, else when the drained stream completed.
 */
final class StreamControl implements Control {
    private final Binding binding;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final CompletableFuture<Done> stopped = new CompletableFuture<>();
    private final CompletableFuture<Done> shutdown = new CompletableFuture<>();
    private volatile AsyncCallback<Done> stopCallback;

    StreamControl(Binding binding) {
        this.binding = binding;
    }

    /** Set by the stage's logic, in its constructor. */
    void bind(AsyncCallback<Done> stop) {
        this.stopCallback = stop;
    }

    boolean draining() {
        return draining.get();
    }

    /** The stage stopped (its postStop): releases now unless a drain holds the release. */
    void stageStopped() {
        stopped.complete(Done.getInstance());
        if (!draining.get()) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            binding.release().whenComplete((d, e) -> shutdown.complete(Done.getInstance()));
        }
    }

    @Override
    public CompletionStage<Done> stop() {
        AsyncCallback<Done> s = stopCallback;
        if (s != null) {
            s.invoke(Done.getInstance()); // ignored by a stage already stopped
        }
        return stopped;
    }

    @Override
    public CompletionStage<Done> shutdown() {
        stop().thenRun(this::release);
        return shutdown;
    }

    @Override
    public <T> CompletionStage<T> drainAndShutdown(CompletionStage<T> streamCompletion) {
        draining.set(true);
        stop();
        CompletableFuture<T> result = new CompletableFuture<>();
        streamCompletion.whenComplete((value, error) -> {
            stopped.thenRun(this::release);
            shutdown.whenComplete((d, e) -> {
                if (error != null) {
                    result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                } else {
                    result.complete(value);
                }
            });
        });
        return result;
    }

    @Override
    public CompletionStage<Done> isShutdown() {
        return shutdown;
    }
}
