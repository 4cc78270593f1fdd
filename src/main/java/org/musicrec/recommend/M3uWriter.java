package org.musicrec.recommend;

import org.musicrec.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes extended M3U in UTF-8 (.m3u8): {@code #EXTINF:seconds,Artist - Title} then the file's
 * absolute path, so the playlist works wherever it is moved (relative paths would resolve against
 * the playlist's folder).
 */
public final class M3uWriter {
    private M3uWriter() {
    }

    public static void write(Path file, List<PlaylistEntry> entries) throws IOException {
        StringBuilder sb = new StringBuilder("#EXTM3U\n");
        for (PlaylistEntry e : entries) {
            var s = e.song();
            sb.append("#EXTINF:").append(Math.max(-1, Math.round(s.durationSeconds()))).append(',')
                    .append(TagText.clean(s.artist())).append(" - ").append(TagText.clean(s.title())).append('\n');
            sb.append(s.path().toAbsolutePath()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
