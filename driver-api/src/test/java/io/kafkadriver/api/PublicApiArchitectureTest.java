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
 * <p>Pekko types may appear in public signatures only in {@code io.kafkadriver.actor} (the embeddable
 * {@code KafkaDriver} behavior and its protocol) and {@code io.kafkadriver.stream} (the Pekko Streams API); those packages
 * still expose no actor-layer or protocol-layer type. The single named exception in {@code io.kafkadriver.api} is
 * {@code ClusterClient.create(Configuration, ActorSystem)}, the overload that runs the client in the user's system.
 */
class PublicApiArchitectureTest {

    private static final String[] FORBIDDEN =
            {"org.apache.pekko..", "scala..", "io.kafkadriver.actors..", "io.kafkadriver.protocol.."};
    private static final String[] FORBIDDEN_IN_PEKKO_PACKAGES = {"io.kafkadriver.actors..", "io.kafkadriver.protocol.."};
    /** The one method of io.kafkadriver.api allowed to name a Pekko type. */
    private static final String NAMED_EXCEPTION = "io.kafkadriver.api.ClusterClient.create(io.kafkadriver.api"
            + ".Configuration, org.apache.pekko.actor.typed.ActorSystem)";

    private static final DescribedPredicate<JavaClass> PUBLIC_API_CLASS = resideInAPackage("io.kafkadriver.api..")
            .and(DescribedPredicate.not(resideInAPackage("..internal..")))
            .and(modifier(PUBLIC)).as("public classes of io.kafkadriver.api outside ..internal..");

    private static final DescribedPredicate<JavaClass> PEKKO_API_CLASS = resideInAnyPackage("io.kafkadriver.actor",
            "io.kafkadriver.stream..").and(modifier(PUBLIC)).as("public classes of io.kafkadriver.actor and .stream");

    static ArchRule publicApiRule() {
        return rule(PUBLIC_API_CLASS, resideInAnyPackage(FORBIDDEN));
    }

    static ArchRule pekkoApiRule() {
        return rule(PEKKO_API_CLASS, resideInAnyPackage(FORBIDDEN_IN_PEKKO_PACKAGES));
    }

    private static ArchRule rule(DescribedPredicate<JavaClass> api, DescribedPredicate<JavaClass> forbidden) {
        ArchRule signatures = codeUnits().that().arePublic().and().areDeclaredInClassesThat(api)
                .should(notMention(forbidden));
        ArchRule fields = noFields().that().arePublic().and().areDeclaredInClassesThat(api)
                .should().haveRawType(forbidden);
        ArchRule supertypes = noClasses().that(api).should().beAssignableTo(forbidden);
        return CompositeArchRule.of(signatures).and(fields).and(supertypes);
    }

    private static ArchCondition<JavaCodeUnit> notMention(DescribedPredicate<JavaClass> forbidden) {
        return new ArchCondition<>("not have a type of " + forbidden.getDescription() + " in their signature") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                if (unit.getFullName().equals(NAMED_EXCEPTION)) {
                    return;
                }
                List<JavaType> types = new ArrayList<>(unit.getParameterTypes());
                types.add(unit.getReturnType());
                for (JavaType type : types) {
                    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
                        if (forbidden.test(raw)) {
                            events.add(SimpleConditionEvent.violated(unit,
                                    unit.getFullName() + " exposes " + raw.getName()));
                        }
                    }
                }
            }
        };
    }

    /**
     * The facade and the behavior start no thread of their own: the engine runs on the actor system's dispatchers
     * (issue 13), so it can be embedded, bounded and supervised.
     */
    static ArchRule noOwnThreadsRule() {
        return noClasses().that().resideInAnyPackage("io.kafkadriver.api..", "io.kafkadriver.actor..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadPoolExecutor")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ForkJoinPool")
                .orShould().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .because("the driver runs on the actor system's dispatchers, not on threads of its own");
    }

    @Test
    void driverApiStartsNoThreadOfItsOwn() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver.api", "io.kafkadriver.actor");
        assertTrue(classes.contain(ClusterClient.class), "the import must see the real API");
        noOwnThreadsRule().check(classes);
        EvaluationResult fixture = noOwnThreadsRule().evaluate(new ClassFileImporter().importClasses(
                io.kafkadriver.api.archfixture.internal.StartsItsOwnThreads.class));
        String report = String.join("\n", fixture.getFailureReport().getDetails());
        assertTrue(report.contains("Executors") && report.contains("Thread.<init>"), "the rule catches both:\n"
                + report);
    }

    @Test
    void theActorPackageMayUsePekkoButExposesNoActorLayerOrProtocolType() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver.actor");
        assertTrue(classes.contain(io.kafkadriver.actor.KafkaDriver.class), "the import must see the real package");
        pekkoApiRule().check(classes);
    }

    @Test
    void theStreamPackageMayUsePekkoButExposesNoActorLayerOrProtocolTypeAndStartsNoThread() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver.stream");
        assertTrue(classes.contain(io.kafkadriver.stream.KafkaSource.class), "the import must see the real package");
        // The package has no public field, so that part of the rule has nothing to check.
        pekkoApiRule().allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("io.kafkadriver.stream..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().callConstructor(Thread.class, Runnable.class)
                .because("the streams run on the materializer's and the driver's dispatchers").check(classes);
    }

    @Test
    void theNamedExceptionIsTheOnlyOneAndExists() throws Exception {
        // If the overload moved or changed, the exception above would silently allow nothing (or something else).
        assertTrue(ClusterClient.class.getMethod("create", Configuration.class,
                org.apache.pekko.actor.typed.ActorSystem.class) != null);
        EvaluationResult result = publicApiRule().evaluate(new ClassFileImporter().importClasses(LeakyApi.class));
        assertTrue(result.hasViolation(), "a leak in another method of the API is still caught");
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
