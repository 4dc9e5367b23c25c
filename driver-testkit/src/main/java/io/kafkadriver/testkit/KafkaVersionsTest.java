package io.kafkadriver.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per broker version of {@link KafkaVersion#selected()} (by default the oldest and the
 * newest, 2.8 and 4.1; {@code -Dcompat=all} for the whole matrix), each invocation named after its version and given
 * a {@link VersionedKafkaBroker} (and, if asked, the {@link KafkaVersion}) as a parameter.
 *
 * <p>Each version's broker is started once per test class, at its first use, shared by every method of the class,
 * and closed when the class ends ({@link KafkaVersionsExtension}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(KafkaVersionsExtension.class)
public @interface KafkaVersionsTest {
}
