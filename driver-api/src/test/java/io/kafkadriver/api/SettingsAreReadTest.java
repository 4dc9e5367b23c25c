package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kafkadriver.api.archfixture.inert.FixtureConfig;
import io.kafkadriver.api.archfixture.inert.FixtureEngine;
import io.kafkadriver.api.internal.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a setting the engine does not read is a defect. Every getter of {@link Configuration} (and of
 * {@link SerializationConfig}) must be called, or referenced, by code outside the configuration classes themselves
 * (the builder, the HOCON reader, the copy, {@code toString}); the few not read yet must be exactly the ones
 * docs/configuration.md's status names as such. The check is shown to catch a deliberately inert setting.
 */
class SettingsAreReadTest {

    /** The classes that only carry settings: a call from them is not a read. */
    private static final Set<String> CONFIGURATION_SIDE = Set.of(Configuration.class.getName(),
            ConfigurationBuilder.class.getName(), SerializationConfig.class.getName(),
            "io.kafkadriver.api.internal.BuilderCopy", "io.kafkadriver.api.internal.HoconReader",
            "io.kafkadriver.api.internal.Setting", "io.kafkadriver.api.internal.SecurityChecks");
    /** Not settings: copies, object methods, and {@code idempotenceSetting} (how {@code idempotence} was set). */
    private static final Set<String> NOT_SETTINGS = Set.of("toBuilder", "hashCode", "toString", "settingValues",
            "serializationConfig", "builder", "load", "idempotenceSetting");
    /** Accepted and not read yet: each is named in configuration.md's status banner. */
    private static final Set<String> NOT_READ_YET = Set.of();

    /** The public no-argument getters of {@code config} that nothing outside {@code configurationSide} uses. */
    static Set<String> unread(JavaClasses classes, Class<?> config, Set<String> configurationSide) {
        JavaClass c = classes.get(config);
        Set<String> out = new TreeSet<>();
        for (JavaMethod m : c.getMethods()) {
            if (!m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.STATIC)
                    || !m.getRawParameterTypes().isEmpty() || NOT_SETTINGS.contains(m.getName())) {
                continue;
            }
            // Calls and method references both (getAccessesToSelf).
            boolean read = m.getAccessesToSelf().stream()
                    .anyMatch(u -> !configurationSide.contains(u.getOriginOwner().getName()));
            if (!read) {
                out.add(m.getName());
            }
        }
        return out;
    }

    @Test
    void everySettingIsReadByTheEngineExceptTheOnesTheDocsSayAreNot() throws IOException {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kafkadriver");
        assertTrue(classes.contain(Configuration.class), "the import must see the real configuration");
        Set<String> unread = new TreeSet<>(unread(classes, Configuration.class, CONFIGURATION_SIDE));
        unread.addAll(unread(classes, SerializationConfig.class, CONFIGURATION_SIDE).stream()
                .filter(n -> !n.startsWith("with")).collect(Collectors.toSet()));
        assertEquals(NOT_READ_YET, unread, "settings no engine code reads (give them an effect, refuse them, or"
                + " say so in docs/configuration.md and here)");
        Set<String> javaNames = java.util.Arrays.stream(Setting.values()).map(Setting::javaName)
                .collect(Collectors.toSet());
        assertTrue(javaNames.containsAll(NOT_READ_YET), "the exceptions are settings");
        assertTrue(javaNames.contains("maxSuccessiveNodeErrors"), "the table is the real one");
        String status = Files.readString(Path.of("..", "docs", "configuration.md")).split("\n\n")[1];
        for (String name : NOT_READ_YET) {
            assertTrue(status.contains("`" + name + "`"), name + " must be named in configuration.md's status");
        }
    }

    @Test
    void theCheckCatchesADeliberatelyInertSetting() {
        JavaClasses fixture = new ClassFileImporter().importClasses(FixtureConfig.class, FixtureEngine.class);
        assertEquals(Set.of("inert"), unread(fixture, FixtureConfig.class, Set.of(FixtureConfig.class.getName())),
                "the inert getter is reported; the called and the referenced ones are not");
    }
}
