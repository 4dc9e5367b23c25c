package io.kafkadriver.api.internal;

import io.kafkadriver.api.Configuration;
import io.kafkadriver.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client's {@link SSLContext} from the configuration: the trust store (PKCS12, JKS or PEM certificates;
 * none = the JVM's default trust), and the key store for mutual TLS (PKCS12, JKS, or PEM with an unencrypted PKCS#8
 * key and its chain). A store that cannot be opened fails with a {@link ConfigurationException} naming the setting,
 * never the password. Internal.
 */
public final class TlsContexts {
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    private TlsContexts() {
    }

    /**
     * Splits a comma-separated list, dropping blanks.
     *
     * @param text e.g. {@code "TLSv1.3, TLSv1.2"}
     * @return the items, trimmed
     */
    public static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    /**
     * The SSL context of a configuration.
     *
     * @param c the configuration
     * @return the context
     * @throws ConfigurationException when a store cannot be opened or a protocol is unknown
     */
    public static SSLContext create(Configuration c) {
        TrustManager[] trust = c.sslTruststorePath().isEmpty() ? null : trustManagers(c);
        KeyManager[] keys = c.sslKeystorePath().isEmpty() ? null : keyManagers(c);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            List<String> supported = List.of(context.getSupportedSSLParameters().getProtocols());
            for (String protocol : list(c.sslProtocols())) {
                if (!supported.contains(protocol)) {
                    throw Checks.error(Setting.SSL_PROTOCOLS, "must list protocols this JVM supports " + supported,
                            "'" + c.sslProtocols() + "'");
                }
            }
            List<String> ciphers = List.of(context.getSupportedSSLParameters().getCipherSuites());
            for (String cipher : list(c.sslCipherSuites())) {
                if (!ciphers.contains(cipher)) {
                    throw Checks.error(Setting.SSL_CIPHER_SUITES, "must list cipher suites this JVM supports",
                            "'" + cipher + "'");
                }
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("securityProtocol", Setting.SECURITY_PROTOCOL.key(),
                    "cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(Configuration c) {
        KeyStore store = load(Setting.SSL_TRUSTSTORE_PATH, Setting.SSL_TRUSTSTORE_PASSWORD, c.sslTruststorePath(),
                c.sslTruststoreType(), c.sslTruststorePassword(), "");
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw storeError(Setting.SSL_TRUSTSTORE_PATH, c.sslTruststorePath(), e);
        }
    }

    private static KeyManager[] keyManagers(Configuration c) {
        String keyPassword = c.sslKeyPassword().isEmpty() ? c.sslKeystorePassword() : c.sslKeyPassword();
        KeyStore store = load(Setting.SSL_KEYSTORE_PATH, Setting.SSL_KEYSTORE_PASSWORD, c.sslKeystorePath(),
                c.sslKeystoreType(), c.sslKeystorePassword(), keyPassword);
        try {
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, keyPassword.toCharArray());
            return f.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(Setting.SSL_KEY_PASSWORD.javaName(), Setting.SSL_KEY_PASSWORD.key(),
                    "cannot read the private key of " + Setting.SSL_KEYSTORE_PATH.javaName() + " '"
                            + c.sslKeystorePath() + "': wrong sslKeyPassword (" + Setting.SSL_KEY_PASSWORD.key()
                            + ") or sslKeystorePassword? (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    private static KeyStore load(Setting pathSetting, Setting passwordSetting, String path, String type,
                                 String password, String keyPassword) {
        Path file = Path.of(path);
        try {
            String kind = type.isEmpty() ? detect(file) : type.toUpperCase(Locale.ROOT);
            if (kind.equals("PEM")) {
                return pem(file, keyPassword);
            }
            if (kind.isEmpty()) {
                return KeyStore.getInstance(file.toFile(), password.toCharArray());
            }
            KeyStore store = KeyStore.getInstance(kind);
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password.toCharArray());
            }
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage())
                    .contains("password")) {
                throw new ConfigurationException(passwordSetting.javaName(), passwordSetting.key(), "cannot open "
                        + pathSetting.javaName() + " '" + path + "': wrong " + passwordSetting.javaName() + " ("
                        + passwordSetting.key() + ")", null);
            }
            throw storeError(pathSetting, path, e);
        } catch (GeneralSecurityException e) {
            throw storeError(pathSetting, path, e);
        }
    }

    private static ConfigurationException storeError(Setting setting, String path, Exception e) {
        return new ConfigurationException(setting.javaName(), setting.key(), "cannot open " + setting.javaName()
                + " (" + setting.key() + ") '" + path + "': " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    private static String detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        return new String(head, StandardCharsets.US_ASCII).trim().startsWith("-----BEGIN") ? "PEM" : "";
    }

    /** A key store from PEM: every certificate, plus the private key (as alias "key") when the file has one. */
    private static KeyStore pem(Path file, String keyPassword) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        // Only the certificate blocks: the JDK's parser does not skip a private key block before them.
        StringBuilder pemCertificates = new StringBuilder();
        Matcher block = PEM_CERTIFICATE.matcher(text);
        while (block.find()) {
            pemCertificates.append(block.group()).append('\n');
        }
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(
                new java.io.ByteArrayInputStream(pemCertificates.toString().getBytes(StandardCharsets.US_ASCII)));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Matcher key = PEM_KEY.matcher(text);
        if (key.find()) {
            byte[] der = Base64.getMimeDecoder().decode(key.group(1));
            store.setKeyEntry("key", privateKey(der), keyPassword.toCharArray(),
                    certificates.toArray(new Certificate[0]));
            return store;
        }
        if (text.contains("ENCRYPTED PRIVATE KEY")) {
            throw new GeneralSecurityException("encrypted PEM private keys are not supported; use PKCS12");
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("cert-" + i++, certificate);
        }
        return store;
    }

    private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
