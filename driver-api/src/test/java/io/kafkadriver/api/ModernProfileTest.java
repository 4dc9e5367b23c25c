package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.kafkadriver.api.internal.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The modern profile: the builder's and the HOCON include's are the same, and it changes exactly what it says. */
class ModernProfileTest {

    @Test
    void theHoconIncludeEqualsTheBuilderProfile() {
        Config config = ConfigFactory.parseString("include classpath(\"kafka-driver-modern.conf\")\n"
                + "kafka-driver.seeds = \"a:1\"").withFallback(ConfigFactory.defaultReference()).resolve();
        assertEquals(Configuration.builder().modernDefaults().seeds("a:1").build(), Configuration.fromConfig(config));
    }

    @Test
    void itChangesTheSurprisingDefaultsAndNothingElse() {
        Object[] kafkaSharp = Configuration.builder().build().settingValues();
        Object[] modern = Configuration.builder().modernDefaults().build().settingValues();
        List<String> changed = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (!kafkaSharp[s.ordinal()].equals(modern[s.ordinal()])) {
                changed.add(s.javaName());
            }
        }
        assertEquals(List.of("messageTtl", "errorStrategy", "maxRetry", "produceBufferingTime", "partitioner",
                "fetchMaxWaitTime", "consumeBufferingTime", "autoOffsetReset"), changed);
        Configuration c = Configuration.builder().modernDefaults().build();
        assertEquals(Duration.ofMillis(5), c.produceBufferingTime());
        assertEquals(ErrorStrategy.RETRY, c.errorStrategy());
        assertEquals(PartitionerStrategy.MURMUR2_KEY, c.partitioner());
        assertEquals(AutoOffsetReset.LATEST, c.autoOffsetReset());
        assertEquals(Duration.ZERO, c.consumeBufferingTime());
        assertNotEquals(c, Configuration.builder().modernDefaults().produceBufferingTime(Duration.ofMillis(7)).build(),
                "settings after the profile override it");
    }
}
