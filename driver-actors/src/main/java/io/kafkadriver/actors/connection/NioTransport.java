/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.wire.FrameDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.util.ByteString;

/**
 * A plaintext connection on a non-blocking socket ({@link Transport}), without a hop per read or per write.
 *
 * <p>Reads: the actor system's {@link NioLoop} reads whatever the socket has, into 256 KiB buffers, cuts the frames
 * out ({@link FrameDecoder}) and hands each one to {@code onFrame} at once. The rest of a large frame (16 KiB or more
 * missing) is read straight into the frame's own buffer. A frame that lies inside one read is a
 * slice of the read buffer when it is 32 KiB or more, so that large responses are not copied, and a copy of its
 * exact size below that, so that a small response kept for long (a fetched chunk waiting for its listener) does not
 * hold a whole read buffer.
 *
 * <p>Writes: {@link #write} queues the bytes and, when no other thread is writing, writes the queue to the socket on
 * the caller's thread (gathering the queued chunks into one system call). When the socket's send buffer is full the
 * rest is left to the loop, which writes it as the socket drains. So a request costs no thread hand-off, and its
 * bytes leave in the order of the {@code write} calls.
 *
 * <p>The broker's host name is resolved on the blocking-I/O dispatcher before the connect, so that a slow resolver
 * never holds the loop. The connect timeout is the owning actor's: it aborts the transport.
 */
final class NioTransport implements Transport {
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** A read buffer with less room than this is replaced by a new one before the next read. */
    private static final int MIN_READ_BYTES = 16 * 1024;
    /** Frames smaller than this are copied out of the read buffer. */
    private static final int COPY_BELOW_BYTES = READ_BUFFER_BYTES / 8;
    /** Reads per readiness before the loop moves on to the next socket (fairness). */
    private static final int MAX_READS_PER_TURN = 16;
    /** Most queued chunks gathered into one write. */
    private static final int MAX_GATHER = 64;

    private final NioLoop loop;
    private final Transport.Settings settings;
    private final FrameDecoder decoder;
    private final Consumer<ByteBuffer> onFrame;
    private final Consumer<Throwable> onClosed;
    private final CompletableFuture<InetSocketAddress> connected = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<ByteString> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Held by the one thread writing to the socket (a caller, or the loop while the socket is full). */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<ByteBuffer> gathered = new ArrayList<>();
    private volatile SocketChannel channel;
    /** Connected and not ended: writes may go to the socket. */
    private volatile boolean open;
    /** {@link #close()} was called: the output ends once the queue is written. */
    private volatile boolean closing;
    /** The buffers of a write the socket took only part of; owned by the holder of {@link #writing}. */
    private ByteBuffer[] pending;
    private int pendingAt;
    // The loop's thread only.
    private SelectionKey key;
    private ByteBuffer readBuffer;
    private boolean outputShut;

    private NioTransport(NioLoop loop, Transport.Settings settings, Consumer<ByteBuffer> onFrame,
                         Consumer<Throwable> onClosed) {
        this.loop = loop;
        this.settings = settings;
        this.decoder = new FrameDecoder(settings.maxFrameBytes());
        this.onFrame = onFrame;
        this.onClosed = onClosed;
    }

    /**
     * Opens a connection. Never blocks: the outcome of the connect arrives through {@link #connected()}.
     *
     * @param system   the actor system whose I/O loop serves the connection
     * @param address  the broker's address, resolved or not
     * @param settings the socket settings (the connect timeout is left to the caller, who aborts)
     * @param onFrame  called with every complete frame read (its size prefix removed), on the loop's thread
     * @param onClosed called once when the connection ends: with null for an orderly close, else the failure
     * @return the transport
     */
    static NioTransport open(ActorSystem<?> system, InetSocketAddress address, Transport.Settings settings,
                             Consumer<ByteBuffer> onFrame, Consumer<Throwable> onClosed) {
        NioTransport t = new NioTransport(NioLoop.ID.apply(system), settings, onFrame, onClosed);
        if (address.isUnresolved()) {
            Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
            CompletableFuture.supplyAsync(() -> resolve(address), blocking).whenComplete((resolved, failure) -> {
                if (failure != null) {
                    t.end(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                } else {
                    t.loop.execute(() -> t.connect(resolved));
                }
            });
        } else {
            t.loop.execute(() -> t.connect(address));
        }
        return t;
    }

    private static InetSocketAddress resolve(InetSocketAddress address) {
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new CompletionException(new UnknownHostException("cannot resolve " + address.getHostString()));
        }
        return resolved;
    }

    @Override
    public CompletionStage<InetSocketAddress> connected() {
        return connected;
    }

    @Override
    public boolean tlsEstablished() {
        return false;
    }

    @Override
    public boolean write(ByteString bytes) {
        if (ended.get() || closing) {
            return false;
        }
        if (queued.incrementAndGet() > settings.writeQueueChunks()) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(bytes);
        if (open) {
            flush();
        }
        return true;
    }

    @Override
    public void abort() {
        end(new ConnectionClosedException("connection closed by the driver"));
    }

    @Override
    public void close() {
        closing = true;
        loop.execute(this::shutdownOutputIfDrained);
    }

    // ---- the loop's side ----

    private void connect(InetSocketAddress address) {
        if (ended.get()) {
            return;
        }
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            if (ended.get()) {
                ch.close();
                return;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (settings.sendBufferBytes() > 0) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBufferBytes());
            }
            if (settings.receiveBufferBytes() > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBufferBytes());
            }
            boolean done = ch.connect(address);
            key = ch.register(loop.selector(), done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (done) {
                established();
            }
        } catch (IOException | RuntimeException e) {
            end(e);
        }
    }

    /** The loop saw this connection's socket ready. */
    void ready(SelectionKey k) {
        try {
            if (!k.isValid()) {
                return;
            }
            int ops = k.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                if (channel.finishConnect()) {
                    k.interestOps(SelectionKey.OP_READ);
                    established();
                }
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0) {
                writable();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && k.isValid()) {
                readable();
            }
        } catch (IOException | RuntimeException e) {
            end(e);
        }
    }

    private void established() throws IOException {
        open = true;
        connected.complete((InetSocketAddress) channel.getLocalAddress());
        flush();
        shutdownOutputIfDrained();
    }

    private void readable() throws IOException {
        for (int i = 0; i < MAX_READS_PER_TURN && !ended.get(); i++) {
            ByteBuffer frame = decoder.openFrame(MIN_READ_BYTES);
            if (frame != null) {
                // A large frame under way: its next bytes go straight into it, a read buffer's worth at a time.
                ByteBuffer window = frame.duplicate();
                window.limit(Math.min(frame.limit(), frame.position() + READ_BUFFER_BYTES));
                int n = channel.read(window);
                if (n < 0) {
                    end(null);
                    return;
                }
                frame.position(window.position());
                decoder.frameRead(this::deliver);
                if (n == 0 || window.hasRemaining()) {
                    return;
                }
                continue;
            }
            if (readBuffer == null || readBuffer.remaining() < MIN_READ_BYTES) {
                readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
            }
            int start = readBuffer.position();
            int n = channel.read(readBuffer);
            if (n < 0) {
                end(null);
                return;
            }
            if (n == 0) {
                return;
            }
            ByteBuffer chunk = readBuffer.duplicate();
            chunk.position(start).limit(start + n);
            decoder.feed(chunk.slice(), this::deliver);
            if (readBuffer.hasRemaining()) {
                return; // the socket had less than the room left: it is drained
            }
        }
    }

    private void deliver(ByteBuffer frame) {
        // A read-only frame is a slice of the read buffer; a frame spread over reads has its own buffer already.
        if (frame.isReadOnly() && frame.remaining() < COPY_BELOW_BYTES) {
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame).flip();
            onFrame.accept(copy);
        } else {
            onFrame.accept(frame);
        }
    }

    /** The socket can take more: the loop holds {@link #writing} since the socket was found full. */
    private void writable() throws IOException {
        if (drain()) {
            return;
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        writing.set(false);
        flush();
        shutdownOutputIfDrained();
    }

    private void awaitWritable() {
        if (!ended.get() && key.isValid()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void shutdownOutputIfDrained() {
        if (!closing || !open || outputShut || ended.get() || !queue.isEmpty() || writing.get()) {
            return;
        }
        try {
            channel.shutdownOutput();
            outputShut = true;
        } catch (IOException e) {
            end(e);
        }
    }

    // ---- any thread ----

    /** Writes the queue unless another thread is writing; leaves what the socket cannot take to the loop. */
    private void flush() {
        while (open && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            boolean full;
            try {
                full = drain();
            } catch (IOException | RuntimeException e) {
                writing.set(false);
                end(e);
                return;
            }
            if (full) {
                loop.execute(this::awaitWritable); // the loop holds `writing` from here
                return;
            }
            writing.set(false);
        }
        if (closing && !loop.inLoop()) {
            loop.execute(this::shutdownOutputIfDrained);
        }
    }

    /**
     * Writes queued chunks until the queue is empty or the socket is full. The caller holds {@link #writing}.
     *
     * @return true when the socket is full (bytes are left)
     */
    private boolean drain() throws IOException {
        while (true) {
            if (pending == null && !gather()) {
                return false;
            }
            channel.write(pending, pendingAt, pending.length - pendingAt);
            while (pendingAt < pending.length && !pending[pendingAt].hasRemaining()) {
                pendingAt++;
            }
            if (pendingAt < pending.length) {
                return true;
            }
            pending = null;
        }
    }

    private boolean gather() {
        ByteString bytes;
        for (int n = 0; n < MAX_GATHER && (bytes = queue.poll()) != null; n++) {
            queued.decrementAndGet();
            for (ByteBuffer b : bytes.getByteBuffers()) {
                gathered.add(b);
            }
        }
        if (gathered.isEmpty()) {
            return false;
        }
        pending = gathered.toArray(new ByteBuffer[0]);
        pendingAt = 0;
        gathered.clear();
        return true;
    }

    /** Ends the connection once: closes the socket, fails the connect if it is pending, reports to the owner. */
    private void end(Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        open = false;
        queue.clear();
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // Closing is all that is left to do; the cause below says why the connection ended.
            }
            if (!loop.inLoop()) {
                loop.wakeup(); // the loop releases the closed channel's socket at its next select
            }
        }
        if (!connected.isDone()) {
            connected.completeExceptionally(cause != null ? cause
                    : new ConnectionClosedException("the connection closed before it was established"));
        }
        onClosed.accept(cause);
    }
}
