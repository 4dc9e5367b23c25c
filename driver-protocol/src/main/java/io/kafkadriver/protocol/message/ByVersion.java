/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A request whose fields depend on the version the connection negotiates, for the APIs whose shape changed between
 * versions (FindCoordinator v4 batches its keys; OffsetFetch v8 nests its topics under groups): the connection chooses
 * the version late, then asks this for the message of that version's shape. Written only; never read.
 */
public final class ByVersion implements Message {
    private final Message sample;
    private final IntFunction<Message> shapeFor;

    private ByVersion(IntFunction<Message> shapeFor) {
        this.shapeFor = shapeFor;
        this.sample = Objects.requireNonNull(shapeFor.apply(Short.MAX_VALUE), "the shape of the newest version");
    }

    /**
     * A request built for the version it is written at.
     *
     * @param shapeFor makes the request for a version (called again for each size and write)
     * @return the request
     */
    public static ByVersion of(IntFunction<Message> shapeFor) {
        return new ByVersion(Objects.requireNonNull(shapeFor, "shapeFor"));
    }

    /**
     * The request as written at a version.
     *
     * @param version the version
     * @return the message of that version's shape
     */
    public Message at(short version) {
        return shapeFor.apply(version);
    }

    @Override
    public String messageName() {
        return sample.messageName();
    }

    @Override
    public short lowestSupportedVersion() {
        return sample.lowestSupportedVersion();
    }

    @Override
    public short highestSupportedVersion() {
        return sample.highestSupportedVersion();
    }

    @Override
    public int size(short version) {
        return at(version).size(version);
    }

    @Override
    public void write(ProtocolWriter writer, short version) {
        at(version).write(writer, version);
    }

    @Override
    public void read(ProtocolReader reader, short version) {
        throw new UnsupportedOperationException("a ByVersion request is only written");
    }

    @Override
    public String toString() {
        return "ByVersion[" + sample + "]";
    }
}
