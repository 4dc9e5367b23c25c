/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.net.InetSocketAddress;
import io.kafkadriver.protocol.wire.FrameDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.TLSClosing;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * One TCP connection as a Pekko Streams graph, seen from an actor ({@link Transport}): the transport of TLS
 * connections (plaintext ones use {@link NioTransport}).
 *
 * <p>With TLS the TCP stage is {@code Tcp.outgoingConnectionWithTls}, of the same shape: bytes in and out are the
 * plaintext Kafka bytes, the handshake happens before the first of them is written, and a handshake failure fails the
 * stream with the JDK's {@code SSLException}.
 */
final class TcpTransport implements Transport {
    private final BoundedSourceQueue<ByteString> out;
    private final SharedKillSwitch killSwitch;
    private final CompletionStage<Tcp.OutgoingConnection> connected;
    private final java.util.concurrent.atomic.AtomicBoolean tlsEstablished;

    private TcpTransport(BoundedSourceQueue<ByteString> out, SharedKillSwitch killSwitch,
                         CompletionStage<Tcp.OutgoingConnection> connected,
                         java.util.concurrent.atomic.AtomicBoolean tlsEstablished) {
        this.out = out;
        this.killSwitch = killSwitch;
        this.connected = connected;
        this.tlsEstablished = tlsEstablished;
    }

    /** The Pekko socket options of the settings: no delay, keep-alive, and the buffer sizes set. */
    private static List<Inet.SocketOption> options(Transport.Settings settings) {
        List<Inet.SocketOption> options = new ArrayList<>();
        options.add(TcpSO.tcpNoDelay(true));
        options.add(TcpSO.keepAlive(true));
        if (settings.sendBufferBytes() > 0) {
            options.add(TcpSO.sendBufferSize(settings.sendBufferBytes()));
        }
        if (settings.receiveBufferBytes() > 0) {
            options.add(TcpSO.receiveBufferSize(settings.receiveBufferBytes()));
        }
        return options;
    }

    /**
     * Opens a connection. Never blocks: the outcome of the connect arrives through {@link #connected()}.
     *
     * @param system   the actor system whose materializer runs the stream
     * @param address  the broker's address
     * @param settings the socket settings
     * @param tls      TLS settings, or null for plain TCP
     * @param onFrame  called with every complete frame read (its size prefix removed), on a stream thread
     * @param onClosed called once when the connection ends: with null for an orderly close, else the failure
     * @return the transport
     */
    static TcpTransport open(ActorSystem<?> system, InetSocketAddress address, Transport.Settings settings,
                             ConnectionSecurity.Tls tls, Consumer<ByteBuffer> onFrame, Consumer<Throwable> onClosed) {
        java.util.concurrent.atomic.AtomicBoolean established = new java.util.concurrent.atomic.AtomicBoolean();
        Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> flow = tls == null
                ? Tcp.get(system).outgoingConnection(address, Optional.empty(), options(settings), true,
                        Optional.of(settings.connectTimeout()), Optional.empty())
                : Tcp.get(system).outgoingConnectionWithTls(address, () -> tls.newEngine(address), Optional.empty(),
                        options(settings), Optional.of(settings.connectTimeout()), Optional.empty(),
                        session -> {
                            // Called once the handshake succeeded: a later close is not a TLS failure.
                            established.set(true);
                            return Optional.empty();
                        }, TLSClosing.eagerClose());
        // One kill switch on both sides of the TCP stage, so that abort() fails the reading side with our exception
        // instead of whatever the aborted socket reports.
        SharedKillSwitch killSwitch = KillSwitches.shared("kafka-connection-" + address);
        Pair<Pair<BoundedSourceQueue<ByteString>, CompletionStage<Tcp.OutgoingConnection>>, CompletionStage<Done>>
                materialized = Source.<ByteString>queue(settings.writeQueueChunks())
                .via(killSwitch.flow())
                .viaMat(flow, Keep.both())
                .via(killSwitch.flow())
                .statefulMapConcat(() -> {
                    // One decoder per materialization, i.e. per connection. A bad size fails the stream with the
                    // decoder's DecodeException, which says what the peer looks like (HTTP, TLS, text).
                    FrameDecoder decoder = new FrameDecoder(settings.maxFrameBytes());
                    return chunk -> {
                        List<ByteBuffer> frames = new ArrayList<>(2);
                        decoder.feed(chunk.asByteBuffer(), frames::add);
                        return frames;
                    };
                })
                .toMat(Sink.foreach(onFrame::accept), Keep.both())
                .run(system);
        BiConsumer<Done, Throwable> completion = (done, failure) -> onClosed.accept(failure);
        materialized.second().whenComplete(completion);
        var left = materialized.first();
        return new TcpTransport(left.first(), killSwitch, left.second(), established);
    }

    /**
     * Whether the TLS handshake succeeded (false without TLS). Read from the owning actor, set on a stream thread.
     *
     * @return true once the TLS session is established
     */
    @Override
    public boolean tlsEstablished() {
        return tlsEstablished.get();
    }

    /**
     * Completes when the TCP connection is established, or fails with the connect error.
     *
     * @return the connect outcome
     */
    @Override
    public CompletionStage<Tcp.OutgoingConnection> connected() {
        return connected;
    }

    /**
     * Queues bytes to write. Never blocks.
     *
     * @param bytes the bytes
     * @return true if queued; false when the write queue is full or the connection is closing
     */
    @Override
    public boolean write(ByteString bytes) {
        return out.offer(bytes) == QueueOfferResult.enqueued();
    }

    /** Ends the connection now, dropping whatever is still queued. */
    @Override
    public void abort() {
        killSwitch.abort(new ConnectionClosedException("connection closed by the driver"));
    }

    /** Ends the connection after the queued bytes are written. */
    @Override
    public void close() {
        out.complete();
    }
}
