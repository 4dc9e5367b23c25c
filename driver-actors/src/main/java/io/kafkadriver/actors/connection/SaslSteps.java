/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import io.kafkadriver.protocol.message.ApiKey;
import io.kafkadriver.protocol.message.Message;
import io.kafkadriver.protocol.message.SaslAuthenticateRequest;
import io.kafkadriver.protocol.message.SaslAuthenticateResponse;
import io.kafkadriver.protocol.message.SaslHandshakeRequest;
import io.kafkadriver.protocol.message.SaslHandshakeResponse;
import java.util.Objects;

/**
 * The request sequence of one SASL authentication, as a pure decision: SaslHandshake v1 with the mechanism, then
 * SaslAuthenticate requests carrying the {@link SaslExchange}'s messages until it is complete. Given each response, it
 * says what to send next, that authentication succeeded (with the session lifetime, KIP-368), or why it failed. The
 * connection actor only writes and reads.
 */
final class SaslSteps {

    /** What to do next. */
    sealed interface Step permits SendNext, Authenticated, Refused {
    }

    /**
     * Send this request and hand its response to {@link #onResponse}.
     *
     * @param api     SaslHandshake or SaslAuthenticate
     * @param request the request
     */
    record SendNext(ApiKey api, Message request) implements Step {
    }

    /**
     * Authenticated.
     *
     * @param sessionLifetimeMs the broker's session lifetime, 0 when the session does not expire
     */
    record Authenticated(long sessionLifetimeMs) implements Step {
    }

    /**
     * Authentication failed.
     *
     * @param why the cause, naming the mechanism and user, with the broker's message; never a secret
     */
    record Refused(String why) implements Step {
    }

    private static final short UNSUPPORTED_SASL_MECHANISM = 33;
    private static final short ILLEGAL_SASL_STATE = 34;
    private static final short SASL_AUTHENTICATION_FAILED = 58;

    private final ConnectionSecurity.Sasl sasl;
    private SaslExchange exchange;

    SaslSteps(ConnectionSecurity.Sasl sasl) {
        this.sasl = Objects.requireNonNull(sasl, "sasl");
    }

    Step start() {
        return new SendNext(ApiKey.SASL_HANDSHAKE, new SaslHandshakeRequest().setMechanism(sasl.mechanism()));
    }

    Step onResponse(Message response) {
        if (response instanceof SaslHandshakeResponse handshake) {
            return onHandshake(handshake);
        }
        if (response instanceof SaslAuthenticateResponse authenticate) {
            return onAuthenticate(authenticate);
        }
        throw new IllegalStateException("not a SASL response: " + response.getClass().getSimpleName());
    }

    private Step onHandshake(SaslHandshakeResponse response) {
        if (response.errorCode() == UNSUPPORTED_SASL_MECHANISM) {
            return new Refused("the broker does not enable SASL mechanism " + sasl.mechanism() + " on this listener"
                    + " (it enables " + response.mechanisms() + ")");
        }
        if (response.errorCode() != 0) {
            return new Refused("SaslHandshake for " + sasl.mechanism() + " failed with error code "
                    + response.errorCode() + (response.errorCode() == ILLEGAL_SASL_STATE
                    ? " (ILLEGAL_SASL_STATE: is this a SASL listener?)" : ""));
        }
        try {
            exchange = sasl.exchanges().get();
        } catch (RuntimeException e) {
            // The user's token provider (OAUTHBEARER) failed: no token, no authentication.
            return new Refused("no SASL " + sasl.mechanism() + " credential: " + e);
        }
        return authenticate(exchange.start());
    }

    private Step onAuthenticate(SaslAuthenticateResponse response) {
        if (exchange == null) {
            throw new IllegalStateException("SaslAuthenticate answered before SaslHandshake");
        }
        if (response.errorCode() != 0) {
            String name = response.errorCode() == SASL_AUTHENTICATION_FAILED ? "SASL_AUTHENTICATION_FAILED"
                    : "error code " + response.errorCode();
            String brokerSays = response.errorMessage() == null || response.errorMessage().isEmpty() ? ""
                    : ": " + response.errorMessage();
            return new Refused("SASL authentication failed (" + who() + "), " + name + brokerSays);
        }
        byte[] next;
        try {
            next = exchange.evaluate(response.authBytes());
        } catch (SaslExchangeException e) {
            return new Refused("SASL authentication failed (" + who() + "): " + e.getMessage());
        }
        return next == null ? new Authenticated(response.sessionLifetimeMs()) : authenticate(next);
    }

    private String who() {
        return "mechanism " + sasl.mechanism() + (sasl.username().isEmpty() ? "" : ", user '" + sasl.username() + "'");
    }

    private static Step authenticate(byte[] bytes) {
        return new SendNext(ApiKey.SASL_AUTHENTICATE, new SaslAuthenticateRequest().setAuthBytes(bytes));
    }
}
