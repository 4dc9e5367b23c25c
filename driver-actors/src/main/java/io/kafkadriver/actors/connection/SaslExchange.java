/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

/**
 * The client side of one SASL authentication, as a pure state machine with no I/O: the connection actor sends
 * {@link #start()} in the first SaslAuthenticate request, then hands every server answer to {@link #evaluate} and
 * sends what it returns, until it returns null. One instance serves one authentication (a re-authentication uses a
 * new one, with a new nonce or token).
 */
public interface SaslExchange {

    /**
     * The client's first message.
     *
     * @return the bytes of the first SaslAuthenticate request
     */
    byte[] start();

    /**
     * Takes the server's answer to the last message sent.
     *
     * @param challenge the AuthBytes of the last SaslAuthenticate response
     * @return the next message to send, or null when the exchange is complete on the client side
     * @throws SaslExchangeException when the server's answer is malformed or fails verification (for SCRAM, a wrong
     *                               server signature)
     */
    byte[] evaluate(byte[] challenge);
}
