package io.kafkadriver.api;

/**
 * kafka-sharp's broker compatibility mode, kept so that a kafka-sharp configuration maps one to one.
 *
 * <p>In kafka-sharp this setting chose the wire versions of every request (0.8.2: Produce v0 and message format v0;
 * 0.10.1: timestamps, message format v1, LZ4; 0.11.0: RecordBatch v2 with headers). kafka-driver no longer chooses
 * versions from configuration: each connection sends an ApiVersions request and uses, per API, the highest version
 * both the broker and the driver support. This setting therefore <b>neither caps nor selects</b> protocol versions,
 * and the old "LZ4 needs 0.10.1" restriction does not apply. It names the oldest broker line the application works
 * with, is logged with the configuration at start, and is a floor: a broker whose ApiVersions answer is below what
 * the line needed in kafka-sharp (0.10.1: Produce v2, Fetch v3, ListOffsets v1; 0.11.0: Produce v3, Fetch v4) is
 * refused at the handshake with an error naming the API and both versions. Brokers too old to answer ApiVersions
 * (before 0.10.0) are not supported whatever this says.
 */
public enum Compatibility {
    /** Kafka 0.8.2 and later (kafka-sharp's default). */
    V0_8_2("0.8.2"),
    /** Kafka 0.10.1 and later. */
    V0_10_1("0.10.1"),
    /** Kafka 0.11.0 and later. */
    V0_11_0("0.11.0");

    private final String version;

    Compatibility(String version) {
        this.version = version;
    }

    /**
     * The broker version this constant names, as written in {@code reference.conf}.
     *
     * @return the dotted version, e.g. {@code "0.8.2"}
     */
    public String version() {
        return version;
    }
}
