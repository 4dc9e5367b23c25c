package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.kafkadriver.api.internal.EngineSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the idempotence setting. Unset, it follows requiredAcks (on with ALL and at most 5 in flight); set to true
 * it refuses other acks and more than 5 in flight; the builder, HOCON and toBuilder agree, and the actors get it.
 */
class IdempotenceConfigurationTest {

    @Test
    void unsetItIsOnWithAcksAllAndAtMostFiveInFlightAndOffOtherwise() {
        assertTrue(Configuration.builder().build().idempotence()); // kafka-sharp's default acks is ALL
        assertEquals(Optional.empty(), Configuration.builder().build().idempotenceSetting());
        assertFalse(Configuration.builder().requiredAcks(RequiredAcks.LEADER).build().idempotence());
        assertFalse(Configuration.builder().requiredAcks(RequiredAcks.NONE).build().idempotence());
        assertTrue(Configuration.builder().maxInFlightRequests(5).build().idempotence());
        assertFalse(Configuration.builder().maxInFlightRequests(6).build().idempotence());
    }

    @Test
    void setToTrueItRefusesAcksOtherThanAllWithAClearError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().idempotence(true).requiredAcks(RequiredAcks.LEADER).build());
        assertEquals("idempotence", e.setting());
        assertEquals("idempotence needs requiredAcks ALL (kafka-driver.produce.idempotence), was true with"
                + " requiredAcks LEADER", e.getMessage());
        assertThrows(ConfigurationException.class,
                () -> Configuration.builder().idempotence(true).requiredAcks(RequiredAcks.NONE).build());
    }

    @Test
    void setToTrueItRefusesMoreThanFiveInFlight() {
        assertTrue(Configuration.builder().idempotence(true).maxInFlightRequests(5).build().idempotence());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().idempotence(true).maxInFlightRequests(6).build());
        assertEquals("idempotence needs maxInFlightRequests at most 5 (kafka-driver.produce.idempotence), was true"
                + " with maxInFlightRequests 6", e.getMessage());
    }

    @Test
    void setToFalseItIsOffWithAnyAcks() {
        Configuration off = Configuration.builder().idempotence(false).build();
        assertFalse(off.idempotence());
        assertEquals(Optional.of(false), off.idempotenceSetting());
        assertFalse(EngineSettings.produce(off).idempotent());
    }

    @Test
    void toBuilderKeepsAnUnsetSettingUnsetSoThatItFollowsNewAcks() {
        Configuration defaults = Configuration.builder().build();
        assertFalse(defaults.toBuilder().requiredAcks(RequiredAcks.LEADER).build().idempotence());
        Configuration on = Configuration.builder().idempotence(true).build();
        assertThrows(ConfigurationException.class, () -> on.toBuilder().requiredAcks(RequiredAcks.LEADER).build());
        assertEquals(on, on.toBuilder().build());
    }

    @Test
    void hoconTakesAutoTrueAndFalse() {
        assertEquals(Configuration.builder().build(), Configuration.fromConfig(ConfigFactory.empty()));
        assertEquals(Configuration.builder().idempotence(true).build(), Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver.produce.idempotence = true")));
        assertEquals(Configuration.builder().idempotence(false).build(), Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver.produce.idempotence = off")));
        assertFalse(Configuration.fromConfig(ConfigFactory.parseString(
                "kafka-driver.produce { idempotence = auto, required-acks = leader }")).idempotence());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Configuration.fromConfig(
                ConfigFactory.parseString("kafka-driver.produce.idempotence = maybe")));
        assertEquals("idempotence must be auto, true or false (kafka-driver.produce.idempotence), was 'maybe'",
                e.getMessage());
        assertThrows(ConfigurationException.class, () -> Configuration.fromConfig(ConfigFactory.parseString(
                "kafka-driver.produce { idempotence = true, required-acks = leader }")));
    }

    @Test
    void theActorsGetItAndTheLogShowsHowItWasDecided() {
        assertTrue(EngineSettings.produce(Configuration.builder().build()).idempotent());
        assertTrue(Configuration.builder().build().toString().contains("idempotence=auto (true)"));
        assertTrue(Configuration.builder().idempotence(true).build().toString().contains("idempotence=true"));
    }
}
