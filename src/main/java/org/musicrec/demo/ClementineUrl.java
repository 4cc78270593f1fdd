package org.musicrec.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File URLs exactly as Clementine stores them in {@code songs.filename}: QUrl::toEncoded() of
 * QUrl::fromLocalFile(path). Unreserved characters, the sub-delimiters {@code ! $ & ' ( ) * + , ; =}
 * and {@code : @ /} stay literal; everything else — space, '#', '%', '?', non-ASCII (as UTF-8
 * bytes) — becomes %XX with upper-case hex.
 */
public final class ClementineUrl {
    private static final String LITERAL = "-._~!$&'()*+,;=:@/";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ClementineUrl() {
    }

    /** {@code file://} URL of an absolute path, percent-encoded. */
    public static String encode(Path absolutePath) {
        String path = absolutePath.toAbsolutePath().normalize().toString();
        StringBuilder sb = new StringBuilder("file://");
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || LITERAL.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /** The bytes Clementine binds (a QByteArray, hence a BLOB): UTF-8 of the encoded URL. */
    public static byte[] blob(Path absolutePath) {
        return encode(absolutePath).getBytes(StandardCharsets.UTF_8);
    }

    /** Inverse of {@link #encode}: strips {@code file://} and percent-decodes the UTF-8 bytes. */
    public static Path decode(String url) {
        if (!url.startsWith("file://")) {
            throw new IllegalArgumentException("not a file:// URL: " + url);
        }
        String s = url.substring("file://".length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return Path.of(out.toString(StandardCharsets.UTF_8));
    }
}
