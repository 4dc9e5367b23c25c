/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.record;

import java.util.List;

/**
 * Receives decoded records one at a time, with key and value already in arrays of their own: the allocation-lean way
 * to read a batch (no intermediate {@link Record} or buffer views).
 */
@FunctionalInterface
public interface RecordVisitor {
    /**
     * One record.
     *
     * @param offset    its offset
     * @param timestamp its timestamp
     * @param key       its key, or null
     * @param value     its value, or null
     * @param headers   its headers, empty for none
     */
    void record(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers);
}
