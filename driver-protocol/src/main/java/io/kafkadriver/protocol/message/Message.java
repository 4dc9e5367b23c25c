/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import io.kafkadriver.protocol.types.ProtocolReader;
import io.kafkadriver.protocol.types.ProtocolWriter;

/**
 * A top-level protocol message (a request or response body, a header, or an embedded payload) generated from one of
 * Apache Kafka's JSON schemas. Implementations are mutable with fluent setters while being built and are treated as
 * values afterwards.
 */
public interface Message {
    /**
     * The schema name, for example {@code FetchRequest}.
     *
     * @return the message name
     */
    String messageName();

    /**
     * The lowest version the schema defines.
     *
     * @return the lowest valid version
     */
    short lowestSupportedVersion();

    /**
     * The highest version the schema defines.
     *
     * @return the highest valid version
     */
    short highestSupportedVersion();

    /**
     * The exact number of bytes {@link #write} produces at a version.
     *
     * @param version the version
     * @return the encoded size
     * @throws MessageVersionException if the message cannot be written at this version
     */
    int size(short version);

    /**
     * Appends the encoding at a version.
     *
     * @param writer  the destination
     * @param version the version
     * @throws MessageVersionException if the version is outside the schema's range or a field holding a non-default
     *                                 value cannot be carried by it
     */
    void write(ProtocolWriter writer, short version);

    /**
     * Replaces every field of this message with the ones decoded at a version.
     *
     * @param reader  the source
     * @param version the version
     * @throws io.kafkadriver.protocol.DecodeException if the bytes are malformed
     * @throws MessageVersionException                  if the version is outside the schema's range
     */
    void read(ProtocolReader reader, short version);
}
