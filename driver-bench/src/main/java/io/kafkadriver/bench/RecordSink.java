/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

/** Where a consuming client under test hands each record of the consumed topic, on its one delivery thread. */
@FunctionalInterface
interface RecordSink {

    /**
     * Takes one consumed record.
     *
     * @param partition its partition
     * @param offset    its offset
     * @param value     its value
     */
    void record(int partition, long offset, byte[] value);
}
