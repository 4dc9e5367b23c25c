package io.kafkadriver.testkit;

import static io.kafkadriver.testkit.FaultProxy.Direction.CLIENT_TO_SERVER;
import static io.kafkadriver.testkit.FaultProxy.Direction.SERVER_TO_CLIENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Each fault mode of {@link FaultProxy}, checked byte-exactly against a local echo or sink server. */
class FaultProxyTest {

    private static final int READ_TIMEOUT_MS = 5_000;

    @Test
    void passThroughForwardsBothWaysAndCounts() throws Exception {
        try (LocalServer echo = LocalServer.echo(); FaultProxy proxy = FaultProxy.start("127.0.0.1", echo.port());
             Socket client = connect(proxy)) {
            byte[] sent = bytes(100);
            client.getOutputStream().write(sent);
            assertArrayEquals(sent, readExactly(client.getInputStream(), 100));
            assertEquals(1, proxy.acceptedConnections());
            assertEquals(100, proxy.bytesForwarded(CLIENT_TO_SERVER));
            assertEquals(100, proxy.bytesForwarded(SERVER_TO_CLIENT));
            assertTrue(proxy.address().startsWith("127.0.0.1:"));
        }
    }

    @Test
    void latencyDelaysEachDirectionByAtLeastTheInjectedDelay() throws Exception {
        Duration delay = Duration.ofMillis(150);
        try (LocalServer echo = LocalServer.echo(); FaultProxy proxy = FaultProxy.start("127.0.0.1", echo.port());
             Socket client = connect(proxy)) {
            proxy.latency(delay);
            long start = System.nanoTime();
            client.getOutputStream().write(bytes(10));
            readExactly(client.getInputStream(), 10);
            long roundTripMs = (System.nanoTime() - start) / 1_000_000;
            // One chunk each way, each held back by the delay.
            assertTrue(roundTripMs >= 2 * delay.toMillis(), "round trip " + roundTripMs + " ms");
        }
    }

    @Test
    void dropConnectionsClosesClientSocketsAndKeepsAccepting() throws Exception {
        try (LocalServer echo = LocalServer.echo(); FaultProxy proxy = FaultProxy.start("127.0.0.1", echo.port());
             Socket client = connect(proxy)) {
            client.getOutputStream().write(bytes(5));
            readExactly(client.getInputStream(), 5);
            assertEquals(1, proxy.openConnections());

            proxy.dropConnections();

            assertEquals(-1, client.getInputStream().read(), "client sees end of stream");
            assertEquals(0, proxy.openConnections());
            assertTrue(echo.awaitFirstConnectionEnded(READ_TIMEOUT_MS), "server side closed too");
            try (Socket again = connect(proxy)) {
                again.getOutputStream().write(bytes(3));
                assertArrayEquals(bytes(3), readExactly(again.getInputStream(), 3));
            }
        }
    }

    @Test
    void blackHoleSwallowsBytesAndNeverReachesTheServer() throws Exception {
        try (LocalServer echo = LocalServer.echo(); FaultProxy proxy = FaultProxy.start("127.0.0.1", echo.port())) {
            proxy.blackHole();
            try (Socket client = connect(proxy)) {
                client.setSoTimeout(300);
                client.getOutputStream().write(bytes(50));
                assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
                assertEquals(0, echo.acceptedConnections());
                assertEquals(0, proxy.bytesForwarded(CLIENT_TO_SERVER));
                assertEquals(1, proxy.acceptedConnections());
            }
        }
    }

    @Test
    void cutAfterClosesTheConnectionAfterExactlyNBytes() throws Exception {
        try (LocalServer sink = LocalServer.sink(); FaultProxy proxy = FaultProxy.start("127.0.0.1", sink.port())) {
            proxy.cutAfter(CLIENT_TO_SERVER, 10);
            try (Socket client = connect(proxy)) {
                byte[] sent = bytes(25);
                // Two writes: the budget runs out in the middle of the second chunk at the latest.
                client.getOutputStream().write(sent, 0, 4);
                client.getOutputStream().write(sent, 4, 21);
                assertClosedByPeer(client);
                assertTrue(sink.awaitFirstConnectionEnded(READ_TIMEOUT_MS), "server sees the cut");
                assertArrayEquals(Arrays.copyOf(sent, 10), sink.received());
                assertEquals(10, proxy.bytesForwarded(CLIENT_TO_SERVER));
            }
        }
    }

    @Test
    void corruptFlipsExactlyOneByteClientToServer() throws Exception {
        try (LocalServer sink = LocalServer.sink(); FaultProxy proxy = FaultProxy.start("127.0.0.1", sink.port())) {
            proxy.corruptByteAt(CLIENT_TO_SERVER, 7);
            byte[] sent = bytes(20);
            try (Socket client = connect(proxy)) {
                client.getOutputStream().write(sent, 0, 5);
                client.getOutputStream().write(sent, 5, 15);
                client.shutdownOutput();
                assertTrue(sink.awaitFirstConnectionEnded(READ_TIMEOUT_MS));
            }
            byte[] got = sink.received();
            assertEquals(20, got.length);
            for (int i = 0; i < 20; i++) {
                byte expected = i == 7 ? (byte) ~sent[i] : sent[i];
                assertEquals(expected, got[i], "byte " + i);
            }
        }
    }

    @Test
    void corruptFlipsExactlyOneByteServerToClient() throws Exception {
        try (LocalServer echo = LocalServer.echo(); FaultProxy proxy = FaultProxy.start("127.0.0.1", echo.port());
             Socket client = connect(proxy)) {
            proxy.corruptByteAt(SERVER_TO_CLIENT, 3);
            byte[] sent = bytes(12);
            client.getOutputStream().write(sent);
            byte[] got = readExactly(client.getInputStream(), 12);
            byte[] expected = sent.clone();
            expected[3] = (byte) ~expected[3];
            assertArrayEquals(expected, got);
            assertArrayEquals(sent, echo.received(), "the server got the bytes intact");
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FaultProxy.CutAfter(CLIENT_TO_SERVER, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaultProxy.forAddress("no-port"));
        assertThrows(IllegalArgumentException.class, () -> FaultProxy.start("localhost", 0));
    }

    /**
     * The proxy may close while bytes it never read sit in its receive buffer; TCP then resets instead of ending
     * the stream. Both mean "closed by the peer".
     */
    private static void assertClosedByPeer(Socket client) throws IOException {
        try {
            assertEquals(-1, client.getInputStream().read(), "client sees the connection closed");
        } catch (SocketException e) {
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("reset"), e.toString());
        }
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] out = in.readNBytes(n);
        assertEquals(n, out.length, "bytes before end of stream");
        return out;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }
}
