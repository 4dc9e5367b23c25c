/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.types;

/**
 * Allocation-free UTF-8 length and encoding of Java strings, byte-for-byte identical to
 * {@code String.getBytes(StandardCharsets.UTF_8)} (an unpaired surrogate becomes {@code '?'}), so that sizing and
 * writing a string needs no temporary byte array.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The number of bytes the UTF-8 encoding of a string takes.
     *
     * @param s the string
     * @return its encoded length
     */
    public static int encodedLength(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    len += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2; // two chars become four bytes
                    i++;
                } else if (Character.isSurrogate(c)) {
                    len += 0; // an unpaired surrogate is written as '?'
                } else {
                    len += 2;
                }
            }
        }
        return len;
    }

    /**
     * Encodes a string into an array; the caller has checked there is room for {@link #encodedLength} bytes.
     *
     * @param s   the string
     * @param dst the destination
     * @param off where to start writing
     * @return the offset after the last byte written
     */
    public static int encode(String s, byte[] dst, int off) {
        int p = off;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                dst[p++] = (byte) c;
            } else if (c < 0x800) {
                dst[p++] = (byte) (0xC0 | (c >> 6));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[p++] = (byte) (0xF0 | (cp >> 18));
                dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                dst[p++] = (byte) '?';
            } else {
                dst[p++] = (byte) (0xE0 | (c >> 12));
                dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
