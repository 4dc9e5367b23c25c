/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.compress;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.lang.ref.Cleaner;

/**
 * One thread's reusable compression state: zstd contexts (their native memory, about 100 KiB to decompress and 1 MiB
 * to compress at level 3, is what {@code ZstdInputStream}/{@code ZstdOutputStream} allocated per batch), a copy of
 * the compressed input when it is not array-backed (a read-only fetched buffer), and the output array.
 *
 * <p>Decoding runs on a small pool of threads in parallel, so the state is per thread. A scratch is taken for the
 * length of one call and given back; a nested call on the same thread (a record visitor that decodes another batch)
 * finds it taken and gets a fresh one, so a buffer in use is never overwritten. Arrays grown past
 * {@link #RETAINED_BYTES} are dropped when given back, so a rare huge batch does not pin its memory on the thread.
 *
 * <p>The zstd contexts hold native memory that no finalizer frees. A pool retires idle threads (a fork-join pool
 * does), and their thread-local scratch then becomes garbage: a {@link Cleaner} closes the contexts of a scratch
 * that is collected, and a fresh scratch of a nested call closes them as soon as it is given back.
 */
final class Scratch {
    /** The largest output or input array a thread keeps between batches. */
    static final int RETAINED_BYTES = 8 << 20;
    private static final int INITIAL_BYTES = 64 * 1024;
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(() -> new Scratch(true));
    private static final Cleaner CLEANER = Cleaner.create();

    final Inflated out = new Inflated(INITIAL_BYTES);
    byte[] in = new byte[INITIAL_BYTES];
    private ZstdDecompressCtx zstdIn;
    private ZstdCompressCtx zstdOut;
    private Cleaner.Cleanable zstdInCleanup;
    private Cleaner.Cleanable zstdOutCleanup;
    private final boolean perThread;
    private boolean taken;

    private Scratch(boolean perThread) {
        this.perThread = perThread;
    }

    /** This thread's scratch, or a fresh one when it is taken; give it back with {@link #release}. */
    static Scratch acquire() {
        Scratch s = PER_THREAD.get();
        if (s.taken) {
            s = new Scratch(false);
        }
        s.taken = true;
        return s;
    }

    /** Gives the scratch back, dropping arrays that grew past {@link #RETAINED_BYTES}. */
    void release() {
        taken = false;
        out.size = 0;
        if (!perThread) {
            if (zstdInCleanup != null) {
                zstdInCleanup.clean();
            }
            if (zstdOutCleanup != null) {
                zstdOutCleanup.clean();
            }
            return;
        }
        if (out.bytes.length > RETAINED_BYTES) {
            out.bytes = new byte[INITIAL_BYTES];
        }
        if (in.length > RETAINED_BYTES) {
            in = new byte[INITIAL_BYTES];
        }
    }

    /** The input array, at least {@code n} bytes (its content is not kept). */
    byte[] input(int n) {
        if (in.length < n) {
            in = new byte[Math.max(n, Math.min(RETAINED_BYTES, 2 * in.length))];
        }
        return in;
    }

    ZstdDecompressCtx zstdDecompress() {
        if (zstdIn == null) {
            ZstdDecompressCtx ctx = new ZstdDecompressCtx();
            zstdInCleanup = CLEANER.register(this, ctx::close);
            zstdIn = ctx;
        }
        return zstdIn;
    }

    ZstdCompressCtx zstdCompress() {
        if (zstdOut == null) {
            ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(ZstdFrames.LEVEL);
            zstdOutCleanup = CLEANER.register(this, ctx::close);
            zstdOut = ctx;
        }
        return zstdOut;
    }
}
