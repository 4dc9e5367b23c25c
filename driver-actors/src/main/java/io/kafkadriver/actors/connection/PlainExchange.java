/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** SASL/PLAIN (RFC 4616): one message, {@code authzid NUL authcid NUL password}, with an empty authzid. */
public final class PlainExchange implements SaslExchange {
    private final String username;
    private final String password;

    /**
     * Creates the exchange.
     *
     * @param username the user name
     * @param password the password
     */
    public PlainExchange(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public byte[] start() {
        return ("\u0000" + username + "\u0000" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        // The server answers PLAIN with empty bytes: nothing more to send.
        return null;
    }

    @Override
    public String toString() {
        return "PlainExchange[user=" + username + ", password=***]";
    }
}
