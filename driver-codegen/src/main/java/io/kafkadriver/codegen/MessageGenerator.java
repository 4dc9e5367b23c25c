/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build-time entry point: reads Apache Kafka's JSON message schemas and writes one Java class per message plus the
 * {@code ApiKey} enum.
 *
 * <p>Arguments: {@code <schemaDir> <outputDir> <package> <apis> <messages>} where {@code apis} is a comma-separated
 * list of API names (each gives {@code <Name>Request} and {@code <Name>Response}) and {@code messages} a
 * comma-separated list of other schemas (headers, embedded data); {@code -} stands for an empty list. The lists live
 * in driver-protocol's pom.
 */
public final class MessageGenerator {
    private MessageGenerator() {
    }

    /**
     * Runs the generator.
     *
     * @param args see the class comment
     * @throws IOException if a schema cannot be read or a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: MessageGenerator <schemaDir> <outputDir> <package> <api,api,...> <message,message,...>");
        }
        Path schemaDir = Path.of(args[0]);
        String pkg = args[2];
        Path outDir = Path.of(args[1]).resolve(pkg.replace('.', '/'));
        Files.createDirectories(outDir);
        List<Schema[]> apis = new ArrayList<>();
        int files = 0;
        for (String api : split(args[3])) {
            Schema request = load(schemaDir, api + "Request");
            Schema response = load(schemaDir, api + "Response");
            if (request.apiKey() != response.apiKey() || request.apiKey() < 0) {
                throw new IllegalArgumentException(api + ": request and response API keys differ or are missing");
            }
            apis.add(new Schema[] {request, response});
            files += write(outDir, request, pkg) + write(outDir, response, pkg);
        }
        for (String message : split(args[4])) {
            files += write(outDir, load(schemaDir, message), pkg);
        }
        if (!apis.isEmpty()) {
            Files.writeString(outDir.resolve("ApiKey.java"), new ApiKeyGenerator(pkg, apis).generate(),
                    StandardCharsets.UTF_8);
            files++;
        }
        System.out.println("MessageGenerator: wrote " + files + " classes to " + outDir);
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank() && !s.equals("-")) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static Schema load(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".json");
        if (!Files.exists(file)) {
            throw new IOException("schema " + file + " not found (is kafka-clients unpacked into " + dir + "?)");
        }
        try {
            return Schema.load(file);
        } catch (RuntimeException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static int write(Path outDir, Schema schema, String pkg) throws IOException {
        String source = new StructGenerator(schema, pkg).generate();
        Path file = outDir.resolve(schema.name() + ".java");
        // Rewrite only on change so incremental compilation does not recompile untouched messages.
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(source)) {
            Files.writeString(file, source, StandardCharsets.UTF_8);
        }
        return 1;
    }
}
