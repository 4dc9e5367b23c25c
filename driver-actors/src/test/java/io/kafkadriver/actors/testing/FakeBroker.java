package io.kafkadriver.actors.testing;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.ApiVersionsResponse;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.message.RequestHeader;
import io.kafkadriver.protocol.message.ResponseHeader;
import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback fake Kafka broker that speaks the real wire format (the generated messages), for actor tests that need
 * to script a broker's behaviour: answer, stay silent, or hang up, per request. It answers ApiVersions itself with
 * the ranges of {@link ApiKey}, narrowed by {@link #advertise}.
 */
public final class FakeBroker implements AutoCloseable {

    /** What to do with a request. */
    public sealed interface Action permits Respond, Ignore, Hangup {
    }

    /**
     * Answer with this body.
     *
     * @param body the response body
     */
    public record Respond(Message body) implements Action {
    }

    /** Never answer. */
    public enum Ignore implements Action { INSTANCE }

    /** Close the connection. */
    public enum Hangup implements Action { INSTANCE }

    /**
     * A request the broker received.
     *
     * @param api           the API
     * @param version       the version
     * @param correlationId the correlation id
     * @param clientId      the client id
     * @param body          the decoded body
     */
    public record Received(ApiKey api, short version, int correlationId, String clientId, Message body) {
    }

    /** Decides what to do with each non-ApiVersions request. */
    @FunctionalInterface
    public interface Script {
        /**
         * Decides.
         *
         * @param request the request
         * @return the action
         */
        Action onRequest(Received request);
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<Short, short[]> narrowed = new ConcurrentHashMap<>();
    private final Map<ApiKey, java.util.concurrent.atomic.AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile Script script;

    private FakeBroker(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a fake broker on a free loopback port.
     *
     * @param script what to do with each request
     * @return the running broker
     * @throws IOException if the port cannot be bound
     */
    public static FakeBroker start(Script script) throws IOException {
        return new FakeBroker(script);
    }

    /**
     * The address to connect to.
     *
     * @return the loopback address and port
     */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /**
     * Changes the script.
     *
     * @param newScript the new script
     */
    public void script(Script newScript) {
        this.script = newScript;
    }

    /**
     * Advertises a narrower version range for an API in ApiVersions.
     *
     * @param api the API
     * @param min the lowest version
     * @param max the highest version
     */
    public void advertise(ApiKey api, int min, int max) {
        narrowed.put(api.id(), new short[] {(short) min, (short) max});
    }

    /**
     * The next request received (ApiVersions included), waiting at most 10 s.
     *
     * @return the request
     * @throws InterruptedException if interrupted
     */
    public Received nextRequest() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the fake broker received no request within 10 s");
        }
        return r;
    }

    /**
     * How many requests of an API the broker has received so far.
     *
     * @param api the API
     * @return the count
     */
    public int count(ApiKey api) {
        java.util.concurrent.atomic.AtomicInteger c = counts.get(api);
        return c == null ? 0 : c.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "fake-broker-conn");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                Received request = decode(ByteBuffer.wrap(frame));
                received.add(request);
                counts.computeIfAbsent(request.api(), k -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
                Action action = request.api() == ApiKey.API_VERSIONS
                        ? new Respond(apiVersions()) : script.onRequest(request);
                if (action instanceof Respond respond) {
                    out.write(encode(request, respond.body()));
                    out.flush();
                } else if (action == Hangup.INSTANCE) {
                    return;
                }
            }
        } catch (EOFException e) {
            // The client closed the connection.
        } catch (IOException e) {
            // Closed under us: the test is over or the client aborted.
        }
    }

    private static Received decode(ByteBuffer frame) {
        ApiKey api = ApiKey.forId(frame.getShort(0));
        short version = frame.getShort(2);
        ProtocolReader reader = new ProtocolReader(frame);
        RequestHeader header = RequestHeader.decode(reader, api.requestHeaderVersion(version));
        Message body = api.newRequest();
        body.read(reader, version);
        return new Received(api, version, header.correlationId(), header.clientId(), body);
    }

    private static byte[] encode(Received request, Message body) {
        short headerVersion = request.api().responseHeaderVersion(request.version());
        ResponseHeader header = new ResponseHeader().setCorrelationId(request.correlationId());
        ProtocolWriter w = new ProtocolWriter();
        w.writeInt32(header.size(headerVersion) + body.size(request.version()));
        header.write(w, headerVersion);
        body.write(w, request.version());
        return w.toByteArray();
    }

    private ApiVersionsResponse apiVersions() {
        List<ApiVersionsResponse.ApiVersion> keys = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            short[] range = narrowed.getOrDefault(api.id(), new short[] {api.lowestVersion(), api.highestVersion()});
            keys.add(new ApiVersionsResponse.ApiVersion().setApiKeyValue(api.id()).setMinVersion(range[0])
                    .setMaxVersion(range[1]));
        }
        return new ApiVersionsResponse().setApiKeys(keys);
    }

    /** Hangs up every open connection now; keeps accepting new ones. */
    public void dropConnections() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Already closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
