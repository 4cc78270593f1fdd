package org.musicrec.recommend;

import org.musicrec.io.AtomicFiles;
import org.musicrec.library.FileUrls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes extended M3U in UTF-8 (.m3u8): {@code #EXTINF:seconds,Artist - Title} then the file's
 * absolute path, so the playlist works wherever it is moved (relative paths would resolve against
 * the playlist's folder).
 */
public final class M3uWriter {
    /** A hyphen standing alone between spaces or at an edge of the text: what players split EXTINF at. */
    private static final Pattern LONE_HYPHEN = Pattern.compile("(?<!\\S)-(?!\\S)");

    private M3uWriter() {
    }

    public static void write(Path file, List<PlaylistEntry> entries) throws IOException {
        StringBuilder sb = new StringBuilder("#EXTM3U\n");
        for (PlaylistEntry e : entries) {
            var s = e.song();
            sb.append("#EXTINF:").append(Math.max(-1, Math.round(s.durationSeconds()))).append(',')
                    .append(extinfText(s.artist())).append(" - ").append(extinfText(s.title())).append('\n');
            sb.append(location(s.path())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * A tag as EXTINF text. Clementine and Strawberry split the text at every " - " and keep only the
     * first two pieces as artist and title, so "Song - Live" would show as "Song" (checked with the
     * real players by ClementineLoadsPlaylistTest); M3U has no escape, so a lone hyphen becomes an
     * en dash, which looks the same and is not split at.
     */
    static String extinfText(String tag) {
        return LONE_HYPHEN.matcher(TagText.clean(tag)).replaceAll("\u2013");
    }

    /**
     * The plain absolute path, which every player reads; but players read one location per line and
     * trim it, so a path with a line break or trailing white space is written as its file:// URL,
     * which Clementine and Strawberry also accept in M3U.
     */
    static String location(Path path) {
        String p = path.toAbsolutePath().toString();
        boolean lineSafe = p.indexOf('\n') < 0 && p.indexOf('\r') < 0
                && (p.isEmpty() || !isSpace(p.charAt(p.length() - 1)));
        return lineSafe ? p : FileUrls.toUrl(path);
    }

    /** White space as Qt's QString::trimmed() sees it (Unicode separators such as U+00A0 included). */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
