package io.kafkadriver.api;

/** A deliberate violation, in test code only, to prove the API rule can fail. */
public class LeakyApi {
    /**
     * Leaks an internal type.
     *
     * @return never anything
     */
    public io.kafkadriver.protocol.DecodeException leak() {
        return null;
    }
}
