package org.musicrec.library;

import java.nio.file.Path;

/**
 * Rewrites the DB's paths when the music now lives elsewhere ("old_prefix:new_prefix", e.g. the
 * library moved to another disk, or the DB was copied from another machine). Only whole leading
 * path components are replaced: "/music" does not remap "/musical".
 */
public record PathRemap(String oldPrefix, String newPrefix) {
    public static final PathRemap NONE = new PathRemap("", "");

    public static PathRemap parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return NONE;
        }
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("path remap must look like 'old_prefix:new_prefix', got '" + spec + "'");
        }
        return new PathRemap(stripSlash(spec.substring(0, colon)), stripSlash(spec.substring(colon + 1)));
    }

    private static String stripSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public Path apply(Path p) {
        if (oldPrefix.isEmpty()) {
            return p;
        }
        String s = p.toString();
        if (s.equals(oldPrefix)) {
            return Path.of(newPrefix);
        }
        if (s.startsWith(oldPrefix + "/")) {
            return Path.of(newPrefix + s.substring(oldPrefix.length()));
        }
        return p;
    }
}
