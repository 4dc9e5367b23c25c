package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.kafkadriver.api.internal.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code kafka-driver} HOCON section: defaults, overrides, and errors that name the setting. */
class HoconConfigurationTest {

    private static Configuration read(String hocon) {
        return Configuration.fromConfig(ConfigFactory.parseString(hocon));
    }

    @Test
    void referenceConfDefaultsEqualBuilderDefaults() {
        assertEquals(Configuration.builder().build(), Configuration.fromConfig(ConfigFactory.empty()));
        assertEquals(Configuration.builder().build().toString(),
                Configuration.fromConfig(ConfigFactory.empty()).toString());
    }

    @Test
    void loadReadsTheApplicationConfigurationWhichHereHoldsOnlyTheReference() {
        assertEquals(Configuration.builder().build(), Configuration.load());
    }

    @Test
    void referenceConfListsExactlyTheKnownSettings() {
        Config section = ConfigFactory.defaultReference().getConfig("kafka-driver");
        Set<String> inReference = section.entrySet().stream().map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> known = Arrays.stream(Setting.values()).map(Setting::path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(known, inReference);
    }

    /** Store files that exist: the build checks that a store path names a readable file. */
    private static final String TRUST_STORE = tempFile("t.p12");
    private static final String KEY_STORE = tempFile("k.p12");

    private static String tempFile(String name) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("hocon-test-", name);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everySettingCanBeOverridden() {
        Configuration c = read(("""
                kafka-driver {
                  client-id = "billing"
                  seeds = "b1:9092, [::1]:9093"
                  compatibility = "0.11.0"
                  dispatcher = "my-dispatcher"
                  maximum-concurrency = 8
                  close-timeout = 5s
                  metadata { refresh-interval = 10m, max-age = 1m, minimum-time-between-refresh = 1s }
                  network {
                    send-buffer-size = 1000, receive-buffer-size = 2000
                    request-timeout = 3s, client-request-timeout = 4s, max-in-flight-requests = 1
                    max-frame-size = 60000000, max-successive-node-errors = 4
                    reconnect-backoff { initial = 10ms, max = 10s, jitter = 0.5 }
                    retry-backoff = 250ms
                  }
                  security {
                    protocol = sasl-ssl
                    sasl { mechanism = scram-sha-256, username = "u", password = "p" }
                    ssl { truststore-path = "%s", truststore-password = "tp", keystore-path = "%s",
                          keystore-password = "kp", hostname-verification = false, truststore-type = pkcs12,
                          keystore-type = jks, key-password = "kpw", protocols = "TLSv1.3",
                          cipher-suites = "TLS_AES_128_GCM_SHA256" }
                  }
                  produce {
                    message-ttl = 2m, error-strategy = retry, max-retry = -1, buffering-time = 20ms
                    batch-size = 1000, batch-strategy = global, compression-codec = zstd, partitioner = murmur2-key
                    number-of-messages-before-round-robin = 7, required-acks = 1, min-in-sync-replicas = 2
                    retry-if-not-enough-replicas-after-append = true, max-buffered-messages = 5000
                    overflow-strategy = discard, overflow-block-timeout = 1s, max-postponed-messages = 9
                    temporary-ignore-partition-time = 3s
                  }
                  consume {
                    fetch-max-wait-time = 500ms, fetch-min-bytes = 10, fetch-max-bytes = 2000000
                    fetch-message-max-bytes = 100000, buffering-time = 10ms, batch-size = 3
                    auto-offset-reset = latest, error-strategy = retry, fetch-buffer-bytes = 5000000000
                    read-committed = true
                  }
                  serialization { serialize-on-produce = true }
                }
                """).formatted(TRUST_STORE, KEY_STORE));
        Configuration expected = Configuration.builder()
                .clientId("billing").seeds(List.of(new BrokerAddress("b1", 9092), new BrokerAddress("::1", 9093)))
                .compatibility(Compatibility.V0_11_0).dispatcher("my-dispatcher").maximumConcurrency(8)
                .closeTimeout(Duration.ofSeconds(5)).refreshMetadataInterval(Duration.ofMinutes(10))
                .metadataMaxAge(Duration.ofMinutes(1)).minimumTimeBetweenRefreshMetadata(Duration.ofSeconds(1))
                .sendBufferSize(1000).receiveBufferSize(2000).requestTimeout(Duration.ofSeconds(3))
                .clientRequestTimeout(Duration.ofSeconds(4)).maxInFlightRequests(1).maxFrameSize(60_000_000)
                .maxSuccessiveNodeErrors(4).reconnectBackoffInitial(Duration.ofMillis(10))
                .reconnectBackoffMax(Duration.ofSeconds(10)).reconnectBackoffJitter(0.5)
                .retryBackoff(Duration.ofMillis(250)).securityProtocol(SecurityProtocol.SASL_SSL)
                .sasl(SaslMechanism.SCRAM_SHA_256, "u", "p").sslTruststorePath(TRUST_STORE).sslTruststorePassword("tp")
                .sslKeystorePath(KEY_STORE).sslKeystorePassword("kp").sslHostnameVerification(false)
                .sslTruststoreType("pkcs12").sslKeystoreType("jks").sslKeyPassword("kpw").sslProtocols("TLSv1.3")
                .sslCipherSuites("TLS_AES_128_GCM_SHA256")
                .messageTtl(Duration.ofMinutes(2)).errorStrategy(ErrorStrategy.RETRY).maxRetry(-1)
                .produceBufferingTime(Duration.ofMillis(20)).produceBatchSize(1000).batchStrategy(BatchStrategy.GLOBAL)
                .compressionCodec(CompressionCodec.ZSTD).partitioner(PartitionerStrategy.MURMUR2_KEY)
                .numberOfMessagesBeforeRoundRobin(7).requiredAcks(RequiredAcks.LEADER).minInSyncReplicas(2)
                .retryIfNotEnoughReplicasAfterAppend(true).maxBufferedMessages(5000)
                .overflowStrategy(OverflowStrategy.DISCARD).overflowBlockTimeout(Duration.ofSeconds(1))
                .maxPostponedMessages(9).temporaryIgnorePartitionTime(Duration.ofSeconds(3))
                .fetchMaxWaitTime(Duration.ofMillis(500)).fetchMinBytes(10).fetchMaxBytes(2_000_000)
                .fetchMessageMaxBytes(100_000).consumeBufferingTime(Duration.ofMillis(10)).consumeBatchSize(3)
                .autoOffsetReset(AutoOffsetReset.LATEST).consumerErrorStrategy(ErrorStrategy.RETRY)
                .consumerFetchBufferBytes(5_000_000_000L).readCommitted(true)
                .serializationConfig(SerializationConfig.defaults().withSerializeOnProduce(true))
                .build();
        assertEquals(expected, c);
        // Every value differs from its default, so the override of each setting was really exercised.
        Object[] overridden = c.settingValues();
        Object[] defaults = Configuration.builder().build().settingValues();
        for (int i = 0; i < overridden.length; i++) {
            assertFalse(overridden[i].equals(defaults[i]), Setting.values()[i].key() + " kept its default");
        }
    }

    @Test
    void aSecretCanComeFromTheEnvironmentAndIsNeverPrinted() {
        // ${?VAR} is resolved from the environment (PATH is set wherever the build runs).
        String path = System.getenv("PATH");
        Configuration c = read("kafka-driver.security { protocol = sasl-plaintext, sasl { username = u,"
                + " password = ${?PATH} } }");
        assertEquals(path, c.saslPassword());
        assertFalse(c.toString().contains(path), "the dump masks it");
        // An unset variable leaves the default (empty), and a SASL password is required: the build says which.
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("kafka-driver.security {"
                + " protocol = sasl-plaintext, sasl { username = u, password = ${?KAFKA_DRIVER_TEST_UNSET_VARIABLE} } }"));
        assertEquals("saslPassword", e.setting());
    }

    @Test
    void seedsMayBeAListAndRequiredAcksAndCompatibilityAcceptTheirOtherSpellings() {
        Configuration c = read("""
                kafka-driver.seeds = ["a:1", "b:2"]
                kafka-driver.produce.required-acks = -1
                kafka-driver.compatibility = V0_10_1
                kafka-driver.produce.compression-codec = LZ4
                kafka-driver.security.protocol = SASL_PLAINTEXT
                kafka-driver.security.sasl.username = u
                kafka-driver.security.sasl.password = p
                """);
        assertEquals(List.of(new BrokerAddress("a", 1), new BrokerAddress("b", 2)), c.seeds());
        assertEquals(RequiredAcks.ALL, c.requiredAcks());
        assertEquals(Compatibility.V0_10_1, c.compatibility());
        assertEquals(CompressionCodec.LZ4, c.compressionCodec());
        assertEquals(SecurityProtocol.SASL_PLAINTEXT, c.securityProtocol());
        assertEquals(RequiredAcks.NONE, read("kafka-driver.produce.required-acks = none").requiredAcks());
        assertEquals(RequiredAcks.NONE, read("kafka-driver.produce.required-acks = 0").requiredAcks());
    }

    @Test
    void aSubstitutionInTheUsersConfigIsResolved() {
        Configuration c = read("""
                app.brokers = "x:9092"
                kafka-driver.seeds = ${app.brokers}
                """);
        assertEquals(List.of(new BrokerAddress("x", 9092)), c.seeds());
    }

    @Test
    void wrongTypesNameTheSettingAndTheExpectedType() {
        ConfigurationException notANumber = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.batch-size = lots"));
        assertEquals("produceBatchSize must be an integer between 1 and 2147483647"
                + " (kafka-driver.produce.batch-size), was \"lots\"", notANumber.getMessage());
        assertInstanceOf(com.typesafe.config.ConfigException.class, notANumber.getCause());

        ConfigurationException fractional = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.batch-size = 1.5"));
        assertEquals("produceBatchSize must be an integer between 1 and 2147483647"
                + " (kafka-driver.produce.batch-size), was 1.5", fractional.getMessage());
        assertEquals(7, read("kafka-driver.produce.batch-size = \"7\"").produceBatchSize());
        ConfigurationException beyondLong = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.consume.fetch-buffer-bytes = 99999999999999999999"));
        assertEquals("consumerFetchBufferBytes", beyondLong.setting());

        ConfigurationException notADuration = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.message-ttl = soon"));
        assertEquals("messageTtl must be a duration such as 500ms, 30s or 5m (kafka-driver.produce.message-ttl),"
                + " was \"soon\"", notADuration.getMessage());

        ConfigurationException notABoolean = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.retry-if-not-enough-replicas-after-append = maybe"));
        assertEquals("retryIfNotEnoughReplicasAfterAppend", notABoolean.setting());
    }

    @Test
    void unknownEnumValuesListTheAllowedOnes() {
        ConfigurationException codec = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.compression-codec = brotli"));
        assertEquals("compressionCodec must be one of none, gzip, snappy, lz4, zstd"
                + " (kafka-driver.produce.compression-codec), was 'brotli'", codec.getMessage());
        ConfigurationException acks = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.required-acks = 2"));
        assertEquals("requiredAcks must be one of all (-1), leader (1), none (0)"
                + " (kafka-driver.produce.required-acks), was '2'", acks.getMessage());
        ConfigurationException compat = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.compatibility = \"0.9\""));
        assertEquals("compatibility", compat.setting());
    }

    @Test
    void aMisspeltKeyIsRejectedRatherThanIgnored() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.produce.batchsize = 10"));
        assertEquals("kafka-driver.produce.batchsize is not a known setting (a misspelt key? see"
                + " docs/configuration.md)", e.getMessage());
    }

    @Test
    void kafkaSharpsPoolSettingsAreRefusedWithTheReasonFromHoconAndFromCode() {
        for (String key : List.of("max-message-pool-chunk-size", "max-pooled-messages")) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> read("kafka-driver.serialization." + key + " = 10"));
            assertEquals("kafka-driver.serialization." + key, e.key());
            assertTrue(e.getMessage().contains("is refused: kafka-sharp pooled the per-message buffers"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Remove the setting."), e.getMessage());
        }
        @SuppressWarnings("deprecation")
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SerializationConfig.defaults().withMaxPooledMessages(10));
        assertEquals("maxPooledMessages", e.setting());
        assertTrue(e.getMessage().startsWith("maxPooledMessages (kafka-driver.serialization.max-pooled-messages,"
                + " kafka-sharp SerializationConfig.MaxPooledMessages) is refused"), e.getMessage());
        @SuppressWarnings("deprecation")
        ConfigurationException chunk = assertThrows(ConfigurationException.class,
                () -> SerializationConfig.defaults().withMaxMessagePoolChunkSize(10));
        assertEquals("kafka-driver.serialization.max-message-pool-chunk-size", chunk.key());
    }

    @Test
    void aSectionThatIsNotAnObjectIsRejected() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("kafka-driver = 3"));
        assertEquals("kafka-driver", e.key());
    }

    @Test
    void theErrorForABadSeedEntryNamesItFromHoconToo() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.seeds = \"a:1,b:99999\""));
        assertEquals("seeds entry 'b:99999' is invalid: port must be between 1 and 65535 (kafka-driver.seeds)",
                e.getMessage());
    }

    @Test
    void aSecretOfTheWrongTypeIsNotEchoed() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> read("kafka-driver.security.sasl.password = { secret-part = hunter2 }"));
        assertEquals("saslPassword", e.setting());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("(hidden)"), e.getMessage());
    }

    @Test
    void everyReferenceValueIsAScalarOrTheSeedList() {
        // Guards the reader's assumption that each known path is a leaf, not an object.
        for (Map.Entry<String, ConfigValue> entry : ConfigFactory.defaultReference().getConfig("kafka-driver")
                .entrySet()) {
            assertFalse(entry.getValue().valueType() == ConfigValueType.OBJECT, entry.getKey());
        }
    }
}
