package org.musicrec.pipeline;

import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the song a user means: a file path, a rowid, or "artist - title" (either part may be a
 * fragment; without " - " the text is searched in titles). The text search runs in the player's DB
 * with the text bound as an SQL parameter.
 */
public final class SongQuery {
    private SongQuery() {
    }

    public static Song resolve(String query, LibraryScan scan, LibraryReader reader, Path db) {
        String q = query.strip();
        Optional<Song> byPath = byPath(q, scan);
        if (byPath.isPresent()) {
            return byPath.get();
        }
        if (q.matches("\\d{1,18}")) {
            long rowid = Long.parseLong(q);
            Optional<Song> s = scan.songs().stream().filter(x -> x.rowid() == rowid).findFirst();
            if (s.isPresent()) {
                return s.get();
            }
        }
        int dash = q.indexOf(" - ");
        String artist = dash >= 0 ? q.substring(0, dash).strip() : "";
        String title = dash >= 0 ? q.substring(dash + 3).strip() : q;
        List<Long> hits = reader.search(db, artist, title);
        for (long id : hits) {
            Optional<Song> s = scan.songs().stream().filter(x -> x.rowid() == id).findFirst();
            if (s.isPresent()) {
                return s.get();
            }
        }
        throw new IllegalArgumentException("no song in the library matches '" + query
                + "' (give a file path, a rowid, or \"artist - title\")");
    }

    private static Optional<Song> byPath(String q, LibraryScan scan) {
        try {
            Path p = Path.of(q).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                return Optional.empty();
            }
            return scan.songs().stream().filter(s -> s.path().toAbsolutePath().normalize().equals(p)).findFirst();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
