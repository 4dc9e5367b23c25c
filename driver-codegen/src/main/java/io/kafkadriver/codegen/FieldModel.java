/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import java.util.Set;

/**
 * The Java view of one schema field inside a message whose versions are known: names, default value, and the version
 * conditions as Java expressions over a {@code short version} variable (null = always true, "false" = never).
 */
final class FieldModel {
    private static final Set<String> RESERVED = Set.of("size", "write", "read", "equals", "hashCode", "toString",
            "getClass", "messageName", "apiKey", "lowestSupportedVersion", "highestSupportedVersion", "class",
            "default", "int", "long", "short", "byte", "boolean", "double", "new", "this", "version", "flexible",
            "numTagged", "w", "r", "n", "i", "e", "list");

    final Schema.Field f;
    final FieldType type;
    /** The Java field/getter name. */
    final String java;
    /** The name used in exception messages: {@code Struct.Field}. */
    final String label;
    final String present;
    final String tagged;
    final String nullable;
    /** Whether the field is nullable at any version of the message. */
    final boolean everNullable;
    final String flex;

    FieldModel(Schema.Field f, String structName, Versions valid, Versions flexible) {
        this.f = f;
        this.type = f.type();
        String camel = Character.toLowerCase(f.name().charAt(0)) + f.name().substring(1);
        this.java = RESERVED.contains(camel) ? camel + "Value" : camel;
        this.label = structName + "." + f.name();
        Versions inValid = f.versions().intersect(valid);
        this.present = f.versions().condition(valid);
        this.tagged = f.tagged() ? f.taggedVersions().intersect(inValid).condition(valid) : "false";
        this.nullable = f.nullableVersions().intersect(inValid).condition(valid);
        this.everNullable = !f.nullableVersions().intersect(inValid).isEmpty();
        Versions fv = f.flexibleOverride() != null ? f.flexibleOverride() : flexible;
        String c = fv.condition(valid);
        this.flex = f.flexibleOverride() == null ? (c == null || c.equals("false") ? c : "flexible") : c;
    }

    /** The flexible-encoding expression for this field: a literal or the local {@code flexible}. */
    String flexExpr() {
        return flex == null ? "true" : flex;
    }

    String capitalized() {
        return Character.toUpperCase(java.charAt(0)) + java.substring(1);
    }

    boolean defaultIsNull() {
        return "null".equals(f.defaultValue());
    }

    /** The Java expression of the default value. */
    String defaultExpr() {
        String d = f.defaultValue();
        if (type.array()) {
            return defaultIsNull() ? "null" : "new ArrayList<>(0)";
        }
        if (type.isStruct()) {
            return defaultIsNull() ? "null" : "new " + type.structName() + "()";
        }
        switch (type.element()) {
            case "string":
                return defaultIsNull() ? "null" : "\"" + (d == null ? "" : escape(d)) + "\"";
            case "bytes":
                return defaultIsNull() ? "null" : "Support.EMPTY_BYTES";
            case "records":
                return "null";
            case "uuid":
                return "Uuid.ZERO";
            case "bool":
                return d == null ? "false" : String.valueOf(Boolean.parseBoolean(d));
            case "float64":
                return d == null ? "0.0" : String.valueOf(Double.parseDouble(d));
            case "int64":
                return (d == null ? 0L : Long.decode(d)) + "L";
            case "int8":
                return "(byte) " + (d == null ? 0 : Byte.decode(d));
            case "int16":
                return "(short) " + (d == null ? 0 : Short.decode(d));
            case "uint16":
            case "int32":
                return String.valueOf(d == null ? 0 : Integer.decode(d));
            default:
                throw new IllegalStateException("no default for " + type);
        }
    }

    /** A Java expression that is true when the field holds something other than its default. */
    String nonDefaultExpr() {
        String x = "this." + java;
        if (type.array()) {
            return defaultIsNull() ? x + " != null" : "(" + x + " == null || !" + x + ".isEmpty())";
        }
        if (type.isStruct()) {
            return defaultIsNull() ? x + " != null"
                    : "(" + x + " == null || !" + x + ".equals(" + type.structName() + ".DEFAULT_INSTANCE))";
        }
        return switch (type.element()) {
            case "string" -> defaultIsNull() ? x + " != null" : "!" + defaultExpr() + ".equals(" + x + ")";
            case "bytes" -> defaultIsNull() ? x + " != null" : "(" + x + " == null || " + x + ".length != 0)";
            case "records" -> x + " != null";
            case "uuid" -> "!Uuid.ZERO.equals(" + x + ")";
            case "bool" -> defaultExpr().equals("true") ? "!" + x : x;
            case "float64" -> "Double.compare(" + x + ", " + defaultExpr() + ") != 0";
            default -> x + " != " + defaultExpr();
        };
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Combines two conditions with AND, folding null (always) and "false" (never). */
    static String and(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.equals("false") || b.equals("false")) {
            return "false";
        }
        return a + " && " + b;
    }

    /** Negates a condition, folding null (always) and "false" (never). */
    static String not(String a) {
        if (a == null) {
            return "false";
        }
        if (a.equals("false")) {
            return null;
        }
        return "!(" + a + ")";
    }
}
