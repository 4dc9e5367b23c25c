/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How a connection protects itself: TLS (or not) under the Kafka protocol, SASL (or not) at its start.
 *
 * @param tls  TLS settings, or null for plain TCP
 * @param sasl SASL settings, or null for no SASL authentication
 */
public record ConnectionSecurity(Tls tls, Sasl sasl) {

    /** Plain TCP, no authentication. */
    public static final ConnectionSecurity PLAINTEXT = new ConnectionSecurity(null, null);

    /**
     * TLS settings.
     *
     * @param context              the SSL context (trust and key material already loaded)
     * @param hostnameVerification whether the broker's certificate must match the host connected to (endpoint
     *                             identification {@code HTTPS})
     * @param protocols            the enabled protocols, e.g. TLSv1.3 and TLSv1.2; empty for the JDK's defaults
     * @param cipherSuites         the enabled cipher suites; empty for the JDK's defaults
     */
    public record Tls(SSLContext context, boolean hostnameVerification, List<String> protocols,
                      List<String> cipherSuites) {
        /**
         * Checks the fields.
         *
         * @param context              not null
         * @param hostnameVerification any
         * @param protocols            not null
         * @param cipherSuites         not null
         */
        public Tls {
            Objects.requireNonNull(context, "context");
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }

        /**
         * A new client engine for one connection, with SNI and (if on) host name verification for {@code address}.
         *
         * @param address the broker
         * @return the engine
         */
        public SSLEngine newEngine(InetSocketAddress address) {
            SSLEngine engine = context.createSSLEngine(address.getHostString(), address.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            if (hostnameVerification) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!protocols.isEmpty()) {
                parameters.setProtocols(protocols.toArray(new String[0]));
            }
            if (!cipherSuites.isEmpty()) {
                parameters.setCipherSuites(cipherSuites.toArray(new String[0]));
            }
            engine.setSSLParameters(parameters);
            return engine;
        }
    }

    /**
     * SASL settings. {@link #toString()} names the mechanism and user only.
     *
     * @param mechanism the mechanism name sent in SaslHandshake, e.g. {@code SCRAM-SHA-256}
     * @param username  the user, for error messages (empty for OAUTHBEARER, whose identity is in the token)
     * @param exchanges a new exchange for each authentication (holding the secret)
     */
    public record Sasl(String mechanism, String username, Supplier<SaslExchange> exchanges) {
        /**
         * Checks the fields.
         *
         * @param mechanism not null
         * @param username  not null
         * @param exchanges not null
         */
        public Sasl {
            Objects.requireNonNull(mechanism, "mechanism");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(exchanges, "exchanges");
        }

        @Override
        public String toString() {
            return "Sasl[" + mechanism + (username.isEmpty() ? "" : ", user=" + username) + "]";
        }
    }
}
