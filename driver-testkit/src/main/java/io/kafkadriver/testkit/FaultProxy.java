package io.kafkadriver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault-injecting TCP proxy to put between a client and a broker (or any TCP server).
 *
 * <p>It listens on {@code 127.0.0.1} at a free port and forwards each accepted connection to a target address. The
 * active {@link Fault} can be changed at any time and applies to every chunk read afterwards:
 * <ul>
 *   <li>{@link PassThrough}: forward unchanged;</li>
 *   <li>{@link Latency}: wait this long before forwarding each chunk, in both directions;</li>
 *   <li>{@link BlackHole}: accept and read, but never forward nor answer (connections accepted in this mode never
 *       reach the target, even after the fault is lifted);</li>
 *   <li>{@link CutAfter}: close a connection once exactly {@code n} bytes went through it in one direction;</li>
 *   <li>{@link CorruptByte}: flip all bits of the byte at stream offset {@code k} in one direction (once per
 *       connection, since offsets only grow).</li>
 * </ul>
 * {@link #dropConnections()} closes every current connection at once. Stream offsets count the bytes forwarded on
 * one connection in one direction, from its start.
 *
 * <p><b>Kafka caveat:</b> a Kafka client only uses the bootstrap address for its first request; afterwards it
 * connects to the addresses brokers advertise in metadata, which bypass the proxy. Bootstrap-only exchanges (for
 * example the official {@code Admin.describeCluster()} or the driver's first Metadata/ApiVersions round trip) do go
 * through it; to proxy all traffic, the broker must advertise the proxy's address.
 *
 * <p>Plain blocking sockets: one accept thread plus two threads per connection, all stopped by {@link #close()}.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which way bytes flow through the proxy. */
    public enum Direction {
        /** From the connecting client to the target server. */
        CLIENT_TO_SERVER,
        /** From the target server back to the client. */
        SERVER_TO_CLIENT
    }

    /** A fault mode; exactly one is active at a time. */
    public sealed interface Fault permits PassThrough, Latency, BlackHole, CutAfter, CorruptByte {
    }

    /** Forward every byte unchanged, at once. */
    public record PassThrough() implements Fault {
    }

    /**
     * Delay each chunk by {@code delay} before forwarding it, in both directions.
     *
     * @param delay a non-negative delay
     */
    public record Latency(Duration delay) implements Fault {
        /**
         * Checks the delay.
         *
         * @param delay a non-negative delay
         */
        public Latency {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("latency must be >= 0: " + delay);
            }
        }
    }

    /** Read and discard everything; never connect new clients to the target. */
    public record BlackHole() implements Fault {
    }

    /**
     * Close a connection after exactly {@code bytes} bytes were forwarded in {@code direction}.
     *
     * @param direction the counted direction
     * @param bytes the number of bytes still let through, {@code >= 0}
     */
    public record CutAfter(Direction direction, long bytes) implements Fault {
        /**
         * Checks the arguments.
         *
         * @param direction the counted direction
         * @param bytes the number of bytes still let through, {@code >= 0}
         */
        public CutAfter {
            if (direction == null || bytes < 0) {
                throw new IllegalArgumentException("cutAfter needs a direction and bytes >= 0: " + direction + ", "
                        + bytes);
            }
        }
    }

    /**
     * Flip all bits of the byte at {@code offset} of each connection's stream in {@code direction}.
     *
     * @param direction the corrupted direction
     * @param offset zero-based stream offset, {@code >= 0}
     */
    public record CorruptByte(Direction direction, long offset) implements Fault {
        /**
         * Checks the arguments.
         *
         * @param direction the corrupted direction
         * @param offset zero-based stream offset, {@code >= 0}
         */
        public CorruptByte {
            if (direction == null || offset < 0) {
                throw new IllegalArgumentException("corruptByteAt needs a direction and offset >= 0: " + direction
                        + ", " + offset);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CHUNK = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();
    private final Map<Direction, LongAdder> forwarded = new EnumMap<>(Direction.class);
    private volatile InetSocketAddress target;
    private volatile Fault fault = new PassThrough();
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        for (Direction d : Direction.values()) {
            forwarded.put(d, new LongAdder());
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        String name = "fault-proxy-" + INSTANCES.incrementAndGet() + "-";
        AtomicInteger threadCount = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a pass-through proxy to {@code host:port}.
     *
     * @param targetHost the server's host
     * @param targetPort the server's port
     * @return the running proxy
     * @throws IllegalStateException if the proxy cannot listen
     */
    public static FaultProxy start(String targetHost, int targetPort) {
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("target port out of range: " + targetPort);
        }
        try {
            return new FaultProxy(InetSocketAddress.createUnresolved(targetHost, targetPort));
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy could not listen", e);
        }
    }

    /**
     * Starts a proxy with no target yet: connections are accepted and closed at once until
     * {@link #setTarget(String, int)} is called. Used to advertise a proxy's port before its broker has one.
     *
     * @return the running proxy
     */
    static FaultProxy startUnbound() {
        try {
            return new FaultProxy(null);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy could not listen", e);
        }
    }

    /**
     * Starts a pass-through proxy to the first address of a {@code host:port[,...]} list (e.g. a bootstrap string).
     *
     * @param hostPort {@code host:port}, possibly followed by more addresses that are ignored
     * @return the running proxy
     */
    public static FaultProxy forAddress(String hostPort) {
        String first = hostPort.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port but got '" + hostPort + "'");
        }
        return start(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    /**
     * Returns the port the proxy listens on (on {@code 127.0.0.1}).
     *
     * @return the local port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Returns the proxy's address, usable as a bootstrap string.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Points new connections at another target (existing ones keep theirs), e.g. after a broker restart.
     *
     * @param host the server's host
     * @param port the server's port
     */
    public void setTarget(String host, int port) {
        this.target = InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * Sets the active fault.
     *
     * @param newFault the fault to apply from the next chunk on
     */
    public void setFault(Fault newFault) {
        if (newFault == null) {
            throw new IllegalArgumentException("fault must not be null (use PassThrough)");
        }
        LOG.debug("fault proxy {}: {}", port(), newFault);
        this.fault = newFault;
    }

    /**
     * Returns the active fault.
     *
     * @return the current fault
     */
    public Fault fault() {
        return fault;
    }

    /** Forwards unchanged from now on. */
    public void passThrough() {
        setFault(new PassThrough());
    }

    /**
     * Delays every chunk by {@code delay} in both directions.
     *
     * @param delay the added latency per chunk
     */
    public void latency(Duration delay) {
        setFault(new Latency(delay));
    }

    /** Swallows everything; new connections never reach the target. */
    public void blackHole() {
        setFault(new BlackHole());
    }

    /**
     * Closes each connection once exactly {@code bytes} bytes were forwarded in {@code direction}.
     *
     * @param direction the counted direction
     * @param bytes the byte budget per connection
     */
    public void cutAfter(Direction direction, long bytes) {
        setFault(new CutAfter(direction, bytes));
    }

    /**
     * Flips the byte at stream offset {@code offset} in {@code direction} on each connection.
     *
     * @param direction the corrupted direction
     * @param offset zero-based offset in the connection's stream
     */
    public void corruptByteAt(Direction direction, long offset) {
        setFault(new CorruptByte(direction, offset));
    }

    /** Closes every connection open right now (clients see the socket closed); the proxy keeps accepting. */
    public void dropConnections() {
        for (Connection c : connections) {
            c.close();
        }
    }

    /**
     * Returns how many bytes a {@link CorruptByte} fault flipped since the proxy started.
     *
     * @return flipped byte count
     */
    public long corruptedBytes() {
        return corrupted.get();
    }

    /**
     * Returns how many connections the proxy accepted since it started.
     *
     * @return accepted connection count
     */
    public long acceptedConnections() {
        return accepted.get();
    }

    /**
     * Returns how many connections are open right now.
     *
     * @return open connection count
     */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Returns how many bytes were forwarded in one direction, over all connections.
     *
     * @param direction the direction
     * @return forwarded byte count
     */
    public long bytesForwarded(Direction direction) {
        return forwarded.get(direction).sum();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy {} stopped accepting", port(), e);
                }
                return;
            }
            accepted.incrementAndGet();
            Connection connection = new Connection(client);
            connections.add(connection);
            if (closed) {
                connection.close();
                return;
            }
            try {
                threads.execute(() -> connect(connection, fault instanceof BlackHole));
            } catch (RejectedExecutionException e) {
                connection.close();
                return;
            }
        }
    }

    private void connect(Connection connection, boolean blackHoled) {
        try {
            connection.client.setTcpNoDelay(true);
            if (blackHoled) {
                pump(connection, connection.client.getInputStream(), null, Direction.CLIENT_TO_SERVER);
                return;
            }
            InetSocketAddress to = target;
            if (to == null) {
                return;
            }
            Socket upstream = new Socket();
            connection.server = upstream;
            upstream.connect(new InetSocketAddress(to.getHostString(), to.getPort()), CONNECT_TIMEOUT_MS);
            upstream.setTcpNoDelay(true);
            if (connection.closed) {
                connection.close();
                return;
            }
            try {
                threads.execute(() -> pumpQuietly(connection, Direction.SERVER_TO_CLIENT));
            } catch (RejectedExecutionException e) {
                return; // the proxy is closing
            }
            pump(connection, connection.client.getInputStream(), upstream.getOutputStream(),
                    Direction.CLIENT_TO_SERVER);
        } catch (IOException e) {
            LOG.debug("fault proxy {}: connection ended: {}", port(), e.toString());
        } finally {
            connection.close();
        }
    }

    private void pumpQuietly(Connection connection, Direction direction) {
        try {
            pump(connection, connection.server.getInputStream(), connection.client.getOutputStream(), direction);
        } catch (IOException e) {
            LOG.debug("fault proxy {}: connection ended: {}", port(), e.toString());
        } finally {
            connection.close();
        }
    }

    /**
     * Copies {@code in} to {@code out} chunk by chunk, applying the fault active when each chunk arrives. A
     * {@code null} output means the connection is black-holed for good. Returns when either side closes.
     */
    private void pump(Connection c, InputStream in, OutputStream out, Direction dir) throws IOException {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            Fault f = fault;
            if (out == null || f instanceof BlackHole) {
                continue;
            }
            long offset = c.offset(dir);
            int toSend = n;
            boolean cut = false;
            if (f instanceof Latency latency && !latency.delay().isZero()) {
                sleep(latency.delay());
            } else if (f instanceof CorruptByte corrupt && corrupt.direction() == dir
                    && corrupt.offset() >= offset && corrupt.offset() < offset + n) {
                int i = (int) (corrupt.offset() - offset);
                buf[i] = (byte) ~buf[i];
                corrupted.incrementAndGet();
            } else if (f instanceof CutAfter cutAfter && cutAfter.direction() == dir
                    && cutAfter.bytes() - offset <= n) {
                toSend = (int) Math.max(0, cutAfter.bytes() - offset);
                cut = true;
            }
            // Count before writing: a test that has read the bytes must see them counted.
            c.advance(dir, toSend);
            forwarded.get(dir).add(toSend);
            out.write(buf, 0, toSend);
            out.flush();
            if (cut) {
                return;
            }
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Stops accepting, closes every connection and stops every thread (bounded wait of 5 s). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing proxy listener", e);
        }
        dropConnections();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("fault proxy threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One proxied client connection: its two sockets and the bytes forwarded each way. */
    private final class Connection {
        private final Socket client;
        private volatile Socket server;
        private volatile boolean closed;
        // Each counter is written only by the pump thread of its direction.
        private volatile long clientToServer;
        private volatile long serverToClient;

        Connection(Socket client) {
            this.client = client;
        }

        long offset(Direction d) {
            return d == Direction.CLIENT_TO_SERVER ? clientToServer : serverToClient;
        }

        void advance(Direction d, int bytes) {
            if (d == Direction.CLIENT_TO_SERVER) {
                clientToServer += bytes;
            } else {
                serverToClient += bytes;
            }
        }

        void close() {
            closed = true;
            closeSocket(client);
            Socket s = server;
            if (s != null) {
                closeSocket(s);
            }
            connections.remove(this);
        }

        private void closeSocket(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.trace("close", e);
            }
        }
    }
}
