package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kafkadriver.api.internal.Setting;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value semantics: toString hides secrets, immutability, equality, toBuilder, null rejection. */
class ConfigurationValueTest {

    @Test
    void toStringShowsEverySettingButHidesPasswords() {
        Configuration c = Configuration.builder().securityProtocol(SecurityProtocol.SASL_SSL)
                .sasl(SaslMechanism.PLAIN, "alice", "pw-Sasl-42").sslTruststorePassword("pw-Trust-42")
                .sslKeystorePassword("pw-Key-42").build();
        String text = c.toString();
        assertFalse(text.contains("pw-Sasl-42"), text);
        assertFalse(text.contains("pw-Trust-42"), text);
        assertFalse(text.contains("pw-Key-42"), text);
        assertTrue(text.contains("saslPassword=***"), text);
        assertTrue(text.contains("sslTruststorePassword=***"), text);
        assertTrue(text.contains("sslKeystorePassword=***"), text);
        assertTrue(text.contains("saslUsername=alice"), text);
        for (Setting setting : Setting.values()) {
            assertTrue(text.contains(setting.javaName() + "="), setting.javaName());
        }
        // An unset password shows as empty, so that "no password configured" is visible in the logs.
        assertTrue(Configuration.builder().build().toString().contains("saslPassword=\"\""));
    }

    @Test
    void settingValuesFollowTheSettingTableOrder() {
        Configuration c = Configuration.builder().clientId("first-value").build();
        Object[] values = c.settingValues();
        assertEquals(Setting.values().length, values.length);
        assertEquals("first-value", values[Setting.CLIENT_ID.ordinal()]);
        assertEquals(200, values[Setting.PRODUCE_BATCH_SIZE.ordinal()]);
        assertEquals(false, values[Setting.SERIALIZE_ON_PRODUCE.ordinal()]);
        assertEquals(c.saslPassword(), values[Setting.SASL_PASSWORD.ordinal()]);
    }

    @Test
    void theClassIsFinalWithPrivateFinalFields() {
        assertTrue(Modifier.isFinal(Configuration.class.getModifiers()));
        assertTrue(Modifier.isFinal(SerializationConfig.class.getModifiers()));
        for (Field field : Configuration.class.getDeclaredFields()) {
            int m = field.getModifiers();
            assertTrue(Modifier.isPrivate(m) && Modifier.isFinal(m), field.getName());
        }
        for (Method method : Configuration.class.getMethods()) {
            assertFalse(method.getName().startsWith("set"), method.getName());
        }
    }

    @Test
    void seedsCannotBeChangedThroughTheGetterOrTheListPassedIn() {
        List<BrokerAddress> mine = new ArrayList<>(List.of(new BrokerAddress("a", 1)));
        Configuration c = Configuration.builder().seeds(mine).build();
        mine.add(new BrokerAddress("b", 2));
        assertEquals(List.of(new BrokerAddress("a", 1)), c.seeds());
        assertThrows(UnsupportedOperationException.class, () -> c.seeds().add(new BrokerAddress("c", 3)));
    }

    @Test
    void theBuilderCanBeReusedWithoutChangingWhatItBuilt() {
        ConfigurationBuilder b = Configuration.builder().produceBatchSize(10);
        Configuration first = b.build();
        b.produceBatchSize(20);
        assertEquals(10, first.produceBatchSize());
        assertEquals(20, b.build().produceBatchSize());
    }

    @Test
    void toBuilderCopiesEverythingAndLeavesTheOriginalAlone() {
        Configuration original = Configuration.builder().seeds("a:1").compressionCodec(CompressionCodec.GZIP)
                .sasl(SaslMechanism.SCRAM_SHA_512, "u", "p").consumerFetchBufferBytes(3_000_000_000L)
                .serializationConfig(SerializationConfig.defaults().withSerializeOnProduce(true)).build();
        assertEquals(original, original.toBuilder().build());
        Configuration changed = original.toBuilder().messageTtl(Duration.ofSeconds(3)).build();
        assertEquals(Duration.ofMinutes(1), original.messageTtl());
        assertEquals(Duration.ofSeconds(3), changed.messageTtl());
        assertNotEquals(original, changed);
    }

    @Test
    void equalsAndHashCodeCoverEverySetting() {
        Configuration a = Configuration.builder().seeds("a:1").build();
        Configuration b = Configuration.builder().seeds("a:1").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Configuration.builder().seeds("a:2").build());
        assertNotEquals(a, a.toBuilder().saslPassword("x").build());
        assertNotEquals(a, a.toBuilder().serializationConfig(SerializationConfig.defaults()
                .withSerializeOnProduce(true)).build());
        assertNotEquals(a, null);
        assertNotEquals(a, "a:1");
    }

    @Test
    void everySetterRejectsNullNamingTheParameter() throws Exception {
        int checked = 0;
        for (Method setter : ConfigurationBuilder.class.getMethods()) {
            if (setter.getDeclaringClass() != ConfigurationBuilder.class || setter.getParameterCount() != 1
                    || setter.getParameterTypes()[0].isPrimitive()) {
                continue;
            }
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> setter.invoke(Configuration.builder(), (Object) null), setter.getName());
            assertEquals(NullPointerException.class, thrown.getCause().getClass(), setter.getName());
            assertEquals(setter.getName(), thrown.getCause().getMessage());
            checked++;
        }
        // 41 reference-typed settings, the List overload of seeds and the OAUTHBEARER token provider: guards against
        // the loop checking nothing.
        assertEquals(43, checked);
        NullPointerException element = assertThrows(NullPointerException.class,
                () -> Configuration.builder().seeds(java.util.Arrays.asList(new BrokerAddress("a", 1), null)));
        assertEquals("seeds[1]", element.getMessage());
        NullPointerException config = assertThrows(NullPointerException.class, () -> Configuration.fromConfig(null));
        assertEquals("config", config.getMessage());
    }
}
