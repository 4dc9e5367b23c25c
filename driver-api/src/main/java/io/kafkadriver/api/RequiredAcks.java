package io.kafkadriver.api;

/** The acknowledgements a Produce request waits for (Kafka's {@code acks}, kafka-sharp's {@code RequiredAcks}). */
public enum RequiredAcks {
    /** {@code acks=0}: the broker sends no response; the driver acknowledges as soon as the request is written. */
    NONE(0),
    /** {@code acks=1}: the partition leader has written the records. */
    LEADER(1),
    /** {@code acks=-1} ("all"): every in-sync replica has the records (kafka-sharp's default). */
    ALL(-1);

    private final short code;

    RequiredAcks(int code) {
        this.code = (short) code;
    }

    /**
     * The value written in the Produce request's {@code acks} field.
     *
     * @return 0, 1 or -1
     */
    public short code() {
        return code;
    }

    /**
     * The constant for a wire value.
     *
     * @param code 0, 1 or -1
     * @return the matching constant
     * @throws IllegalArgumentException for any other value
     */
    public static RequiredAcks fromCode(int code) {
        for (RequiredAcks acks : values()) {
            if (acks.code == code) {
                return acks;
            }
        }
        throw new IllegalArgumentException("requiredAcks must be 0, 1 or -1 (all), was " + code);
    }
}
