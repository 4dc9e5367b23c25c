/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

import java.util.Comparator;
import java.util.List;

/**
 * Emits the {@code write}, {@code size} and {@code read} methods of one generated struct, following the encoding rules
 * of Kafka's own generated code: classic vs compact (KIP-482) lengths per version, tagged fields in tag order at the
 * end of every flexible struct, a one-byte presence marker before nullable structs, and defaults for absent fields.
 */
final class CodecGenerator {
    private final CodeWriter out;
    private final String structName;
    private final List<FieldModel> fields;
    private final List<FieldModel> taggedFields;
    private final String flexibleCond;

    CodecGenerator(CodeWriter out, String structName, List<FieldModel> fields, String flexibleCond) {
        this.out = out;
        this.structName = structName;
        this.fields = fields;
        this.flexibleCond = flexibleCond;
        this.taggedFields = fields.stream().filter(m -> !"false".equals(m.tagged))
                .sorted(Comparator.comparingInt(m -> m.f.tag())).toList();
    }

    private void flexibleLocal() {
        if (flexibleCond != null && !flexibleCond.equals("false")) {
            out.line("boolean flexible = " + flexibleCond + ";");
        }
    }

    private String flexibleTest() {
        return flexibleCond == null ? "true" : flexibleCond.equals("false") ? "false" : "flexible";
    }

    private void openIf(String cond) {
        if (cond != null) {
            out.line("if (" + cond + ") {");
        }
    }

    private void closeIf(String cond) {
        if (cond != null) {
            out.line("}");
        }
    }

    // ---------------------------------------------------------------- write

    void emitWrite(String versionCheck) {
        out.line("public void write(ProtocolWriter w, short version) {");
        out.line(versionCheck);
        flexibleLocal();
        if (!taggedFields.isEmpty()) {
            out.line("int numTagged = 0;");
        }
        for (FieldModel m : fields) {
            emitWriteField(m);
        }
        if (!"false".equals(flexibleCond)) {
            openIf(flexibleCond == null ? null : "flexible");
            out.line("w.writeUnsignedVarint(" + (taggedFields.isEmpty() ? "0" : "numTagged") + ");");
            for (FieldModel m : taggedFields) {
                out.line("if (" + FieldModel.and(m.tagged, m.nonDefaultExpr()) + ") {");
                out.line("w.writeUnsignedVarint(" + m.f.tag() + ");");
                out.line("w.writeUnsignedVarint(taggedSize" + m.capitalized() + "(version));");
                writeValue(m);
                out.line("}");
            }
            closeIf(flexibleCond == null ? null : "flexible");
        }
        out.line("}");
    }

    private void emitWriteField(FieldModel m) {
        String absent = m.f.ignorable() ? null : m.nonDefaultExpr();
        if ("false".equals(m.present)) {
            if (absent != null) {
                out.line("if (" + absent + ") {");
                out.line("throw Support.unsupported(\"" + m.label + "\", version, \"" + m.f.versions() + "\");");
                out.line("}");
            }
            return;
        }
        openIf(m.present);
        if (m.tagged == null) {
            out.line("if (" + m.nonDefaultExpr() + ") {");
            out.line("numTagged++;");
            out.line("}");
        } else {
            if (!m.tagged.equals("false")) {
                out.line("if (" + m.tagged + ") {");
                out.line("if (" + m.nonDefaultExpr() + ") {");
                out.line("numTagged++;");
                out.line("}");
                out.line("} else {");
            }
            writeValue(m);
            if (!m.tagged.equals("false")) {
                out.line("}");
            }
        }
        if (m.present != null) {
            if (absent != null) {
                out.line("} else if (" + absent + ") {");
                out.line("throw Support.unsupported(\"" + m.label + "\", version, \"" + m.f.versions() + "\");");
            }
            out.line("}");
        }
    }

    private void nullCheck(FieldModel m, String x) {
        if (!m.type.isReference() || m.nullable == null) {
            return;
        }
        String cond = FieldModel.and(x + " == null", FieldModel.not(m.nullable));
        out.line("if (" + cond + ") {");
        out.line("throw Support.nullField(\"" + m.label + "\", version);");
        out.line("}");
    }

    private void writeValue(FieldModel m) {
        String x = "this." + m.java;
        nullCheck(m, x);
        FieldType t = m.type;
        if (t.array()) {
            out.line("if (" + x + " == null) {");
            out.line("w.writeArrayLength(-1, " + m.flexExpr() + ");");
            out.line("} else {");
            out.line("w.writeArrayLength(" + x + ".size(), " + m.flexExpr() + ");");
            out.line("for (" + t.elementJavaType(true) + " e : " + x + ") {");
            out.line(writeElement(t.element(), "e", m.flexExpr()));
            out.line("}");
            out.line("}");
        } else if (t.isStruct()) {
            if (m.everNullable) {
                String cond = m.nullable;
                openIf(cond);
                out.line("if (" + x + " == null) {");
                out.line("w.writeInt8((byte) -1);");
                out.line("} else {");
                out.line("w.writeInt8((byte) 1);");
                out.line(x + ".write(w, version);");
                out.line("}");
                if (cond != null) {
                    out.line("} else {");
                    out.line(x + ".write(w, version);");
                    out.line("}");
                }
            } else {
                out.line(x + ".write(w, version);");
            }
        } else {
            out.line(writeElement(t.element(), x, m.flexExpr()));
        }
    }

    private static String writeElement(String element, String x, String flex) {
        return switch (element) {
            case "int8" -> "w.writeInt8(" + x + ");";
            case "int16" -> "w.writeInt16(" + x + ");";
            case "uint16" -> "w.writeUint16(" + x + ");";
            case "int32" -> "w.writeInt32(" + x + ");";
            case "int64" -> "w.writeInt64(" + x + ");";
            case "float64" -> "w.writeFloat64(" + x + ");";
            case "bool" -> "w.writeBool(" + x + ");";
            case "uuid" -> "w.writeUuid(" + x + ");";
            case "string" -> "w.writeString(" + x + ", " + flex + ");";
            case "bytes", "records" -> "w.writeBytes(" + x + ", " + flex + ");";
            default -> x + ".write(w, version);";
        };
    }

    // ---------------------------------------------------------------- size

    void emitSize(String versionCheck) {
        out.line("public int size(short version) {");
        out.line(versionCheck);
        flexibleLocal();
        out.line("int size = 0;");
        if (!taggedFields.isEmpty()) {
            out.line("int numTagged = 0;");
        }
        for (FieldModel m : fields) {
            if ("false".equals(m.present)) {
                continue;
            }
            openIf(m.present);
            if (!"false".equals(m.tagged)) {
                openIf(m.tagged);
                out.line("if (" + m.nonDefaultExpr() + ") {");
                out.line("numTagged++;");
                out.line("int s = taggedSize" + m.capitalized() + "(version);");
                out.line("size += Varint.sizeOfUnsignedVarint(" + m.f.tag() + ") + Varint.sizeOfUnsignedVarint(s) + s;");
                out.line("}");
                if (m.tagged != null) {
                    out.line("} else {");
                    sizeValue(m);
                    out.line("}");
                }
            } else {
                sizeValue(m);
            }
            closeIf(m.present);
        }
        if (!"false".equals(flexibleCond)) {
            openIf(flexibleCond == null ? null : "flexible");
            out.line("size += Varint.sizeOfUnsignedVarint(" + (taggedFields.isEmpty() ? "0" : "numTagged") + ");");
            closeIf(flexibleCond == null ? null : "flexible");
        }
        out.line("return size;");
        out.line("}");
        for (FieldModel m : taggedFields) {
            out.line("");
            out.line("private int taggedSize" + m.capitalized() + "(short version) {");
            flexibleLocal();
            out.line("int size = 0;");
            sizeValue(m);
            out.line("return size;");
            out.line("}");
        }
    }

    private void sizeValue(FieldModel m) {
        String x = "this." + m.java;
        FieldType t = m.type;
        if (t.array()) {
            out.line("if (" + x + " == null) {");
            out.line("size += ProtocolWriter.sizeOfArrayLength(-1, " + m.flexExpr() + ");");
            out.line("} else {");
            out.line("size += ProtocolWriter.sizeOfArrayLength(" + x + ".size(), " + m.flexExpr() + ");");
            if (t.fixedSize() > 0) {
                out.line("size += " + x + ".size() * " + t.fixedSize() + ";");
            } else {
                out.line("for (" + t.elementJavaType(true) + " e : " + x + ") {");
                out.line("size += " + sizeElement(t.element(), "e", m.flexExpr()) + ";");
                out.line("}");
            }
            out.line("}");
        } else if (t.isStruct()) {
            if (m.everNullable) {
                String cond = m.nullable;
                String nullableSize = "(" + x + " == null ? 1 : 1 + " + x + ".size(version))";
                out.line("size += " + (cond == null ? nullableSize
                        : "(" + cond + ") ? " + nullableSize + " : " + x + ".size(version)") + ";");
            } else {
                out.line("size += " + x + ".size(version);");
            }
        } else {
            out.line("size += " + sizeElement(t.element(), x, m.flexExpr()) + ";");
        }
    }

    private static String sizeElement(String element, String x, String flex) {
        return switch (element) {
            case "int8", "bool" -> "1";
            case "int16", "uint16" -> "2";
            case "int32" -> "4";
            case "int64", "float64" -> "8";
            case "uuid" -> "16";
            case "string" -> "ProtocolWriter.sizeOfString(" + x + ", " + flex + ")";
            case "bytes", "records" -> "ProtocolWriter.sizeOfBytes(" + x + ", " + flex + ")";
            default -> x + ".size(version)";
        };
    }

    // ---------------------------------------------------------------- read

    void emitRead(String versionCheck) {
        out.line("public void read(ProtocolReader r, short version) {");
        out.line(versionCheck);
        flexibleLocal();
        for (FieldModel m : fields) {
            String regular = FieldModel.and(m.present, FieldModel.not(m.tagged));
            if ("false".equals(regular)) {
                out.line("this." + m.java + " = " + m.defaultExpr() + ";");
                continue;
            }
            openIf(regular);
            readValue(m);
            if (regular != null) {
                out.line("} else {");
                out.line("this." + m.java + " = " + m.defaultExpr() + ";");
                out.line("}");
            }
        }
        if (!"false".equals(flexibleCond)) {
            openIf(flexibleCond == null ? null : "flexible");
            emitReadTagged();
            closeIf(flexibleCond == null ? null : "flexible");
        }
        out.line("}");
    }

    private void emitReadTagged() {
        String tf = "\"" + structName + "._tagged_fields\"";
        out.line("int numTagged = r.readUnsignedVarint(" + tf + ");");
        out.line("for (int i = 0; i < numTagged; i++) {");
        out.line("int tag = r.readUnsignedVarint(" + tf + ");");
        out.line("int tagSize = r.readTaggedFieldSize(" + tf + ");");
        if (taggedFields.isEmpty()) {
            out.line("r.skip(tagSize, " + tf + ");");
        } else {
            out.line("switch (tag) {");
            for (FieldModel m : taggedFields) {
                out.line("case " + m.f.tag() + ": {");
                openIf(m.tagged);
                out.line("int start = r.position();");
                readValue(m);
                out.line("Support.checkTaggedSize(r, start, tagSize, \"" + m.label + "\");");
                out.line("break;");
                closeIf(m.tagged);
                if (m.tagged != null) {
                    out.line("r.skip(tagSize, " + tf + ");");
                    out.line("break;");
                }
                out.line("}");
            }
            out.line("default:");
            out.line("r.skip(tagSize, " + tf + ");");
            out.line("break;");
            out.line("}");
        }
        out.line("}");
    }

    private void readValue(FieldModel m) {
        String x = "this." + m.java;
        String name = "\"" + m.label + "\"";
        FieldType t = m.type;
        if (t.array()) {
            out.line("{");
            out.line("int n" + m.capitalized() + " = r.readArrayLength(" + name + ", " + m.flexExpr() + ");");
            out.line("if (n" + m.capitalized() + " < 0) {");
            if (!nullRead(m)) {
                out.line(x + " = null;");
            }
            out.line("} else {");
            out.line(t.javaType() + " list = new ArrayList<>(n" + m.capitalized() + ");");
            out.line("for (int j = 0; j < n" + m.capitalized() + "; j++) {");
            if (t.isStructArray()) {
                out.line(t.element() + " e = new " + t.element() + "();");
                out.line("e.read(r, version);");
                out.line("list.add(e);");
            } else {
                out.line("list.add(" + readElement(t.element(), name, m.flexExpr()) + ");");
                if (t.element().equals("string")) {
                    out.line("if (list.get(j) == null) {");
                    out.line("throw Support.nullRead(" + name + " + \" element\", version);");
                    out.line("}");
                }
            }
            out.line("}");
            out.line(x + " = list;");
            out.line("}");
            out.line("}");
        } else if (t.isStruct()) {
            if (m.everNullable) {
                openIf(m.nullable);
                out.line("if (r.readInt8(" + name + ") < 0) {");
                out.line(x + " = null;");
                out.line("} else {");
                out.line(x + " = new " + t.element() + "();");
                out.line(x + ".read(r, version);");
                out.line("}");
                if (m.nullable != null) {
                    out.line("} else {");
                    out.line(x + " = new " + t.element() + "();");
                    out.line(x + ".read(r, version);");
                    out.line("}");
                }
            } else {
                out.line(x + " = new " + t.element() + "();");
                out.line(x + ".read(r, version);");
            }
        } else {
            out.line(x + " = " + readElement(t.element(), name, m.flexExpr()) + ";");
            if (t.isReference() && !t.element().equals("uuid")) {
                out.line("if (" + x + " == null) {");
                nullRead(m);
                out.line("}");
            }
        }
    }

    /** Emits the rejection of a null read where the field is not nullable; true if it always throws. */
    private boolean nullRead(FieldModel m) {
        if (m.nullable == null) {
            return false;
        }
        String cond = FieldModel.not(m.nullable);
        out.line(cond == null ? "throw Support.nullRead(\"" + m.label + "\", version);"
                : "if (" + cond + ") {");
        if (cond != null) {
            out.line("throw Support.nullRead(\"" + m.label + "\", version);");
            out.line("}");
        }
        return cond == null;
    }

    private static String readElement(String element, String name, String flex) {
        return switch (element) {
            case "int8" -> "r.readInt8(" + name + ")";
            case "int16" -> "r.readInt16(" + name + ")";
            case "uint16" -> "r.readUint16(" + name + ")";
            case "int32" -> "r.readInt32(" + name + ")";
            case "int64" -> "r.readInt64(" + name + ")";
            case "float64" -> "r.readFloat64(" + name + ")";
            case "bool" -> "r.readBool(" + name + ")";
            case "uuid" -> "r.readUuid(" + name + ")";
            case "string" -> "r.readString(" + name + ", " + flex + ")";
            case "bytes" -> "r.readBytes(" + name + ", " + flex + ")";
            case "records" -> "r.readByteBuffer(" + name + ", " + flex + ")";
            default -> throw new IllegalStateException(element);
        };
    }
}
