package io.kafkadriver.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against one real embedded Kafka cluster, started before the first test and closed (data
 * deleted) after the last. Declare an {@link EmbeddedKafkaCluster} parameter on the constructor, a
 * {@code @BeforeAll}/{@code @BeforeEach} method or a test method to receive it.
 *
 * <pre>{@code
 * @KafkaClusterTest(brokers = 3)
 * class FailoverTest {
 *     @Test
 *     void survivesLeaderLoss(EmbeddedKafkaCluster kafka) { ... }
 * }
 * }</pre>
 *
 * @see KafkaClusterExtension
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KafkaClusterExtension.class)
public @interface KafkaClusterTest {

    /**
     * Number of brokers; broker 0 also runs the controller.
     *
     * @return at least 1
     */
    int brokers() default 1;

    /**
     * Broker property overrides, each {@code key=value}.
     *
     * @return overrides applied to every broker
     */
    String[] brokerProperties() default {};

    /**
     * Users of an extra {@code SASL_PLAINTEXT} listener (mechanism PLAIN), each {@code user:password}; none means no
     * such listener.
     *
     * @return user entries
     */
    String[] saslPlainUsers() default {};

    /**
     * Whether to add an {@code SSL} listener with a freshly generated self-signed certificate.
     *
     * @return true to add it
     */
    boolean ssl() default false;

    /**
     * Whether to add a {@code PROXIED} listener advertised through one {@link FaultProxy} per broker (see
     * {@link EmbeddedKafkaCluster#proxy(int)}).
     *
     * @return true to add it
     */
    boolean proxied() default false;
}
