package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.kafkadriver.api.internal.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code docs/configuration.md} has one table row per setting, with the right key, default and kafka-sharp name. */
class ConfigurationDocsTest {

    /** Surefire runs in the module directory; the docs live at the repository root. */
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void everySettingHasARowWithItsKeyDefaultAndOrigin() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        Config reference = ConfigFactory.defaultReference();
        for (Setting setting : Setting.values()) {
            String keyCell = "| `" + setting.key() + "` |";
            List<String> rows = lines.stream().filter(l -> l.contains(keyCell)).toList();
            assertEquals(1, rows.size(), setting.key() + " must have exactly one row");
            String[] cells = rows.get(0).split(" \\| ");
            // Case-insensitive: the serialization settings are set through withSerializeOnProduce and friends.
            assertTrue(cells[0].toLowerCase(Locale.ROOT).contains(setting.javaName().toLowerCase(Locale.ROOT)),
                    setting.javaName() + " in " + cells[0]);
            String defaultValue = reference.getValue(setting.key()).render(ConfigRenderOptions.concise());
            String documented = cells[2].replace("`", "");
            assertEquals(defaultValue.replace("\"", ""), documented.replace("\"", ""), setting.key() + " default");
            String origin = setting.kafkaSharpName() == null ? "new" : "`" + setting.kafkaSharpName() + "`";
            assertEquals(origin, cells[4], setting.key() + " kafka-sharp name");
            String shownBy = cells[cells.length - 1].replace("|", "").trim();
            assertTrue(!shownBy.isEmpty(), setting.key() + " says which test shows it (or none yet)");
            java.util.regex.Matcher tests = java.util.regex.Pattern.compile("`([A-Z][A-Za-z]*Test)`").matcher(shownBy);
            boolean named = false;
            while (tests.find()) {
                named = true;
                assertTrue(TEST_CLASSES.contains(tests.group(1)), setting.key() + " names " + tests.group(1)
                        + ", which is no test class of the repository");
            }
            assertTrue(named || shownBy.equals("none yet") || shownBy.startsWith("not read yet"), setting.key()
                    + ": a test, 'none yet' or 'not read yet', was " + shownBy);
        }
    }

    /** The simple names of every test class in the repository. */
    private static final java.util.Set<String> TEST_CLASSES = testClasses();

    private static java.util.Set<String> testClasses() {
        try (java.util.stream.Stream<Path> files = Files.walk(Path.of(".."))) {
            return files.filter(f -> f.toString().contains("src" + java.io.File.separator + "test")
                            && f.getFileName().toString().endsWith("Test.java"))
                    .map(f -> f.getFileName().toString().replace(".java", ""))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyRefusedSettingHasARowSayingWhyAndIsNotInTheSettingsTable() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int refusedSection = lines.indexOf("## Refused settings");
        assertTrue(refusedSection > 0, "configuration.md has a Refused settings section");
        for (io.kafkadriver.api.internal.RefusedSetting refused : io.kafkadriver.api.internal.RefusedSetting.values()) {
            String keyCell = "| `" + refused.key() + "` |";
            List<Integer> rows = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(keyCell)) {
                    rows.add(i);
                }
            }
            assertEquals(1, rows.size(), refused.key() + " must have exactly one row");
            assertTrue(rows.get(0) > refusedSection, refused.key() + " is documented among the refused settings");
            assertTrue(lines.get(rows.get(0)).contains("`" + refused.kafkaSharpName() + "`"), refused.key());
            assertTrue(java.util.Arrays.stream(Setting.values()).noneMatch(s -> s.key().equals(refused.key())),
                    refused.key() + " is refused, so it is not an accepted setting");
        }
    }
}
