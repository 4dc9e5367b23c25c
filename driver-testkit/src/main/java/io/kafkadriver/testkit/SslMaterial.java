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
 * A self-signed broker certificate (for {@code localhost} and {@code 127.0.0.1}) in a PKCS12 key store, and a
 * PKCS12 trust store holding that certificate for clients. Generated at runtime with the JDK's {@code keytool}, so
 * nothing secret is ever committed.
 */
public final class SslMaterial {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path keyStore;
    private final Path trustStore;
    private final String password;

    private SslMaterial(Path keyStore, Path trustStore, String password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
    }

    /**
     * Generates a new key pair (EC P-256, valid 2 days), its key store and a trust store under {@code directory}.
     *
     * @param directory where to write {@code broker.p12}, {@code broker.crt} and {@code truststore.p12}
     * @return the generated material
     * @throws IllegalStateException if {@code keytool} fails
     */
    public static SslMaterial generate(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        String password = UUID.randomUUID().toString();
        Path keyStore = directory.resolve("broker.p12");
        Path cert = directory.resolve("broker.crt");
        Path trustStore = directory.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
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
