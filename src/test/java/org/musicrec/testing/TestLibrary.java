package org.musicrec.testing;

import org.musicrec.library.Song;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Song records for files made by tests (no player DB needed). */
public final class TestLibrary {
    private TestLibrary() {
    }

    public static Song song(long rowid, Path file) {
        long mtime = 0;
        long size = 0;
        try {
            mtime = Files.getLastModifiedTime(file).toMillis() / 1000;
            size = Files.size(file);
        } catch (IOException ignored) {
            // missing files are part of the tests
        }
        return new Song(rowid, "Song " + rowid, "Artist", "Album", 2000, -1, "", file.toUri().toString(), file, mtime,
                size, 0);
    }

    /** Songs numbered from 1 in the given order. */
    public static List<Song> songs(List<Path> files) {
        List<Song> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.add(song(i + 1, files.get(i)));
        }
        return out;
    }
}
