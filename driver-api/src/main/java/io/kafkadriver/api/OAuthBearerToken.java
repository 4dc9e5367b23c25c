package io.kafkadriver.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A bearer token for SASL/OAUTHBEARER and how long it stays valid. {@link #toString()} never prints the token.
 *
 * @param value    the token, a JWS compact serialization ({@code header.payload.signature})
 * @param lifetime how long from now it is valid
 */
public record OAuthBearerToken(String value, Duration lifetime) {
    /**
     * Checks the fields.
     *
     * @param value    not blank
     * @param lifetime positive
     */
    public OAuthBearerToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(lifetime, "lifetime");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the OAUTHBEARER token value is blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the OAUTHBEARER token lifetime must be positive, was " + lifetime);
        }
    }

    @Override
    public String toString() {
        return "OAuthBearerToken[value=***, lifetime=" + lifetime + "]";
    }
}
