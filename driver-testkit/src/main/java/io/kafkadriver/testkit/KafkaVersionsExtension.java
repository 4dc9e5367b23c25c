package io.kafkadriver.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The extension behind {@link KafkaVersionsTest}: one invocation per selected {@link KafkaVersion}, and one
 * {@link VersionedKafkaBroker} per version per test class, kept in the class-level store (JUnit closes it when the
 * class ends). A broker that failed to start fails every test of its version with the same cause, without a new
 * attempt per test.
 */
public final class KafkaVersionsExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaVersionsExtension.class);

    /** Creates the extension (JUnit instantiates it). */
    public KafkaVersionsExtension() {
    }

    /**
     * Supports every method annotated {@link KafkaVersionsTest}.
     *
     * @param context the method's context
     * @return true
     */
    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(KafkaVersionsTest.class)).orElse(false);
    }

    /**
     * One invocation per version of {@link KafkaVersion#selected()}.
     *
     * @param context the method's context
     * @return the invocations, oldest version first
     */
    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return KafkaVersion.selected().stream().map(Invocation::new);
    }

    /** The brokers of one test class, by version; closing it closes them all. */
    private static final class Brokers implements AutoCloseable {
        private final Map<KafkaVersion, Object> byVersion = new HashMap<>();

        synchronized VersionedKafkaBroker get(KafkaVersion version) {
            Object b = byVersion.computeIfAbsent(version, v -> {
                try {
                    return VersionedKafkaBroker.start(v);
                } catch (RuntimeException e) {
                    return e;
                }
            });
            if (b instanceof RuntimeException e) {
                throw new ParameterResolutionException("the " + version + " broker did not start", e);
            }
            return (VersionedKafkaBroker) b;
        }

        @Override
        public synchronized void close() {
            byVersion.values().stream().filter(VersionedKafkaBroker.class::isInstance)
                    .map(VersionedKafkaBroker.class::cast).forEach(VersionedKafkaBroker::close);
        }
    }

    private static Brokers brokers(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current.getStore(NAMESPACE).getOrComputeIfAbsent("brokers", k -> new Brokers(), Brokers.class);
    }

    /** One version's invocation: its display name and the parameters it resolves. */
    private record Invocation(KafkaVersion version) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return version.toString();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
                    Class<?> type = p.getParameter().getType();
                    return type == VersionedKafkaBroker.class || type == KafkaVersion.class;
                }

                @Override
                public Object resolveParameter(ParameterContext p, ExtensionContext e) {
                    if (p.getParameter().getType() == KafkaVersion.class) {
                        return version;
                    }
                    return brokers(e).get(version);
                }
            });
        }
    }
}
