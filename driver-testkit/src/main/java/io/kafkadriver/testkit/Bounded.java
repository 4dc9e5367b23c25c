package io.kafkadriver.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bounded waits and clean-up shared by the testkit classes: nothing here waits forever. */
public final class Bounded {

    private static final Logger LOG = LoggerFactory.getLogger(Bounded.class);
    private static final long POLL_MS = 20;

    private Bounded() {
    }

    /**
     * Polls a condition every 20 ms until true, or throws once the bound passed: for outcomes that arrive on another
     * thread, where there is nothing to wait on directly.
     *
     * @param what      what is awaited, for the message
     * @param bound     the longest wait
     * @param condition the condition
     * @throws IllegalStateException when the bound passed first, naming {@code what}
     */
    public static void waitFor(String what, Duration bound, BooleanSupplier condition) {
        if (!waitUntil(bound, condition)) {
            throw new IllegalStateException("timed out after " + bound + " waiting for " + what);
        }
    }

    /**
     * Polls a condition every 20 ms until true or the bound passed, and says which: for a test that reports what it
     * found either way (a consumer audit, say) rather than only that it timed out.
     *
     * @param bound     the longest wait
     * @param condition the condition
     * @return true when the condition held within the bound
     * @throws IllegalStateException when interrupted
     */
    public static boolean waitUntil(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        }
        return true;
    }

    /** Waits for an admin result, turning every failure into an exception that says what was being done. */
    static <T> T await(String what, KafkaFuture<T> future, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " timed out after " + bound, e);
        }
    }

    /** Same as {@link #await(String, KafkaFuture, Duration)} for a plain future; cancels it on timeout. */
    static <T> T await(String what, Future<T> future, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IllegalStateException(what + " timed out after " + bound, e);
        }
    }

    /** Deletes a directory tree, deepest entries first; a missing root is fine. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    /**
     * Stops a child JVM that exits when its standard input ends ({@link BrokerMain}, {@link VersionedBrokerMain}):
     * closes that input, then, each after waiting at most {@code step} for the exit, sends SIGTERM and kills it.
     *
     * @param process the child
     * @param what    the child, for the warnings, e.g. {@code "broker process 1234"}
     * @param step    the wait after each step
     */
    public static void stopChild(Process process, String what, Duration step) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        } catch (IOException e) {
            LOG.debug("{}: standard input already closed", what, e);
        }
        if (!waitForExit(process, step)) {
            LOG.warn("{} ignored end of input; sending SIGTERM", what);
            process.destroy();
            if (!waitForExit(process, step)) {
                LOG.warn("{} ignored SIGTERM; killing it", what);
                process.destroyForcibly();
                waitForExit(process, step);
            }
        }
    }

    private static boolean waitForExit(Process process, Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
