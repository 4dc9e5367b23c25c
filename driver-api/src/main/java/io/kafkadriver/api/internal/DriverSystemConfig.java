package io.kafkadriver.api.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kafkadriver.api.Configuration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How the driver configures the actor system it makes for itself. Internal: also used by the benchmarks. */
public final class DriverSystemConfig {
    private DriverSystemConfig() {
    }

    /**
     * The configuration of the actor system a client makes for itself ({@code ClusterClient.create(config)}), over
     * the application's: SLF4J logging, no dead-letter logging nor JVM shutdown hooks, a 1 ms scheduler tick, and,
     * at the default dispatcher, every dispatcher bounded by {@code maximumConcurrency}.
     *
     * @param config the driver's configuration
     * @return the actor system's configuration
     */
    public static Config of(Configuration config) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
        overrides.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
        overrides.put("pekko.loglevel", "INFO");
        overrides.put("pekko.log-dead-letters", "off");
        overrides.put("pekko.log-dead-letters-during-shutdown", "off");
        overrides.put("pekko.jvm-shutdown-hooks", "off");
        overrides.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        // Linger and retry timers of a few milliseconds: the default 10 ms tick would make a 5 ms linger 10 to 20 ms.
        overrides.put("pekko.scheduler.tick-duration", "1ms");
        if (config.dispatcher().equals("pekko.actor.default-dispatcher")) {
            // MaximumConcurrency: each dispatcher of the driver's own system has at most this many threads: the
            // default one (the actors, the decoding), the blocking-I/O one (the deliveries, which call the
            // listeners) and Pekko's internal one. Pekko adds its scheduler thread and one TCP selector thread.
            int n = config.maximumConcurrency();
            overrides.put("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min", 1);
            overrides.put("pekko.actor.default-dispatcher.fork-join-executor.parallelism-max", n);
            overrides.put("pekko.actor.default-blocking-io-dispatcher.thread-pool-executor.fixed-pool-size", n);
            overrides.put("pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min", 1);
            overrides.put("pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max", n);
        }
        return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    }
}
