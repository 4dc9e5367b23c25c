package io.kafkadriver.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The plain Java API exposes no Pekko, Scala or driver-internal type (docs/design.md). Streams and actor embeddings
 * will get their own packages, where Pekko types are the point; they are outside this rule.
 */
class ApiLayeringTest {
    private static final String[] INTERNAL = {"org.apache.pekko.", "scala.", "io.kafkadriver.actors.",
        "io.kafkadriver.protocol."};

    private static boolean internal(JavaClass type) {
        for (String prefix : INTERNAL) {
            if (type.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final ArchCondition<JavaMethod> EXPOSE_NO_INTERNAL_TYPE =
            new ArchCondition<>("expose no Pekko, Scala or internal type") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    boolean bad = internal(method.getRawReturnType())
                            || method.getRawParameterTypes().stream().anyMatch(ApiLayeringTest::internal);
                    if (bad) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                + " exposes an internal type"));
                    }
                }
            };

    private static final ArchRule PUBLIC_SIGNATURES = methods().that().arePublic()
            .and().areDeclaredInClassesThat().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage("io.kafkadriver.api")
            .should(EXPOSE_NO_INTERNAL_TYPE)
            .allowEmptyShould(false);

    private static final ArchRule NO_INTERNAL_SUPERTYPES = noClasses().that().arePublic()
            .and().resideInAPackage("io.kafkadriver.api")
            .should().beAssignableTo(DescribedPredicate.describe("an internal type", ApiLayeringTest::internal));

    @Test
    void thePublicApiExposesNoInternalType() {
        JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver.api");
        PUBLIC_SIGNATURES.check(api);
        NO_INTERNAL_SUPERTYPES.check(api);
    }

    @Test
    void theRuleCatchesAViolation() {
        JavaClasses bad = new ClassFileImporter().importClasses(LeakyApi.class);
        assertTrue(PUBLIC_SIGNATURES.evaluate(bad).hasViolation());
    }
}
