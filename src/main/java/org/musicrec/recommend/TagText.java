package org.musicrec.recommend;

/**
 * Makes tag text safe for playlists: drops characters XML 1.0 cannot hold (control characters,
 * unpaired surrogates, U+FFFE/U+FFFF), turns line breaks and tabs into spaces (an M3U line must stay
 * one line), and caps the length, since tags can be arbitrarily long and players truncate anyway.
 */
public final class TagText {
    public static final int MAX_LENGTH = 500;

    private TagText() {
    }

    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 1));
        for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (sb.length() + 2 > MAX_LENGTH) {
                        break;
                    }
                    sb.append(c).append(s.charAt(++i));
                }
                continue;
            }
            if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                continue;
            }
            if (c == '\n' || c == '\r' || c == '\t') {
                sb.append(' ');
            } else if (c >= 0x20 && !(c >= 0x7f && c <= 0x9f)) {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    /** {@link #clean} then escape XML metacharacters. */
    public static String xml(String s) {
        return xmlEscape(clean(s));
    }

    /**
     * Escapes XML metacharacters and nothing else: for values that must arrive whole, such as a
     * percent-encoded file URL (ASCII only, but 9 characters per CJK character, so any cap would cut
     * a long non-Latin path and break the entry).
     */
    public static String xmlEscape(String c) {
        StringBuilder sb = new StringBuilder(c.length() + 16);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
