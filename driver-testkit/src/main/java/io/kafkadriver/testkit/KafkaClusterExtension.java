package io.kafkadriver.testkit;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that owns one {@link EmbeddedKafkaCluster} per test class and injects it into parameters of
 * type {@link EmbeddedKafkaCluster}. Settings come from {@link KafkaClusterTest} on the class (or an enclosing class);
 * without the annotation ({@code @ExtendWith(KafkaClusterExtension.class)}) the cluster has one broker.
 *
 * <p>The cluster lives in the class-level {@link ExtensionContext.Store}; JUnit closes it (it is
 * {@link AutoCloseable}) when the class finishes, which stops the brokers and deletes their data. It is started
 * lazily, so constructor injection works with either test instance lifecycle.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    /** Creates the extension (JUnit instantiates it). */
    public KafkaClusterExtension() {
    }

    /**
     * Starts the class's cluster before any {@code @BeforeAll} method runs, so its startup time is not charged to
     * the first test.
     *
     * @param context the class context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    /**
     * Supports parameters of type {@link EmbeddedKafkaCluster}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return true for {@link EmbeddedKafkaCluster} parameters
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaCluster.class;
    }

    /**
     * Returns the class's cluster, starting it if needed.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return the running cluster
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return cluster(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not start the embedded Kafka cluster", e);
        }
    }

    private static EmbeddedKafkaCluster cluster(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                "cluster", key -> newCluster(classContext.getRequiredTestClass()), EmbeddedKafkaCluster.class);
    }

    /** The nearest context that is a class (not a method), i.e. the one that lives as long as the test class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static EmbeddedKafkaCluster newCluster(Class<?> testClass) {
        EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder();
        Optional<KafkaClusterTest> settings = findSettings(testClass);
        settings.ifPresent(s -> apply(s, builder, testClass));
        return builder.build().start();
    }

    private static Optional<KafkaClusterTest> findSettings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<KafkaClusterTest> found = AnnotationSupport.findAnnotation(c, KafkaClusterTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static void apply(KafkaClusterTest s, EmbeddedKafkaCluster.Builder builder, Class<?> testClass) {
        builder.brokers(s.brokers());
        for (String entry : s.brokerProperties()) {
            String[] kv = split(entry, '=', "brokerProperties", testClass);
            builder.brokerProperty(kv[0], kv[1]);
        }
        for (String entry : s.saslPlainUsers()) {
            String[] up = split(entry, ':', "saslPlainUsers", testClass);
            builder.saslPlainUser(up[0], up[1]);
        }
        if (s.ssl()) {
            builder.ssl();
        }
        if (s.proxied()) {
            builder.proxied();
        }
    }

    private static String[] split(String entry, char sep, String attribute, Class<?> testClass) {
        int i = entry.indexOf(sep);
        if (i <= 0) {
            throw new IllegalArgumentException("@KafkaClusterTest(" + attribute + ") on " + testClass.getName()
                    + ": expected 'a" + sep + "b' but got '" + entry + "'");
        }
        return new String[] {entry.substring(0, i), entry.substring(i + 1)};
    }
}
