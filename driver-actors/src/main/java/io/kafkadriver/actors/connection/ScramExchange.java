/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.actors.connection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SASL/SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), client side, without channel binding ({@code n,,}).
 *
 * <ol>
 *   <li>client-first {@code n,,n=<user>,r=<client nonce>};</li>
 *   <li>server-first {@code r=<client nonce + server nonce>,s=<salt>,i=<iterations>}: the nonce must start with
 *       ours, and Kafka's iteration bounds (4096..16384) are checked;</li>
 *   <li>client-final {@code c=biws,r=<nonce>,p=<proof>}, with SaltedPassword from the JDK's PBKDF2;</li>
 *   <li>server-final {@code v=<server signature>}, which must equal ours: otherwise the server did not know the
 *       password (or is not the server) and the exchange fails with {@link SaslExchangeException}.</li>
 * </ol>
 */
public final class ScramExchange implements SaslExchange {

    /** The two hash functions Kafka supports. */
    public enum Hash {
        /** SCRAM-SHA-256. */
        SHA_256("SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 256),
        /** SCRAM-SHA-512. */
        SHA_512("SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 512);

        private final String digest;
        private final String mac;
        private final String pbkdf2;
        private final int bits;

        Hash(String digest, String mac, String pbkdf2, int bits) {
            this.digest = digest;
            this.mac = mac;
            this.pbkdf2 = pbkdf2;
            this.bits = bits;
        }
    }

    private static final int MIN_ITERATIONS = 4096;
    private static final int MAX_ITERATIONS = 16384;

    private enum Step { FIRST, FINAL, DONE }

    private final Hash hash;
    private final String username;
    private final String password;
    private final String clientNonce;
    private Step step = Step.FIRST;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * Creates the exchange.
     *
     * @param hash        SHA-256 or SHA-512
     * @param username    the user name
     * @param password    the password
     * @param clientNonce the client nonce (printable, without commas): random in production, fixed in tests
     */
    public ScramExchange(Hash hash, String username, String password, String clientNonce) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.clientNonce = Objects.requireNonNull(clientNonce, "clientNonce");
    }

    /**
     * A new random client nonce (24 random bytes, base64).
     *
     * @return the nonce
     */
    public static String randomNonce() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '-').replace('/', '_');
    }

    @Override
    public byte[] start() {
        clientFirstBare = "n=" + saslName(username) + ",r=" + clientNonce;
        return utf8("n,," + clientFirstBare);
    }

    @Override
    public byte[] evaluate(byte[] challenge) {
        String message = new String(challenge == null ? new byte[0] : challenge, StandardCharsets.UTF_8);
        switch (step) {
            case FIRST:
                step = Step.FINAL;
                return clientFinal(message);
            case FINAL:
                step = Step.DONE;
                verifyServerFinal(message);
                return null;
            default:
                throw new SaslExchangeException("SCRAM: unexpected message after the exchange completed");
        }
    }

    private byte[] clientFinal(String serverFirst) {
        Map<String, String> attributes = attributes(serverFirst);
        String nonce = attributes.get("r");
        String salt = attributes.get("s");
        String iterationText = attributes.get("i");
        if (nonce == null || salt == null || iterationText == null) {
            throw new SaslExchangeException("SCRAM: malformed server-first message (needs r, s and i)");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new SaslExchangeException("SCRAM: the server nonce does not extend the client nonce");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw new SaslExchangeException("SCRAM: iteration count is not a number: " + iterationText);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new SaslExchangeException("SCRAM: iteration count " + iterations + " outside Kafka's bounds ["
                    + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]");
        }
        byte[] saltedPassword = saltedPassword(Base64.getDecoder().decode(salt), iterations);
        String clientFinalWithoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        byte[] clientKey = hmac(saltedPassword, utf8("Client Key"));
        byte[] storedKey = digest(clientKey);
        byte[] clientSignature = hmac(storedKey, utf8(authMessage));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = hmac(saltedPassword, utf8("Server Key"));
        expectedServerSignature = hmac(serverKey, utf8(authMessage));
        return utf8(clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof));
    }

    private void verifyServerFinal(String serverFinal) {
        Map<String, String> attributes = attributes(serverFinal);
        if (attributes.containsKey("e")) {
            throw new SaslExchangeException("SCRAM: the server refused the authentication: " + attributes.get("e"));
        }
        String v = attributes.get("v");
        if (v == null) {
            throw new SaslExchangeException("SCRAM: malformed server-final message (no v)");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new SaslExchangeException("SCRAM: the server signature is not base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new SaslExchangeException("SCRAM: the server signature does not verify: the server does not know"
                    + " this user's credential (or is not the server it claims to be)");
        }
    }

    private byte[] saltedPassword(byte[] salt, int iterations) {
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(hash.pbkdf2);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, hash.bits);
            try {
                return factory.generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + hash.pbkdf2, e);
        }
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hash.mac);
            mac.init(new SecretKeySpec(key, hash.mac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + hash.mac, e);
        }
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(hash.digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + hash.digest, e);
        }
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> out = new HashMap<>();
        for (String part : message.split(",")) {
            int eq = part.indexOf('=');
            if (eq == 1) {
                out.put(part.substring(0, 1), part.substring(2));
            }
        }
        return out;
    }

    /** RFC 5802 saslname: {@code =} becomes {@code =3D} and {@code ,} becomes {@code =2C}. */
    static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ScramExchange[" + hash + ", user=" + username + ", password=***]";
    }
}
