package io.kafkadriver.api.archfixture.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Engine state the facade must not hold: a thread pool and a thread of its own. Test fixture only. */
public class StartsItsOwnThreads {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Thread thread = new Thread(() -> { }, "own");

    /**
     * Uses both, so that neither is dead code.
     *
     * @return whether the thread is alive
     */
    public boolean alive() {
        pool.shutdown();
        return thread.isAlive();
    }
}
