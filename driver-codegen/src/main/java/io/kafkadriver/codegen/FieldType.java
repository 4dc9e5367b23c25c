/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import java.util.Set;

/**
 * A schema field type: a primitive ({@code int8 int16 uint16 int32 int64 float64 bool string bytes records uuid}),
 * a struct name, or an array ({@code []T}) of either.
 *
 * @param element the primitive or struct name (without {@code []})
 * @param array   whether the field is an array of {@code element}
 */
public record FieldType(String element, boolean array) {
    private static final Set<String> PRIMITIVES = Set.of("int8", "int16", "uint16", "int32", "int64", "float64",
            "bool", "string", "bytes", "records", "uuid");

    /**
     * Parses a schema type.
     *
     * @param text the type text
     * @return the type
     * @throws IllegalArgumentException for an unknown lower-case type
     */
    public static FieldType parse(String text) {
        boolean isArray = text.startsWith("[]");
        String e = isArray ? text.substring(2) : text;
        if (!PRIMITIVES.contains(e) && !Character.isUpperCase(e.charAt(0))) {
            throw new IllegalArgumentException("unsupported schema type " + text);
        }
        if (isArray && (e.equals("records") || e.equals("bytes"))) {
            throw new IllegalArgumentException("unsupported schema type " + text);
        }
        return new FieldType(e, isArray);
    }

    /**
     * Whether this is a single struct.
     *
     * @return true for a struct field
     */
    public boolean isStruct() {
        return !array && !PRIMITIVES.contains(element);
    }

    /**
     * Whether this is an array of structs.
     *
     * @return true for a struct array
     */
    public boolean isStructArray() {
        return array && !PRIMITIVES.contains(element);
    }

    /**
     * The struct name of a struct or struct array.
     *
     * @return the element name
     */
    public String structName() {
        return element;
    }

    /**
     * Whether the wire encoding can be null at all (strings, bytes, records, arrays, structs).
     *
     * @return true for a reference-typed field
     */
    public boolean isReference() {
        return array || !PRIMITIVES.contains(element) || element.equals("string") || element.equals("bytes")
                || element.equals("records") || element.equals("uuid");
    }

    /**
     * The Java type of one element (boxed when {@code boxed}).
     *
     * @param boxed whether a boxed type is needed (list elements)
     * @return the Java type
     */
    public String elementJavaType(boolean boxed) {
        return switch (element) {
            case "int8" -> boxed ? "Byte" : "byte";
            case "int16" -> boxed ? "Short" : "short";
            case "uint16", "int32" -> boxed ? "Integer" : "int";
            case "int64" -> boxed ? "Long" : "long";
            case "float64" -> boxed ? "Double" : "double";
            case "bool" -> boxed ? "Boolean" : "boolean";
            case "string" -> "String";
            case "bytes" -> "byte[]";
            case "records" -> "ByteBuffer";
            case "uuid" -> "Uuid";
            default -> element;
        };
    }

    /**
     * The Java type of the field.
     *
     * @return the Java type
     */
    public String javaType() {
        return array ? "List<" + elementJavaType(true) + ">" : elementJavaType(false);
    }

    /**
     * The fixed wire size of one primitive element, or -1 for variable-size types.
     *
     * @return the size in bytes
     */
    public int fixedSize() {
        return switch (element) {
            case "int8", "bool" -> 1;
            case "int16", "uint16" -> 2;
            case "int32" -> 4;
            case "int64", "float64" -> 8;
            case "uuid" -> 16;
            default -> -1;
        };
    }
}
