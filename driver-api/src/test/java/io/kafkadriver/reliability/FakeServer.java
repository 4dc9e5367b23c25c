package io.kafkadriver.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A server that is not a Kafka broker, on a free port of its own: for each connection it reads what the client sends
 * and answers what the test says (an HTTP error, a TLS alert record, random bytes), then closes. It counts the
 * connections, so that a test can see the client backs off between attempts.
 */
final class FakeServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private FakeServer(Function<byte[], byte[]> answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> acceptLoop(answer), "fake-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server answering every request with {@code answer} of what it read. */
    static FakeServer answering(Function<byte[], byte[]> answer) throws IOException {
        return new FakeServer(answer);
    }

    private void acceptLoop(Function<byte[], byte[]> answer) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                accepted.incrementAndGet();
                open.add(s);
                s.setSoTimeout(5_000);
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                if (n > 0) {
                    OutputStream out = s.getOutputStream();
                    out.write(answer.apply(java.util.Arrays.copyOf(buf, n)));
                    out.flush();
                }
                open.remove(s);
            } catch (IOException e) {
                // closed, or the client went away: next connection
            }
        }
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        acceptor.join(10_000);
    }
}
