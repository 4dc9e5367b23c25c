package io.kafkadriver.reliability;

import io.kafkadriver.testkit.Bounded;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a scenario class that leaves threads of its own behind: the driver's (its actor system's dispatchers and
 * scheduler, named after the system), the scenarios' producers and fake servers. Threads of the embedded brokers and
 * of the official client are not counted: the brokers start threads as topics come and go.
 */
final class NoThreadLeak implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> OURS = List.of("kafka-driver", "produce-run-", "fake-server-");
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoThreadLeak.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("before", ours());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Long> before = (Set<Long>) context.getStore(NS).get("before");
        // Threads of closed actor systems end shortly after their close returns: waited for, bounded.
        if (!Bounded.waitUntil(BOUND, () -> leaked(before).isEmpty())) {
            throw new AssertionError(context.getDisplayName() + " left threads running: " + leaked(before));
        }
    }

    private static List<String> leaked(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && isOurs(t) && !before.contains(t.getId()))
                .map(Thread::getName).sorted().toList();
    }

    private static Set<Long> ours() {
        return Thread.getAllStackTraces().keySet().stream().filter(NoThreadLeak::isOurs).map(Thread::getId)
                .collect(Collectors.toSet());
    }

    private static boolean isOurs(Thread t) {
        return OURS.stream().anyMatch(t.getName()::startsWith);
    }
}
