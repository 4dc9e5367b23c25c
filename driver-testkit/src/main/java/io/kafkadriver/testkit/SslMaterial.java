package io.kafkadriver.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate (for {@code localhost} and {@code 127.0.0.1}, or another host name) in a PKCS12
 * key store, a PKCS12 trust store holding that certificate for clients, the same certificate as PEM
 * ({@link #brokerCertificatePem()}), and for mutual TLS a client certificate: its PKCS12 key store, the same key and
 * chain as one PEM file, and the broker-side trust store that trusts it. Generated at runtime with the JDK's
 * {@code keytool}, so nothing secret is ever committed.
 */
public final class SslMaterial {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path keyStore;
    private final Path trustStore;
    private final String password;
    private final Path directory;

    private SslMaterial(Path keyStore, Path trustStore, String password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
        this.directory = keyStore.getParent();
    }

    /**
     * Generates a new key pair (EC P-256, valid 2 days), its key store and a trust store under {@code directory}.
     *
     * @param directory where to write {@code broker.p12}, {@code broker.crt} and {@code truststore.p12}
     * @return the generated material
     * @throws IllegalStateException if {@code keytool} fails
     */
    public static SslMaterial generate(Path directory) {
        return generate(directory, null);
    }

    /**
     * Generates the material for a certificate that names {@code hostname} only (for host name mismatch tests), or
     * {@code localhost} and {@code 127.0.0.1} when it is null.
     *
     * @param directory where to write the files
     * @param hostname  the only DNS name in the certificate, or null for localhost and 127.0.0.1
     * @return the generated material
     * @throws IllegalStateException if {@code keytool} fails
     */
    public static SslMaterial generate(Path directory, String hostname) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        String password = UUID.randomUUID().toString();
        Path keyStore = directory.resolve("broker.p12");
        Path cert = directory.resolve("broker.crt");
        Path trustStore = directory.resolve("truststore.p12");
        String san = hostname == null ? "SAN=dns:localhost,ip:127.0.0.1" : "SAN=dns:" + hostname;
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + (hostname == null ? "localhost" : hostname), "-ext", san, "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", password);
        return new SslMaterial(keyStore, trustStore, password);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (exit " + process.exitValue()
                        + "): " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool from " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    /**
     * Returns the broker certificate as PEM, a trust store for clients that read PEM.
     *
     * @return the path of {@code broker.crt}
     */
    public Path brokerCertificatePem() {
        return directory.resolve("broker.crt");
    }

    /**
     * Generates (once) a client key pair and certificate for mutual TLS: {@code client.p12} (PKCS12, this
     * material's password), {@code client.pem} (unencrypted PKCS#8 key and certificate) and {@code clients.p12},
     * the broker's trust store holding the client certificate.
     *
     * @return this material
     */
    public synchronized SslMaterial withClientCertificate() {
        if (Files.exists(clientKeyStore())) {
            return this;
        }
        Path cert = directory.resolve("client.crt");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=driver-client", "-storetype", "PKCS12", "-keystore", clientKeyStore().toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", clientKeyStore().toString(), "-storepass",
                password, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "client", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", clientsTrustStore().toString(), "-storepass", password);
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance(clientKeyStore().toFile(),
                    password.toCharArray());
            java.security.Key key = store.getKey("client", password.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n"
                    + Files.readString(cert, StandardCharsets.US_ASCII);
            Files.writeString(clientPem(), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + clientPem(), e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the client key back", e);
        }
        return this;
    }

    /**
     * Returns the client's PKCS12 key store for mutual TLS (see {@link #withClientCertificate()}).
     *
     * @return its path
     */
    public Path clientKeyStore() {
        return directory.resolve("client.p12");
    }

    /**
     * Returns the client's key and certificate as one PEM file (see {@link #withClientCertificate()}).
     *
     * @return its path
     */
    public Path clientPem() {
        return directory.resolve("client.pem");
    }

    /**
     * Returns the broker-side trust store holding the client certificate (see {@link #withClientCertificate()}).
     *
     * @return its path
     */
    public Path clientsTrustStore() {
        return directory.resolve("clients.p12");
    }

    /**
     * Returns the broker properties of a listener that requires a client certificate signed by
     * {@link #withClientCertificate()}.
     *
     * @param listener the listener name
     * @return broker properties
     */
    public Map<String, String> mutualTlsBrokerConfig(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> config = new java.util.HashMap<>(brokerConfig(listener));
        config.put(prefix + "ssl.client.auth", "required");
        config.put(prefix + "ssl.truststore.type", "PKCS12");
        config.put(prefix + "ssl.truststore.location", clientsTrustStore().toString());
        config.put(prefix + "ssl.truststore.password", password);
        return config;
    }

    /**
     * Returns the PKCS12 key store with the broker's private key and certificate.
     *
     * @return its path
     */
    public Path keyStore() {
        return keyStore;
    }

    /**
     * Returns the PKCS12 trust store holding the broker certificate, for clients.
     *
     * @return its path
     */
    public Path trustStore() {
        return trustStore;
    }

    /**
     * Returns the password of both stores (and of the private key).
     *
     * @return the random password
     */
    public String password() {
        return password;
    }

    /**
     * Returns the broker properties that give {@code listener} this certificate.
     *
     * @param listener the listener name, e.g. {@code SSL}
     * @return broker properties
     */
    public Map<String, String> brokerConfig(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        return Map.of(
                prefix + "ssl.keystore.type", "PKCS12",
                prefix + "ssl.keystore.location", keyStore.toString(),
                prefix + "ssl.keystore.password", password,
                prefix + "ssl.key.password", password);
    }

    /**
     * Returns official-client properties that trust this certificate over {@code SSL} (host name verification on).
     *
     * @return client properties, without the bootstrap address
     */
    public Map<String, String> clientConfig() {
        return Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore.toString(),
                "ssl.truststore.password", password);
    }
}
