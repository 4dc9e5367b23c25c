/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.util.ByteString;

/**
 * One TCP connection seen from its actor: bytes to write go into a bounded, non-blocking queue; Kafka frames read
 * (int32 size prefix, then the frame) and the end of the connection come back as callbacks, which the owning actor
 * turns into messages to itself.
 *
 * <p>Plaintext connections use {@link NioTransport} (the actor system's one selector thread reads, the writer's
 * thread writes); TLS connections use {@link TcpTransport}, Pekko Streams' TCP with its TLS stage.
 */
interface Transport {

    /**
     * Socket settings of a connection.
     *
     * @param sendBufferBytes    SO_SNDBUF, or 0 to leave the OS default
     * @param receiveBufferBytes SO_RCVBUF, or 0 to leave the OS default
     * @param connectTimeout     how long the TCP connect may take (Pekko's TCP stage enforces it; for
     *                           {@link NioTransport} the owning actor does, by aborting)
     * @param writeQueueChunks   how many chunks may wait to be written before {@link Transport#write} refuses more
     * @param maxFrameBytes      the largest frame accepted from the peer; a larger size prefix fails the connection
     *                           before anything is allocated for it
     */
    record Settings(int sendBufferBytes, int receiveBufferBytes, Duration connectTimeout, int writeQueueChunks,
                    int maxFrameBytes) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (maxFrameBytes < 1) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 1, was " + maxFrameBytes);
            }
            if (writeQueueChunks < 1) {
                throw new IllegalArgumentException("writeQueueChunks must be at least 1, was " + writeQueueChunks);
            }
        }
    }

    /**
     * Opens a connection. Never blocks: the outcome of the connect arrives through {@link #connected()}.
     *
     * @param system   the actor system the connection belongs to
     * @param address  the broker's address, resolved or not
     * @param settings the socket settings
     * @param tls      TLS settings, or null for plain TCP
     * @param onFrame  called with every complete frame read (its size prefix removed), from an I/O thread
     * @param onClosed called once when the connection ends: with null for an orderly close, else the failure
     * @return the transport
     */
    static Transport open(ActorSystem<?> system, InetSocketAddress address, Settings settings,
                          ConnectionSecurity.Tls tls, Consumer<ByteBuffer> onFrame, Consumer<Throwable> onClosed) {
        return tls == null
                ? NioTransport.open(system, address, settings, onFrame, onClosed)
                : TcpTransport.open(system, address, settings, tls, onFrame, onClosed);
    }

    /**
     * Completes (with a non-null value) when the TCP connection is established, or fails with the connect error.
     *
     * @return the connect outcome
     */
    CompletionStage<?> connected();

    /**
     * Whether the TLS handshake succeeded (false without TLS).
     *
     * @return true once the TLS session is established
     */
    boolean tlsEstablished();

    /**
     * Queues bytes to write. Never blocks.
     *
     * @param bytes the bytes
     * @return true if queued; false when the write queue is full or the connection is closing or closed
     */
    boolean write(ByteString bytes);

    /** Ends the connection now, dropping whatever is still queued; the close callback gets a failure. */
    void abort();

    /** Ends the connection after the queued bytes are written. */
    void close();
}
