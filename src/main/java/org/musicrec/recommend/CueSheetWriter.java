package org.musicrec.recommend;

import org.musicrec.io.AtomicFiles;
import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a playlist as a CUE sheet: the one playlist format in which Clementine and Strawberry can name a
 * track inside an album image. Their CUE parser looks each entry up in the library by file and start
 * ({@code GetSongByUrl(url, beginning)}), where XSPF and M3U always look up start 0, i.e. the image's
 * first track (CueSheetPlaylistTest runs both players on it). Every entry is its own {@code FILE} block with
 * one {@code TRACK} whose {@code INDEX 01} is the song's start (00:00:00 for a whole file), so songs and
 * tracks of any files mix in any order.
 *
 * <p>What the players' parser (CueParser::Load, the same in both) makes us do:
 * <ul>
 * <li>An entry followed by one of the same {@code FILE} text ends where the next one starts: right for
 *     the next track of an album, wrong for any other order. So when two neighbours share a file, every
 *     other one names it as {@code dir/./name}: a different text for the parser, the same file once the
 *     player makes the path canonical, and each track keeps the end the library gives it.</li>
 * <li>A value is one token or a {@code "quoted"} text with no escape for {@code "}: in tags a double
 *     quote becomes U+201D (”); a file whose path holds a {@code "} and white space, or a line break,
 *     cannot be named at all and is left out.</li>
 * <li>The album goes in a {@code TITLE} between {@code FILE} and {@code TRACK} (it is per file there), and
 *     genre and year in {@code REM GENRE}/{@code REM DATE}, since the parser blanks whatever the sheet
 *     leaves out; a {@code REM} line needs a value (one without stops the parser's header).</li>
 * </ul>
 */
public final class CueSheetWriter {
    /** CUE positions count frames of 1/75 s. */
    private static final long FRAMES_PER_SECOND = 75;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private CueSheetWriter() {
    }

    /** @return the entries left out (their file cannot be named in a CUE sheet) */
    public static List<PlaylistEntry> write(Path file, String title, List<PlaylistEntry> entries) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("REM COMMENT ").append(quoted(title.isBlank() ? "musicrec" : title)).append('\n');
        List<PlaylistEntry> leftOut = new ArrayList<>();
        String previous = null;
        int number = 0;
        for (PlaylistEntry e : entries) {
            Song s = e.song();
            String path = s.path().toAbsolutePath().toString();
            if (!nameable(path)) {
                leftOut.add(e);
                continue;
            }
            String spelled = path.equals(previous) ? sameFileSpelledOtherwise(s.path().toAbsolutePath()) : path;
            previous = spelled;
            sb.append("FILE ").append(fileValue(spelled)).append(" WAVE\n");
            appendIfAny(sb, "  TITLE ", s.album());
            appendIfAny(sb, "  REM GENRE ", s.genre());
            if (s.year() > 0) {
                sb.append("  REM DATE ").append(s.year()).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "  TRACK %02d AUDIO%n", ++number));
            appendIfAny(sb, "    TITLE ", s.title());
            appendIfAny(sb, "    PERFORMER ", s.artist());
            appendIfAny(sb, "    REM COMMENT ", e.annotation());
            sb.append("    INDEX 01 ").append(index(s.span().beginningNanos())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
        return List.copyOf(leftOut);
    }

    /** mm:ss:ff of a start in nanoseconds, rounded to the nearest frame: the players' own starts are whole frames. */
    static String index(long nanos) {
        long frames = (nanos * FRAMES_PER_SECOND + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", frames / (FRAMES_PER_SECOND * 60),
                frames / FRAMES_PER_SECOND % 60, frames % FRAMES_PER_SECOND);
    }

    /** A path the sheet can hold: on one line, and quotable or a single token. */
    static boolean nameable(String path) {
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            return false;
        }
        return path.indexOf('"') < 0 || path.chars().noneMatch(Character::isWhitespace);
    }

    /** The same file under another text: {@code dir/./name}. */
    static String sameFileSpelledOtherwise(Path absolute) {
        return absolute.getParent().toString() + "/./" + absolute.getFileName();
    }

    private static String fileValue(String path) {
        return path.indexOf('"') < 0 ? "\"" + path + "\"" : path;   // a '"' only without white space (nameable)
    }

    private static void appendIfAny(StringBuilder sb, String keyword, String text) {
        String clean = TagText.clean(text);
        if (!clean.isEmpty()) {
            sb.append(keyword).append(quoted(clean)).append('\n');
        }
    }

    private static String quoted(String text) {
        return "\"" + TagText.clean(text).replace('"', '\u201D') + "\"";
    }
}
