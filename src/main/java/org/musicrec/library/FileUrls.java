package org.musicrec.library;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Converts between local paths and the percent-encoded {@code file://} URLs Clementine and
 * Strawberry store (Qt's {@code QUrl::toEncoded()}: space → %20, '#' → %23, '%' → %25, non-ASCII as
 * UTF-8 %XX; sub-delimiters such as {@code ( ) & ' , ! +} left as they are).
 *
 * <p>{@link java.net.URI} is not used for decoding because it rejects some byte sequences real
 * players write, and it would decode '+' as a space in some APIs; we decode strictly by hand.
 */
public final class FileUrls {
    private static final String SCHEME = "file://";

    private FileUrls() {
    }

    /** The local path of a file:// URL; throws IllegalArgumentException for other schemes or bad escapes. */
    public static Path toPath(String url) {
        if (url == null || !url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("not a file:// URL: " + url);
        }
        String rest = url.substring(SCHEME.length());
        // file://host/path: only an empty host or "localhost" names this machine.
        if (!rest.startsWith("/")) {
            if (rest.regionMatches(true, 0, "localhost/", 0, 10)) {
                rest = rest.substring(9);
            } else {
                throw new IllegalArgumentException("file URL on another host: " + url);
            }
        }
        return Path.of(percentDecode(rest));
    }

    public static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    throw new IllegalArgumentException("truncated %-escape in " + s);
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad %-escape in " + s);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The file:// URL for an absolute path, encoded the way Clementine encodes it. */
    public static String toUrl(Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        StringBuilder sb = new StringBuilder(SCHEME);
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreservedOrAllowed(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean isUnreservedOrAllowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0;
    }
}
