package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The two plaintext transports, NIO (the driver's) and Pekko Streams TCP (TLS's, run here without TLS), alike. */
class TransportTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final Transport.Settings SETTINGS =
            new Transport.Settings(64 * 1024, 64 * 1024, Duration.ofSeconds(5), 16, 1024);

    /** Which transport a test runs against. */
    enum Kind {
        NIO, PEKKO_STREAMS;

        Transport open(InetSocketAddress address, Transport.Settings settings,
                       java.util.function.Consumer<java.nio.ByteBuffer> onFrame,
                       java.util.function.Consumer<Throwable> onClosed) {
            return this == NIO ? NioTransport.open(KIT.system(), address, settings, onFrame, onClosed)
                    : TcpTransport.open(KIT.system(), address, settings, null, onFrame, onClosed);
        }
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void framesGoOutAndComeBackWholeAndAnOrderlyCloseReportsNull(Kind kind) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            Transport transport = kind.open(loopback(server.getLocalPort()), SETTINGS,
                    bytes -> {
                        synchronized (received) {
                            byte[] frame = new byte[bytes.remaining()];
                            bytes.get(frame);
                            received.writeBytes(frame);
                        }
                    }, failure -> closed.complete(failure));
            assertNotNull(transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS));
            // Two frames, the second split across writes: they come back whole, without their size prefix.
            assertTrue(transport.write(ByteString.fromArray(new byte[] {0, 0, 0, 3, 1, 2, 3, 0, 0})));
            assertTrue(transport.write(ByteString.fromArray(new byte[] {0, 2, 4, 5})));
            transport.close();
            assertNull(closed.get(5, TimeUnit.SECONDS));
            echo.get(5, TimeUnit.SECONDS);
            synchronized (received) {
                assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, received.toByteArray());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anOversizedFrameFailsTheConnectionBeforeItArrives(Kind kind) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
            Transport transport = kind.open(loopback(server.getLocalPort()), SETTINGS,
                    bytes -> frames.incrementAndGet(), closed::complete);
            transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            // A size prefix of 2000 bytes, above the 1024-byte limit: refused on the prefix alone.
            assertTrue(transport.write(ByteString.fromArray(new byte[] {0, 0, 0x07, (byte) 0xD0, 1})));
            Throwable failure = closed.get(5, TimeUnit.SECONDS);
            assertNotNull(failure);
            assertTrue(failure.getMessage().contains("refused a frame of 2000 bytes (the limit is 1024)"),
                    failure.getMessage());
            org.junit.jupiter.api.Assertions.assertEquals(0, frames.get());
            transport.abort();
            echo.get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aRefusedConnectFailsTheConnectStageAndReportsTheFailure(Kind kind) throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        Transport transport = kind.open(loopback(freePort), SETTINGS, bytes -> { }, closed::complete);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertNotNull(e.getCause());
        assertNotNull(closed.get(5, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void abortEndsTheConnectionWithAFailure(Kind kind) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            Transport transport = kind.open(loopback(server.getLocalPort()), SETTINGS,
                    bytes -> { }, closed::complete);
            transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            transport.abort();
            assertTrue(closed.get(5, TimeUnit.SECONDS) instanceof ConnectionClosedException);
            echo.get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void manyFramesLargeAndSmallComeBackWholeAndInOrderThroughSmallSocketBuffers(Kind kind) throws Exception {
        // 8 KiB socket buffers on our side, frames up to 3 MiB: writes fill the socket and go on when it drains,
        // reads assemble frames spread over many reads and cut small ones out of one read.
        Transport.Settings small = new Transport.Settings(8 * 1024, 8 * 1024, Duration.ofSeconds(5), 4096,
                4 * 1024 * 1024);
        int[] sizes = {1, 3 * 1024 * 1024, 5, 40_000, 0, 70_000, 200, 1_000_000, 17};
        java.util.List<byte[]> expected = new java.util.ArrayList<>();
        java.util.List<byte[]> got = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        CompletableFuture<Void> all = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            Transport transport = kind.open(loopback(server.getLocalPort()), small, bytes -> {
                byte[] frame = new byte[bytes.remaining()];
                bytes.get(frame);
                got.add(frame);
                if (got.size() == sizes.length * 20) {
                    all.complete(null);
                }
            }, closed::complete);
            transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            java.util.Random random = new java.util.Random(42);
            for (int round = 0; round < 20; round++) {
                for (int size : sizes) {
                    byte[] body = new byte[size];
                    random.nextBytes(body);
                    expected.add(body);
                    java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(4 + size).putInt(size).put(body);
                    // Each frame in two writes split at a random byte, as a request header and body may be.
                    int cut = random.nextInt(frame.capacity() + 1);
                    assertTrue(transport.write(ByteString.fromArray(frame.array(), 0, cut)));
                    assertTrue(transport.write(ByteString.fromArray(frame.array(), cut, frame.capacity() - cut)));
                }
            }
            all.get(30, TimeUnit.SECONDS);
            transport.close();
            assertNull(closed.get(10, TimeUnit.SECONDS));
            echo.get(5, TimeUnit.SECONDS);
        }
        org.junit.jupiter.api.Assertions.assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), "frame " + i);
        }
    }

    @Test
    void aBrokerThatDoesNotReadFillsTheQueueAndWritesAreRefusedNotLost() throws Exception {
        Transport.Settings small = new Transport.Settings(8 * 1024, 8 * 1024, Duration.ofSeconds(5), 16, 1024);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setReceiveBufferSize(8 * 1024);
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            Transport transport = NioTransport.open(KIT.system(), loopback(server.getLocalPort()), small,
                    bytes -> { }, closed::complete);
            transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            try (Socket peer = server.accept()) {
                // The peer reads nothing: the socket fills, then the 16-chunk queue, then a write is refused.
                int accepted = 0;
                while (accepted < 10_000 && transport.write(ByteString.fromArray(new byte[64 * 1024]))) {
                    accepted++;
                }
                assertTrue(accepted < 10_000, "a write was refused once the socket and the queue were full");
                // Reading on the peer's side drains the socket, and the queue is written: writes are taken again.
                InputStream in = peer.getInputStream();
                byte[] sink = new byte[64 * 1024];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                boolean takenAgain = false;
                while (!takenAgain && System.nanoTime() < deadline) {
                    if (in.read(sink) < 0) {
                        break;
                    }
                    takenAgain = transport.write(ByteString.fromArray(new byte[1]));
                }
                assertTrue(takenAgain, "writes are taken again once the peer reads");
                transport.abort();
                assertTrue(closed.get(5, TimeUnit.SECONDS) instanceof ConnectionClosedException);
            }
        }
    }

    @Test
    void anUnresolvedHostNameIsResolvedAndAnUnknownOneFailsTheConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            Transport transport = NioTransport.open(KIT.system(),
                    InetSocketAddress.createUnresolved(InetAddress.getLoopbackAddress().getHostAddress(),
                            server.getLocalPort()), SETTINGS, bytes -> { }, closed::complete);
            assertNotNull(transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS));
            transport.close();
            assertNull(closed.get(5, TimeUnit.SECONDS));
            echo.get(5, TimeUnit.SECONDS);
        }
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        Transport unknown = NioTransport.open(KIT.system(),
                InetSocketAddress.createUnresolved("no-such-host.invalid", 9092), SETTINGS, bytes -> { },
                closed::complete);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> unknown.connected().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.net.UnknownHostException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("no-such-host.invalid"), e.getCause().getMessage());
        assertTrue(closed.get(5, TimeUnit.SECONDS) instanceof java.net.UnknownHostException);
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Accepts one connection and echoes it until the peer closes. */
    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (java.io.IOException e) {
            // The peer aborted: that is one of the cases under test.
        }
    }
}
