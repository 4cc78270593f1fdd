package org.musicrec.cache;

import org.musicrec.library.Song;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many of the library's files can be reached right now, and where the unreachable ones are. One
 * {@code stat} per song, no reading.
 *
 * @param songs       songs looked at
 * @param unreachable songs whose file is not there (or not a regular file)
 * @param folder      the deepest folder holding every unreachable file (null when all are reachable)
 * @param underFolder songs whose file lies in {@code folder}
 * @param reachableUnderFolder of those, the reachable ones
 */
public record Reachability(int songs, int unreachable, Path folder, int underFolder, int reachableUnderFolder) {
    /**
     * Above this share of unreachable files a build stops: a library that lost a fifth of its files since
     * the player last scanned it has almost surely lost a disk, not its songs.
     */
    public static final double MAX_UNREACHABLE_SHARE = 0.2;

    public static Reachability of(List<Song> songs) {
        List<Path> missing = new ArrayList<>();
        for (Song s : songs) {
            if (FileState.of(s.path()) == null) {
                missing.add(s.path().toAbsolutePath());
            }
        }
        if (missing.isEmpty()) {
            return new Reachability(songs.size(), 0, null, 0, 0);
        }
        Path folder = missing.get(0).getParent();
        for (Path p : missing) {
            while (folder != null && !p.startsWith(folder)) {
                folder = folder.getParent();
            }
        }
        int under = 0;
        for (Song s : songs) {
            if (folder == null || s.path().toAbsolutePath().startsWith(folder)) {
                under++;
            }
        }
        return new Reachability(songs.size(), missing.size(), folder, under, under - missing.size());
    }

    /** Whether so much is missing that nothing should be changed. */
    public boolean tooMuchMissing() {
        return unreachable > 0 && (unreachable == songs || unreachable > MAX_UNREACHABLE_SHARE * songs);
    }

    /** "/mnt/music: 0 of 60000 files reachable — nothing changed; is it mounted?" */
    public String message() {
        String where = folder == null ? "the library" : folder.toString();
        String hint = folder != null && !Files.isDirectory(folder)
                ? "is it mounted? (if it moved: --remap OLD:NEW, or library.music_path_remap)"
                : "were the files moved or renamed? (--remap OLD:NEW, or library.music_path_remap; if they were"
                        + " deleted, let the player rescan its library first)";
        return String.format(Locale.ROOT, "%s: %d of %d files reachable (%d of the library's %d songs unreachable)"
                + " — nothing changed; %s", where, reachableUnderFolder, underFolder, unreachable, songs, hint);
    }
}
