/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.codegen;

/**
 * Accumulates generated Java source with four-space indentation. A line ending in {@code {} opens a block and a line
 * starting with {@code }} closes one, so callers write plain lines.
 */
public final class CodeWriter {
    private final StringBuilder out = new StringBuilder(16384);
    private int indent;

    /**
     * Appends one line (or nothing for null), adjusting the indentation on braces.
     *
     * @param line the line without indentation
     * @return this writer
     */
    public CodeWriter line(String line) {
        if (line == null) {
            return this;
        }
        if (line.startsWith("}")) {
            indent--;
        }
        if (!line.isEmpty()) {
            out.append("    ".repeat(Math.max(0, indent))).append(line);
        }
        out.append('\n');
        if (line.endsWith("{")) {
            indent++;
        }
        return this;
    }

    /**
     * Appends a Javadoc comment.
     *
     * @param text the comment text (escaped for HTML-free Javadoc)
     * @return this writer
     */
    public CodeWriter javadoc(String text) {
        String t = text.replace("*/", "*&#47;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;");
        line("/** " + t + " */");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
