package io.kafkadriver.protocol.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The protocol layer's rule (docs/design.md): pure Java values, no Pekko, no other driver module, no build-time
 * generator, no official Kafka client, and no sockets or threads.
 */
class LayeringTest {
    private static final ArchRule PURE_PROTOCOL = noClasses()
            .that().resideInAPackage("io.kafkadriver.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.pekko..", "scala..", "io.kafkadriver.actors..", "io.kafkadriver.api..",
                    "io.kafkadriver.codegen..", "com.fasterxml..", "org.apache.kafka..", "java.net..",
                    "java.nio.channels..")
            .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .because("driver-protocol holds pure values: no I/O, no threads, no Pekko (docs/design.md)");

    @Test
    void theProtocolModuleDependsOnNothingButTheJdkAndItsCodecs() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.kafkadriver.protocol");
        assertTrue(main.size() > 50, "the rule must see the module's classes, saw " + main.size());
        PURE_PROTOCOL.check(main);
    }

    @Test
    void theRuleCatchesAViolation() {
        JavaClasses bad = new ClassFileImporter().importClasses(UsesAThread.class);
        assertFalse(bad.isEmpty());
        assertTrue(PURE_PROTOCOL.evaluate(bad).hasViolation(), "a class starting a thread must break the rule");
    }

    /** A deliberate violation, in test code only, to prove the rule can fail. */
    static final class UsesAThread {
        void start() {
            new Thread(() -> { }).start();
        }
    }
}
