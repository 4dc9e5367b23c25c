package io.kafkadriver.api;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaModifier.PUBLIC;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.kafkadriver.api.archfixture.LeakyApi;
import io.kafkadriver.api.archfixture.LeakyBehavior;
import io.kafkadriver.api.archfixture.internal.AllowedInternal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STYLE principle 12: the public API exposes no Pekko, Scala, actor-layer or protocol-layer type. Checked for every
 * public constructor and method (parameters and return type, including generic arguments), every public field and
 * every supertype of the public classes of {@code io.kafkadriver.api}; {@code ..internal..} packages are exempt.
 *
 * <p>The Pekko Streams {@code Source}/{@code Sink} API and the embeddable {@code Behavior} will live in their own
 * packages whose whole point is Pekko (for instance {@code io.kafkadriver.api.javadsl}); when they arrive, exclude
 * exactly those packages here, next to {@code ..internal..}, and nowhere else.
 */
class PublicApiArchitectureTest {

    private static final String[] FORBIDDEN =
            {"org.apache.pekko..", "scala..", "io.kafkadriver.actors..", "io.kafkadriver.protocol.."};

    private static final DescribedPredicate<JavaClass> FORBIDDEN_TYPE = resideInAnyPackage(FORBIDDEN);

    private static final DescribedPredicate<JavaClass> PUBLIC_API_CLASS = resideInAPackage("io.kafkadriver.api..")
            .and(DescribedPredicate.not(resideInAPackage("..internal..")))
            .and(modifier(PUBLIC)).as("public classes of io.kafkadriver.api outside ..internal..");

    static ArchRule publicApiRule() {
        ArchRule signatures = codeUnits().that().arePublic().and().areDeclaredInClassesThat(PUBLIC_API_CLASS)
                .should(notMentionForbiddenTypes());
        ArchRule fields = noFields().that().arePublic().and().areDeclaredInClassesThat(PUBLIC_API_CLASS)
                .should().haveRawType(FORBIDDEN_TYPE);
        ArchRule supertypes = noClasses().that(PUBLIC_API_CLASS).should().beAssignableTo(FORBIDDEN_TYPE);
        return CompositeArchRule.of(signatures).and(fields).and(supertypes);
    }

    private static ArchCondition<JavaCodeUnit> notMentionForbiddenTypes() {
        return new ArchCondition<>("not have a Pekko, Scala, actors or protocol type in their signature") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaType> types = new ArrayList<>(unit.getParameterTypes());
                types.add(unit.getReturnType());
                for (JavaType type : types) {
                    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
                        if (FORBIDDEN_TYPE.test(raw)) {
                            events.add(SimpleConditionEvent.violated(unit,
                                    unit.getFullName() + " exposes " + raw.getName()));
                        }
                    }
                }
            }
        };
    }

    @Test
    void thePublicApiExposesNoPekkoScalaActorOrProtocolType() {
        JavaClasses api = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver.api");
        assertTrue(api.contain(Configuration.class), "the import must see the real API");
        publicApiRule().check(api);
    }

    @Test
    void theRuleCatchesEachKindOfLeak() {
        EvaluationResult result = publicApiRule()
                .evaluate(new ClassFileImporter().importClasses(LeakyApi.class, LeakyBehavior.class));
        assertTrue(result.hasViolation());
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String leak : new String[] {"returnsAnActorRef", "takesAScalaDuration", "listOfActorRefs",
            "throwsProtocolType", "LeakyApi.<init>", "LeakyApi.field", "LeakyBehavior"}) {
            assertTrue(report.contains(leak), leak + " not reported in:\n" + report);
        }
        assertFalse(report.contains("packagePrivateMayUsePekko"), report);
    }

    @Test
    void internalPackagesAreExempt() {
        EvaluationResult result = publicApiRule().allowEmptyShould(true)
                .evaluate(new ClassFileImporter().importClasses(AllowedInternal.class));
        assertFalse(result.hasViolation(), String.join("\n", result.getFailureReport().getDetails()));
    }
}
