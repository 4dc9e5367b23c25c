/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Names the likely cause of a TLS failure from the JDK's exception chain, for the connection's error. */
final class TlsErrors {
    private TlsErrors() {
    }

    /**
     * Whether the failure came from TLS (an {@link SSLException} somewhere in the chain).
     *
     * @param failure the transport failure, or null
     * @return true for a TLS failure
     */
    static boolean isTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A sentence naming the likely cause.
     *
     * @param failure the TLS failure
     * @return e.g. "the broker's certificate is not trusted ..."
     */
    static String describe(Throwable failure) {
        if (failure == null || !isTls(failure) && !(failure.getMessage() != null
                && failure.getMessage().contains("SSL"))) {
            return "TLS handshake failed: the connection closed before the handshake completed: is this a TLS"
                    + " listener? (a plaintext listener drops a TLS ClientHello)";
        }
        String all = chain(failure);
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "TLS handshake failed: the broker's certificate does not match the host name connected to"
                    + " (hostname verification, sslHostnameVerification)";
        }
        if (all.contains("PKIX path") || all.contains("unable to find valid certification path")) {
            return "TLS handshake failed: the broker's certificate is not trusted (check sslTruststorePath)";
        }
        if (all.contains("bad_certificate") || all.contains("certificate_required")
                || all.contains("unknown_ca")) {
            return "TLS handshake failed: the broker refused the client certificate (mutual TLS: check"
                    + " sslKeystorePath, and that the broker trusts its issuer)";
        }
        if (all.contains("protocol_version") || all.contains("handshake_failure") || all.contains("No appropriate")) {
            return "TLS handshake failed: no protocol or cipher suite in common with the broker (check sslProtocols"
                    + " and sslCipherSuites)";
        }
        if (failure instanceof SSLHandshakeException || all.contains("closed") || all.contains("reset")
                || all.contains("Unrecognized SSL message")) {
            return "TLS handshake failed: is this a TLS listener? (a plaintext listener drops a TLS ClientHello)";
        }
        return "TLS failed";
    }

    private static String chain(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return out.toString();
    }
}
