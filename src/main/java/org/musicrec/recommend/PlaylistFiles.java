package org.musicrec.recommend;

import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes one playlist in every format musicrec offers: {@code NAME.xspf}, {@code NAME.m3u8} and
 * {@code NAME.cue}.
 *
 * <p>An XSPF or M3U entry is a file location, and Clementine and Strawberry (1.0) resolve a location to
 * the library row that starts at 0 (ParserBase::LoadSong passes beginning 0 to GetSongByUrl): for an album
 * image with a CUE sheet that is its first track, whatever title and length the entry gives. A later track
 * would show our title and length but play the album from its start; so XSPF and M3U leave those tracks
 * out, and the CUE sheet, which both players resolve by file and start, holds them all (CueSheetPlaylistTest
 * shows both with the real players).
 */
public final class PlaylistFiles {
    /**
     * What was written.
     *
     * @param notInXspfM3u  tracks of album images the .xspf and .m3u8 leave out (they are in the .cue)
     * @param notInCue      entries whose file a CUE sheet cannot name (they are in the .xspf and .m3u8)
     */
    public record Written(Path xspf, Path m3u, Path cue, int notInXspfM3u, int notInCue) {
        /** One line for the console when an entry is missing from some format; "" when none is. */
        public String note() {
            StringBuilder sb = new StringBuilder();
            if (notInXspfM3u > 0) {
                sb.append(String.format(Locale.ROOT, "%s and %s leave out %d track%s of album images (CUE sheets),"
                                + " which a location cannot name (the players would play the album from its first track):"
                                + " open %s, which holds them", xspf.getFileName(), m3u.getFileName(), notInXspfM3u,
                        notInXspfM3u == 1 ? "" : "s", cue.getFileName()));
            }
            if (notInCue > 0) {
                sb.append(sb.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT,
                        "%s leaves out %d song%s whose file name a CUE sheet cannot hold (a line break, or a '\"' with"
                                + " spaces)", cue.getFileName(), notInCue, notInCue == 1 ? "" : "s"));
            }
            return sb.toString();
        }
    }

    private PlaylistFiles() {
    }

    /** Writes {@code dir/NAME.xspf}, {@code .m3u8} and {@code .cue}. */
    public static Written write(Path dir, String name, String title, List<PlaylistEntry> entries) throws IOException {
        List<PlaylistEntry> byLocation = entries.stream().filter(e -> locationNamesIt(e.song())).toList();
        Path xspf = dir.resolve(name + ".xspf");
        Path m3u = dir.resolve(name + ".m3u8");
        Path cue = dir.resolve(name + ".cue");
        XspfWriter.write(xspf, title, byLocation);
        M3uWriter.write(m3u, byLocation);
        List<PlaylistEntry> notInCue = CueSheetWriter.write(cue, title, entries);
        return new Written(xspf, m3u, cue, entries.size() - byLocation.size(), notInCue.size());
    }

    /**
     * Whether an XSPF or M3U location plays this song: a whole file, or an album image's track that starts
     * at 0 (the row the players find for a location).
     */
    static boolean locationNamesIt(Song s) {
        return s.span().beginningNanos() == 0;
    }
}
