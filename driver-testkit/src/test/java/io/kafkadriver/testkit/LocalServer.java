package io.kafkadriver.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny loopback TCP server for proxy tests: it records every byte it receives and, in echo mode, sends each chunk
 * back. It notes when a connection's input ends so tests can wait for it without sleeping.
 */
final class LocalServer implements AutoCloseable {

    private final ServerSocket server;
    private final boolean echo;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch firstConnectionEnded = new CountDownLatch(1);

    private LocalServer(boolean echo) throws IOException {
        this.echo = echo;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    static LocalServer echo() throws IOException {
        return new LocalServer(true);
    }

    static LocalServer sink() throws IOException {
        return new LocalServer(false);
    }

    int port() {
        return server.getLocalPort();
    }

    int acceptedConnections() {
        return accepted.get();
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    /** Waits (bounded) until the first accepted connection's input reached its end. */
    boolean awaitFirstConnectionEnded(long millis) throws InterruptedException {
        return firstConnectionEnded.await(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                accepted.incrementAndGet();
                threads.execute(() -> serve(s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    received.write(buf, 0, n);
                }
                if (echo) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // connection reset: the end of this connection as well
        } finally {
            firstConnectionEnded.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("local server threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
