/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import io.kafkadriver.protocol.DecodeException;
import io.kafkadriver.protocol.types.ProtocolReader;
import java.nio.ByteBuffer;

/** Small helpers the generated messages share, kept out of the generated code to keep it short. */
final class Support {
    /** The shared empty default of non-nullable bytes fields (empty, so sharing it is safe). */
    static final byte[] EMPTY_BYTES = new byte[0];

    private Support() {
    }

    static void checkVersion(String message, short version, short lowest, short highest) {
        if (version < lowest || version > highest) {
            throw new MessageVersionException(message + " has no version " + version + " (valid versions are "
                    + lowest + " to " + highest + ")");
        }
    }

    static MessageVersionException unsupported(String field, short version, String versions) {
        return new MessageVersionException("cannot write " + field + " at version " + version
                + ": it holds a non-default value but exists only in versions " + versions);
    }

    static MessageVersionException nullField(String field, short version) {
        return new MessageVersionException("cannot write " + field + " at version " + version
                + ": it is null but not nullable at this version");
    }

    static DecodeException nullRead(String field, short version) {
        return new DecodeException("non-nullable field " + field + " was null at version " + version);
    }

    static void checkTaggedSize(ProtocolReader r, int start, int declared, String field) {
        int used = r.position() - start;
        if (used != declared) {
            throw new DecodeException("tagged field " + field + " declared " + declared + " byte(s) but its value took "
                    + used);
        }
    }

    static String describe(byte[] b) {
        return b == null ? "null" : "bytes[" + b.length + "]";
    }

    static String describe(ByteBuffer b) {
        return b == null ? "null" : "bytes[" + b.remaining() + "]";
    }
}
