/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The schema model: version ranges, their Java conditions, types, and schema parsing with comments. */
class SchemaModelTest {
    private static final Versions VALID = new Versions((short) 4, (short) 18);

    @Test
    void versionRangesParseAndFoldIntoConditions() {
        assertEquals(new Versions((short) 3, Short.MAX_VALUE), Versions.parse("3+", null));
        assertEquals(new Versions((short) 1, (short) 4), Versions.parse("1-4", null));
        assertEquals(new Versions((short) 2, (short) 2), Versions.parse("2", null));
        assertTrue(Versions.parse("none", null).isEmpty());
        assertEquals(Versions.ALL, Versions.parse(null, Versions.ALL));
        assertNull(Versions.parse("0+", null).condition(VALID), "always true within the valid range");
        assertEquals("false", Versions.parse("0-3", null).condition(VALID));
        assertEquals("version >= 7", Versions.parse("7+", null).condition(VALID));
        assertEquals("version <= 12", Versions.parse("0-12", null).condition(VALID));
        assertEquals("(version >= 7 && version <= 12)", Versions.parse("7-12", null).condition(VALID));
        assertEquals("version == 9", Versions.parse("9", null).condition(VALID));
        assertEquals("12+", Versions.parse("12+", null).toString());
    }

    @Test
    void typesMapToJava() {
        assertEquals("List<Integer>", FieldType.parse("[]int32").javaType());
        assertEquals("ByteBuffer", FieldType.parse("records").javaType());
        assertEquals("int", FieldType.parse("uint16").javaType());
        assertTrue(FieldType.parse("[]Topic").isStructArray());
        assertTrue(FieldType.parse("Leader").isStruct());
        assertFalse(FieldType.parse("int64").isReference());
        assertThrows(IllegalArgumentException.class, () -> FieldType.parse("int128"));
        assertThrows(IllegalArgumentException.class, () -> FieldType.parse("[]records"));
    }

    @Test
    void schemaWithCommentsAndCommonStructsParses() throws IOException {
        String json = """
                // Licensed to the Apache Software Foundation (ASF)
                {
                  "apiKey": 99, "type": "request", "name": "DemoRequest",
                  "validVersions": "0-3", "flexibleVersions": "2+",
                  "fields": [
                    // a comment inside
                    { "name": "Items", "type": "[]Item", "versions": "0+", "about": "x" },
                    { "name": "Tagged", "type": "int32", "versions": "2+", "taggedVersions": "2+", "tag": 0,
                      "default": "-1", "about": "y" }
                  ],
                  "commonStructs": [
                    { "name": "Item", "versions": "0+", "fields": [
                      { "name": "Id", "type": "uuid", "versions": "0+", "about": "z" } ] }
                  ]
                }
                """;
        Schema s = Schema.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(99, s.apiKey());
        assertEquals(2, s.flexibleVersions().lowest());
        assertTrue(s.structs().containsKey("Item"));
        assertTrue(s.root().fields().get(1).tagged());
        String source = new StructGenerator(s, "p").generate();
        assertTrue(source.contains("public final class DemoRequest implements Message"));
        assertTrue(source.contains("public static final class Item"));
        assertTrue(source.contains("if (version >= 2 && this.tagged != -1) {"), "tagged only when not default");
        assertTrue(source.contains("w.writeUnsignedVarint(taggedSizeTagged(version));"), "tagged size prefix");
    }

    @Test
    void unknownStructTypeIsReportedWithItsField() {
        String json = """
                {"type": "data", "name": "Bad", "validVersions": "0", "flexibleVersions": "none",
                 "fields": [ { "name": "X", "type": "Missing", "versions": "0+" } ] }
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schema.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("Bad.X") && e.getMessage().contains("Missing"), e.getMessage());
    }
}
