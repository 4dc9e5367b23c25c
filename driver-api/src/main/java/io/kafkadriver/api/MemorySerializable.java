/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api;

/**
 * A key or value that serializes itself, used when no serializer is registered for its topic: kafka-sharp's
 * {@code IMemorySerializable}. Implement {@link AutoCloseable} too to be told when the driver is done with the object
 * (acknowledged, or handed back in a discard or expiry event), for example to return it to a pool.
 */
public interface MemorySerializable {
    /**
     * The object's bytes.
     *
     * @return the bytes
     */
    byte[] serialize();
}
