/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.api.compat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a broker advertises in an ApiVersions v0 answer, read over a plain socket with bytes written here by hand,
 * not with the driver's codec: the independent record against which a test checks the versions the driver's
 * connection chose. ApiVersions v0 is the one version every broker from 0.10 to 4.1 answers.
 */
final class ApiVersionsProbe {
    private static final short API_VERSIONS = 18;

    private ApiVersionsProbe() {
    }

    /**
     * Asks the broker for its API ranges.
     *
     * @param hostPort {@code host:port}
     * @return by API key, {@code {min, max}}
     * @throws UncheckedIOException if the broker cannot be reached or answers an error
     */
    static Map<Integer, short[]> ranges(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 5_000);
            socket.setSoTimeout(10_000);
            byte[] clientId = "compat-probe".getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // Request header v1: api_key, api_version, correlation_id, client_id (int16 length); the v0 body is empty.
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(API_VERSIONS);
            out.writeShort(0);
            out.writeInt(7);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readInt(); // size
            int correlation = in.readInt();
            short error = in.readShort();
            if (correlation != 7 || error != 0) {
                throw new IOException("ApiVersions v0: correlation " + correlation + ", error " + error);
            }
            int count = in.readInt();
            Map<Integer, short[]> ranges = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                int key = in.readShort();
                ranges.put(key, new short[] {in.readShort(), in.readShort()});
            }
            return ranges;
        } catch (IOException e) {
            throw new UncheckedIOException("ApiVersions probe of " + hostPort, e);
        }
    }
}
