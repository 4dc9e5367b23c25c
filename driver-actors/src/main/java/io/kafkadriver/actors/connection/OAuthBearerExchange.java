/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * SASL/OAUTHBEARER (RFC 7628, KIP-255): one client message {@code n,,\x01auth=Bearer <token>\x01\x01}. A server that
 * rejects the token answers with a JSON error; the client then sends a lone {@code \x01} (RFC 7628 section 3.2.3) and
 * the server fails the authentication with its error code and message.
 */
public final class OAuthBearerExchange implements SaslExchange {
    private static final byte[] KVSEP = {0x01};
    private final String token;
    private boolean errorAcknowledged;

    /**
     * Creates the exchange.
     *
     * @param token the bearer token (a JWS compact serialization), fetched for this authentication
     */
    public OAuthBearerExchange(String token) {
        this.token = Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the OAUTHBEARER token is blank");
        }
    }

    @Override
    public byte[] start() {
        return ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        if (challenge == null || challenge.length == 0 || errorAcknowledged) {
            return null;
        }
        // An error challenge: acknowledge it, so the server reports the failure.
        errorAcknowledged = true;
        return KVSEP;
    }

    @Override
    public String toString() {
        return "OAuthBearerExchange[token=***]";
    }
}
