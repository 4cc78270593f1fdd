package org.musicrec.demo;

/** Turns a tag value into a safe file/folder name segment, keeping spaces and non-ASCII as a real library would. */
final class PathNames {
    private PathNames() {
    }

    /** Replaces characters that are invalid in file names on common file systems; never empty. */
    static String segment(String s) {
        String out = s.replaceAll("[/\\\\:*?\"<>|\\p{Cntrl}]", "_").trim();
        while (out.startsWith(".")) {
            out = out.substring(1); // no hidden files: ".foo" would look like our temp files
        }
        return out.isEmpty() ? "_" : out;
    }
}
