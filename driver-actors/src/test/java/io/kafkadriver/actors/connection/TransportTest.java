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

class TcpTransportTest {
    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final TcpTransport.Settings SETTINGS =
            new TcpTransport.Settings(64 * 1024, 64 * 1024, Duration.ofSeconds(5), 16, 1024);

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void framesGoOutAndComeBackWholeAndAnOrderlyCloseReportsNull() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            TcpTransport transport = TcpTransport.open(KIT.system(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), SETTINGS, null,
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

    @Test
    void anOversizedFrameFailsTheConnectionBeforeItArrives() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
            TcpTransport transport = TcpTransport.open(KIT.system(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), SETTINGS, null,
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

    @Test
    void aRefusedConnectFailsTheConnectStageAndReportsTheFailure() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        TcpTransport transport = TcpTransport.open(KIT.system(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort), SETTINGS, null, bytes -> { },
                closed::complete);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertNotNull(e.getCause());
        assertNotNull(closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void abortEndsTheConnectionWithAFailure() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoOnce(server));
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            TcpTransport transport = TcpTransport.open(KIT.system(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), SETTINGS, null,
                    bytes -> { }, closed::complete);
            transport.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
            transport.abort();
            assertTrue(closed.get(5, TimeUnit.SECONDS) instanceof ConnectionClosedException);
            echo.get(5, TimeUnit.SECONDS);
        }
    }

    /** Accepts one connection and echoes it until the peer closes. */
    private static void echoOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[1024];
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
