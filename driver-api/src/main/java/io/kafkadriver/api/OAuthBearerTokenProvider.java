package io.kafkadriver.api;

/**
 * Supplies the bearer token for SASL/OAUTHBEARER (KIP-255). The driver calls it at each authentication and at each
 * re-authentication (KIP-368) of every connection; an implementation typically caches a token from its identity
 * provider and refreshes it before it expires. The broker sets the session lifetime from the token's expiry, so a
 * fresh token is needed at each re-authentication.
 */
@FunctionalInterface
public interface OAuthBearerTokenProvider {

    /**
     * The current token.
     *
     * @return the token; never null
     * @throws RuntimeException when no token can be had; the connection then fails and is retried after the
     *                          reconnect backoff
     */
    OAuthBearerToken token();
}
