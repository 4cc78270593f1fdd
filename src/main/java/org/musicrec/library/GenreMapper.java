package org.musicrec.library;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a raw genre tag to {@link GenreCategory categories}.
 *
 * <p>The tag is split on "/" (and ";", ",", "|", which taggers also use between genres); each part is
 * cut into words and scanned left to right for the longest pattern starting at each word. Matching
 * whole words keeps "Alaska" from meaning ska and "Scrap" from meaning rap; taking the longest pattern
 * lets the more specific one win ("Rhythm and Blues" is one genre, "Drum and Bass" is not "bass").
 * Every pattern found counts, so "Latin Pop" is both latin_world and pop, and a song may carry
 * several categories. Unknown words are ignored; an empty tag gives no category.
 */
public final class GenreMapper {
    /** pattern words → category; keys are space-joined word sequences. */
    private final Map<String, GenreCategory> patterns = new HashMap<>();
    private final int longestPattern;

    public GenreMapper() {
        int longest = 1;
        for (GenreCategory c : GenreCategory.values()) {
            for (String p : c.patterns) {
                GenreCategory prev = patterns.put(p, c);
                if (prev != null && prev != c) {
                    throw new IllegalStateException("pattern '" + p + "' claimed by " + prev + " and " + c);
                }
                longest = Math.max(longest, p.split(" ").length);
            }
        }
        longestPattern = longest;
    }

    public Set<GenreCategory> categories(String rawGenre) {
        Set<GenreCategory> out = EnumSet.noneOf(GenreCategory.class);
        if (rawGenre == null || rawGenre.isBlank()) {
            return out;
        }
        for (String part : rawGenre.split("[/;,|]")) {
            List<String> words = words(part);
            int i = 0;
            while (i < words.size()) {
                int matched = 0;
                for (int n = Math.min(longestPattern, words.size() - i); n >= 1; n--) {
                    GenreCategory c = patterns.get(String.join(" ", words.subList(i, i + n)));
                    if (c != null) {
                        out.add(c);
                        matched = n;
                        break;
                    }
                }
                i += Math.max(matched, 1);
            }
        }
        return out;
    }

    /** Multi-hot vector in category order (all zeros for an untagged song). */
    public float[] multiHot(String rawGenre) {
        float[] v = new float[GenreCategory.COUNT];
        for (GenreCategory c : categories(rawGenre)) {
            v[c.ordinal()] = 1f;
        }
        return v;
    }

    /**
     * Lower-case words. "Hip-Hop" → hip, hop; "&" between spaces means "and" ("Drum & Bass"), but
     * inside a word it is kept ("R&B"); "'n'" and " n " also mean "and" ("Drum 'n' Bass").
     */
    static List<String> words(String part) {
        String s = part.toLowerCase(Locale.ROOT)
                .replace(" & ", " and ")
                .replace("'n'", " n ");
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isLetterOrDigit(ch) || ch == '&') {
                w.append(ch);
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }
}
