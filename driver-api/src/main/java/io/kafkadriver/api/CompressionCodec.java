package io.kafkadriver.api;

/**
 * The compression codec applied to produced record batches. The numeric {@link #id()} is the value Kafka stores in
 * the low three bits of a record batch's attributes.
 */
public enum CompressionCodec {
    /** No compression (kafka-sharp's default). */
    NONE(0),
    /** GZIP (RFC 1952). */
    GZIP(1),
    /** Snappy, in the xerial framing Kafka uses. */
    SNAPPY(2),
    /** LZ4 frame format. */
    LZ4(3),
    /** Zstandard (needs brokers 2.1 or later). */
    ZSTD(4);

    private final int id;

    CompressionCodec(int id) {
        this.id = id;
    }

    /**
     * Kafka's codec id.
     *
     * @return the id written in record batch attributes (0 to 4)
     */
    public int id() {
        return id;
    }
}
