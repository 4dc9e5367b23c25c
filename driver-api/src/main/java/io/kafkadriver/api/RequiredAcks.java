/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * How many replicas must have a produced batch before the broker acknowledges it (kafka-sharp's
 * {@code RequiredAcks}).
 */
public enum RequiredAcks {
    /** No acknowledgement at all: the broker answers nothing (acks=0). */
    NONE((short) 0),
    /** The leader has written it (acks=1). */
    LEADER((short) 1),
    /** Every in-sync replica has it (acks=-1, "all"); kafka-sharp's default. */
    ALL_IN_SYNC_REPLICAS((short) -1);

    private final short wireValue;

    RequiredAcks(short wireValue) {
        this.wireValue = wireValue;
    }

    /**
     * The value of the Produce request's {@code acks} field.
     *
     * @return 0, 1 or -1
     */
    public short wireValue() {
        return wireValue;
    }
}
