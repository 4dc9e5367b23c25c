package io.kafkadriver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kafka-sharp's {@code Seeds} string: comma-separated host:port entries. */
class SeedsTest {

    @Test
    void parsesAListWithSpacesIpv6AndBothPortBounds() {
        Configuration c = Configuration.builder().seeds(" b1:9092 ,b2.example.com:1, [fe80::1]:65535,10.0.0.1:9093")
                .build();
        assertEquals(List.of(new BrokerAddress("b1", 9092), new BrokerAddress("b2.example.com", 1),
                new BrokerAddress("fe80::1", 65535), new BrokerAddress("10.0.0.1", 9093)), c.seeds());
        assertEquals("[fe80::1]:65535", c.seeds().get(2).toString());
        assertEquals("b1:9092", c.seeds().get(0).toString());
    }

    @Test
    void anEmptyStringMeansNoSeedsAsInKafkaSharp() {
        assertEquals(List.of(), Configuration.builder().seeds("").build().seeds());
        assertEquals(List.of(), Configuration.builder().seeds("  ").build().seeds());
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "b1                 | seeds entry 'b1' is invalid: must be host:port (kafka-driver.seeds)",
        "b1:                | seeds entry 'b1:' is invalid: must be host:port (kafka-driver.seeds)",
        ":9092              | seeds entry ':9092' is invalid: must be host:port (kafka-driver.seeds)",
        "b1:0               | seeds entry 'b1:0' is invalid: port must be between 1 and 65535 (kafka-driver.seeds)",
        "b1:65536           | seeds entry 'b1:65536' is invalid: port must be between 1 and 65535 (kafka-driver.seeds)",
        "b1:90x             | seeds entry 'b1:90x' is invalid: port must be a number between 1 and 65535"
                + " (kafka-driver.seeds)",
        "ok:1,b 2:9092      | seeds entry 'b 2:9092' is invalid: host must not be empty or contain spaces"
                + " (kafka-driver.seeds)",
        "fe80::1:9092       | seeds entry 'fe80::1:9092' is invalid: IPv6 hosts must be written in brackets,"
                + " e.g. [::1]:9092 (kafka-driver.seeds)",
        "[]:9092            | seeds entry '[]:9092' is invalid: host must not be empty or contain spaces"
                + " (kafka-driver.seeds)",
        "a:1,,b:2           | seeds must be a comma-separated list of host:port with no empty entry"
                + " (kafka-driver.seeds), was 'a:1,,b:2'",
    })
    void badEntriesAreNamed(String seeds, String message) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Configuration.builder().seeds(seeds));
        assertEquals(message, e.getMessage());
        assertEquals("seeds", e.setting());
        assertEquals("kafka-driver.seeds", e.key());
    }

    @Test
    void brokerAddressChecksItsOwnComponents() {
        assertEquals(65535, new BrokerAddress("h", 65535).port());
        assertThrows(ConfigurationException.class, () -> new BrokerAddress("h", 0));
        assertThrows(ConfigurationException.class, () -> new BrokerAddress("h", 65536));
        assertThrows(ConfigurationException.class, () -> new BrokerAddress(" ", 1));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> new BrokerAddress(null, 1));
        assertEquals("host", npe.getMessage());
    }
}
