/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of one Kafka JSON message schema the generator uses. Unknown attributes that only document (about,
 * entityType, mapKey, listeners, latestVersionUnstable, deprecatedVersions) are read and ignored.
 */
public final class Schema {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    /**
     * One field of a struct.
     *
     * @param name             the schema name (PascalCase)
     * @param type             the parsed type
     * @param about            the documentation text
     * @param versions         the versions that carry the field
     * @param nullableVersions the versions where it may be null
     * @param taggedVersions   the versions where it is a tagged field
     * @param tag              the tag, or -1
     * @param ignorable        whether a non-default value may be dropped at versions that lack the field
     * @param defaultValue     the schema default text, or null
     * @param flexibleOverride the field-level flexibleVersions override, or null
     */
    public record Field(String name, FieldType type, String about, Versions versions, Versions nullableVersions,
                        Versions taggedVersions, int tag, boolean ignorable, String defaultValue,
                        Versions flexibleOverride) {
        /**
         * Whether the field is tagged at some version.
         *
         * @return true for a tagged field
         */
        public boolean tagged() {
            return tag >= 0;
        }
    }

    /**
     * A struct: the message itself, an inline struct or a common struct.
     *
     * @param name   the Java class name
     * @param fields the fields in wire order
     */
    public record Struct(String name, List<Field> fields) {
    }

    private final String name;
    private final String type;
    private final int apiKey;
    private final Versions validVersions;
    private final Versions flexibleVersions;
    private final Map<String, Struct> structs = new LinkedHashMap<>();
    private final Struct root;

    private Schema(JsonNode node) {
        this.name = node.path("name").asText();
        this.type = node.path("type").asText();
        this.apiKey = node.has("apiKey") ? node.get("apiKey").asInt() : -1;
        this.validVersions = Versions.parse(node.path("validVersions").asText(null), Versions.NONE);
        this.flexibleVersions = Versions.parse(node.path("flexibleVersions").asText(null), Versions.NONE);
        for (JsonNode cs : node.path("commonStructs")) {
            // Registered before the root so that fields can refer to them; bodies are parsed below.
            structs.put(cs.path("name").asText(), null);
        }
        for (JsonNode cs : node.path("commonStructs")) {
            structs.put(cs.path("name").asText(), new Struct(cs.path("name").asText(), fields(cs)));
        }
        this.root = new Struct(name, fields(node));
    }

    /**
     * Reads a schema file (JSON with comments).
     *
     * @param file the path
     * @return the schema
     * @throws IOException if it cannot be read or parsed
     */
    public static Schema load(Path file) throws IOException {
        return new Schema(JSON.readTree(file.toFile()));
    }

    /**
     * Reads a schema from a stream (for example a class-path resource of the kafka-clients jar).
     *
     * @param in the JSON text with comments; not closed
     * @return the schema
     * @throws IOException if it cannot be read or parsed
     */
    public static Schema load(java.io.InputStream in) throws IOException {
        return new Schema(JSON.readTree(in));
    }

    private List<Field> fields(JsonNode node) {
        List<Field> out = new ArrayList<>();
        for (JsonNode f : node.path("fields")) {
            out.add(field(f));
        }
        return Collections.unmodifiableList(out);
    }

    private Field field(JsonNode f) {
        String fieldName = f.path("name").asText();
        FieldType t = FieldType.parse(f.path("type").asText());
        if (t.isStruct() || t.isStructArray()) {
            String structName = t.structName();
            if (f.has("fields")) {
                if (structs.get(structName) != null) {
                    throw new IllegalArgumentException(name + ": struct " + structName + " defined twice");
                }
                structs.put(structName, new Struct(structName, fields(f)));
            } else if (!structs.containsKey(structName)) {
                throw new IllegalArgumentException(name + "." + fieldName + ": unknown struct type " + structName);
            }
        }
        Versions versions = Versions.parse(f.path("versions").asText(null), null);
        if (versions == null) {
            throw new IllegalArgumentException(name + "." + fieldName + ": no versions");
        }
        return new Field(fieldName, t, f.path("about").asText(""), versions,
                Versions.parse(f.path("nullableVersions").asText(null), Versions.NONE),
                Versions.parse(f.path("taggedVersions").asText(null), Versions.NONE),
                f.has("tag") ? f.get("tag").asInt() : -1,
                f.path("ignorable").asBoolean(false),
                f.has("default") ? f.get("default").asText() : null,
                Versions.parse(f.path("flexibleVersions").asText(null), null));
    }

    /**
     * The schema name, also the generated class name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The schema kind: request, response, header or data.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * The API key, or -1 for headers and data.
     *
     * @return the key
     */
    public int apiKey() {
        return apiKey;
    }

    /**
     * The versions the schema defines.
     *
     * @return the valid versions
     */
    public Versions validVersions() {
        return validVersions;
    }

    /**
     * The versions that use the flexible (KIP-482) encoding.
     *
     * @return the flexible versions
     */
    public Versions flexibleVersions() {
        return flexibleVersions;
    }

    /**
     * The message itself as a struct.
     *
     * @return the root struct
     */
    public Struct root() {
        return root;
    }

    /**
     * Every nested struct (inline and common), by name, in definition order.
     *
     * @return the structs
     */
    public Map<String, Struct> structs() {
        return structs;
    }
}
