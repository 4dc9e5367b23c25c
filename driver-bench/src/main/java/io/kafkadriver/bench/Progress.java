/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Live progress of one phase: records done of the total, the rate over the last period and overall, and the elapsed
 * time. On a terminal one line is rewritten in place (carriage return) five times a second; elsewhere (a pipe, a log,
 * a test) a plain line is printed every two seconds. {@link #close()} prints the final line.
 */
final class Progress implements AutoCloseable {
    /** Period of the plain lines. */
    static final long PLAIN_PERIOD_MILLIS = 2000;
    private static final long TERMINAL_PERIOD_MILLIS = 200;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final LongSupplier done;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private long lastNanos = startNanos;
    private long lastDone;
    private boolean closed;

    private Progress(PrintStream out, boolean terminal, String label, long total, LongSupplier done) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.done = done;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? TERMINAL_PERIOD_MILLIS : PLAIN_PERIOD_MILLIS;
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts reporting a phase.
     *
     * @param out      where the lines go
     * @param terminal whether {@code out} is a terminal (rewrite one line) or not (print plain lines)
     * @param label    what the phase is, e.g. {@code ours produce}
     * @param total    records the phase expects
     * @param done     records done so far, read from the reporting thread
     * @return the running report; close it when the phase ends
     */
    static Progress start(PrintStream out, boolean terminal, String label, long total, LongSupplier done) {
        return new Progress(out, terminal, label, total, done);
    }

    private synchronized void print() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long n = done.getAsLong();
        double recent = (n - lastDone) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastNanos = now;
        lastDone = n;
        String line = line(n, recent, now);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String line(long n, double recent, long now) {
        double elapsed = (now - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%-18s %,13d / %,d records (%3.0f%%)  %,11.0f rec/s now  %,11.0f rec/s avg"
                + "  %6.1f s", label, n, total, total == 0 ? 100.0 : 100.0 * n / total, recent,
                n / Math.max(1e-9, elapsed), elapsed);
    }

    /** Stops the periodic lines and prints the final one (ending the terminal line). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        long now = System.nanoTime();
        long n = done.getAsLong();
        String line = line(n, (n - lastDone) / Math.max(1e-9, (now - lastNanos) / 1e9), now);
        out.println(terminal ? "\r" + line + "   " : line);
        out.flush();
    }
}
