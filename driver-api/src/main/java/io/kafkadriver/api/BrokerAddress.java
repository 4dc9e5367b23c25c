package io.kafkadriver.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A broker's host and port, as listed in the seeds. IPv6 literals are written in brackets: {@code [::1]:9092}.
 *
 * @param host the host name or IP literal (without brackets)
 * @param port the TCP port, 1 to 65535
 */
public record BrokerAddress(String host, int port) {

    private static final String SETTING = "seeds";
    private static final String KEY = "kafka-driver.seeds";

    /**
     * Validates the components.
     *
     * @param host the host name or IP literal (without brackets)
     * @param port the TCP port, 1 to 65535
     * @throws ConfigurationException if the host is blank or contains whitespace, or the port is out of range
     */
    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException(SETTING, KEY,
                    "seeds entry has an invalid host (" + KEY + "), was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException(SETTING, KEY,
                    "seeds entry '" + host + ":" + port + "' port must be between 1 and 65535 (" + KEY + "), was "
                            + port);
        }
    }

    /**
     * Parses one {@code host:port} entry.
     *
     * @param entry e.g. {@code broker1:9092} or {@code [::1]:9092}
     * @return the address
     * @throws ConfigurationException naming the entry if it is malformed
     */
    public static BrokerAddress parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        String trimmed = entry.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw bad(entry, "must be host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw bad(entry, "IPv6 hosts must be written in brackets, e.g. [::1]:9092");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(entry, "port must be a number between 1 and 65535");
        }
        if (port < 1 || port > 65535) {
            throw bad(entry, "port must be between 1 and 65535");
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw bad(entry, "host must not be empty or contain spaces");
        }
        return new BrokerAddress(host, port);
    }

    /**
     * Parses a comma-separated seed list, kafka-sharp's {@code Seeds} format. A blank string gives an empty list.
     *
     * @param seeds e.g. {@code "broker1:9092, broker2:9092"}
     * @return the addresses in order
     * @throws ConfigurationException naming the first bad entry (an empty entry between commas is bad too)
     */
    public static List<BrokerAddress> parseList(String seeds) {
        Objects.requireNonNull(seeds, "seeds");
        List<BrokerAddress> result = new ArrayList<>();
        if (seeds.isBlank()) {
            return List.of();
        }
        for (String entry : seeds.split(",", -1)) {
            if (entry.isBlank()) {
                throw new ConfigurationException(SETTING, KEY,
                        "seeds must be a comma-separated list of host:port with no empty entry (" + KEY + "), was '"
                                + seeds + "'");
            }
            result.add(parse(entry));
        }
        return List.copyOf(result);
    }

    private static ConfigurationException bad(String entry, String why) {
        return new ConfigurationException(SETTING, KEY,
                "seeds entry '" + entry.trim() + "' is invalid: " + why + " (" + KEY + ")");
    }

    /**
     * The address as {@code host:port}, with IPv6 literals in brackets.
     *
     * @return e.g. {@code broker1:9092}
     */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
