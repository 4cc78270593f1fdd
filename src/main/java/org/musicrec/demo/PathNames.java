package org.musicrec.demo;

import java.nio.charset.Charset;
import java.text.Normalizer;

/** Turns a tag value into a safe file/folder name segment, keeping spaces and non-ASCII as a real library would. */
final class PathNames {
    private PathNames() {
    }

    /**
     * True if the JVM can create non-ASCII file names. Java encodes file names with
     * {@code sun.jnu.encoding}, which follows the locale: under LANG=C (common in containers) it is
     * ASCII and "Café" could not be created at all.
     */
    static boolean platformSupportsUnicode() {
        String enc = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        try {
            return Charset.forName(enc).newEncoder().canEncode("Café Ørsted Niños");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Replaces characters that are invalid in file names on common file systems; never empty. */
    static String segment(String s, boolean asciiOnly) {
        String out = s;
        if (asciiOnly) {
            // é → e, ñ → n; anything still non-ASCII (Ø) becomes '_'
            out = Normalizer.normalize(out, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^\\x20-\\x7E]", "_");
        }
        out = out.replaceAll("[/\\\\:*?\"<>|\\p{Cntrl}]", "_").trim();
        while (out.startsWith(".")) {
            out = out.substring(1); // no hidden files: ".foo" would look like our temp files
        }
        return out.isEmpty() ? "_" : out;
    }
}
