package org.musicrec.pipeline;

import org.musicrec.library.FileUrls;
import org.musicrec.library.LibraryReader;
import org.musicrec.library.LibraryScan;
import org.musicrec.library.Song;
import org.musicrec.recommend.TagText;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the song a user means: a file path or {@code file://} URL (of an album image with a CUE sheet: its
 * tracks are listed, or one named by its key {@code Album.flac#t=25,55}), a rowid, or "artist - title" (hyphen,
 * en dash or em dash, so what musicrec prints pastes back; either part may be a fragment). Text without a
 * dash is looked for in titles, then in artists. The text search runs in the player's DB with the text
 * bound as an SQL parameter. Never guesses: several matches are an {@link Ambiguous} error listing them,
 * unless exactly one is an exact match.
 */
public final class SongQuery {
    /** How many of several matches the error lists. */
    static final int LISTED = 10;
    /** Artist and title apart: a hyphen, en or em dash between spaces; at the end, an artist alone ("Bossa Azul -"). */
    private static final Pattern DASH = Pattern.compile(" [-\u2013\u2014](?: |$)");

    /** The query matches several songs; the message lists up to {@link #LISTED} of them with their rowids. */
    public static final class Ambiguous extends IllegalArgumentException {
        Ambiguous(String message) {
            super(message);
        }
    }

    private SongQuery() {
    }

    /** @throws IllegalArgumentException no match ({@link Ambiguous}: several) */
    public static Song resolve(String query, LibraryScan scan, LibraryReader reader, Path db) {
        String q = query.strip();
        if (q.isEmpty()) {
            throw new IllegalArgumentException("the query is empty: give a file path, a rowid, or \"artist - title\"");
        }
        Map<Long, Song> byRowid = new HashMap<>();
        scan.songs().forEach(s -> byRowid.put(s.rowid(), s));
        List<Song> byPath = byPath(q, scan);
        if (byPath.size() == 1) {
            return byPath.get(0);
        }
        if (byPath.size() > 1) {
            throw new Ambiguous(listing(query, byPath));   // the tracks of an album image (CUE sheet)
        }
        if (q.matches("\\d{1,18}") && byRowid.containsKey(Long.parseLong(q))) {
            return byRowid.get(Long.parseLong(q));
        }
        var dash = DASH.matcher(q);
        List<Song> hits;
        String artist = "";
        String title = q;
        if (dash.find()) {
            artist = q.substring(0, dash.start()).strip();
            title = q.substring(dash.end()).strip();
            hits = inLibrary(reader.search(db, artist, title), byRowid);
        } else {
            hits = inLibrary(reader.search(db, "", q), byRowid);
            if (hits.isEmpty()) {
                hits = inLibrary(reader.search(db, q, ""), byRowid);
                artist = q;
                title = "";
            }
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("no song in the library matches '" + query
                    + "' (give a file path, a rowid, or \"artist - title\")");
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        List<Song> exact = exact(hits, artist, title);
        if (exact.size() == 1) {
            return exact.get(0);
        }
        throw new Ambiguous(listing(query, hits));
    }

    private static List<Song> inLibrary(List<Long> rowids, Map<Long, Song> byRowid) {
        Set<Song> out = new LinkedHashSet<>();
        for (long id : rowids) {
            Song s = byRowid.get(id);
            if (s != null) {
                out.add(s);
            }
        }
        return new ArrayList<>(out);
    }

    private static List<Song> exact(List<Song> hits, String artist, String title) {
        return hits.stream().filter(s -> (artist.isEmpty() || s.artist().equalsIgnoreCase(artist))
                && (title.isEmpty() || s.title().equalsIgnoreCase(title))).toList();
    }

    private static String listing(String query, List<Song> hits) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "'%s' matches %d songs; nothing was written. Give the rowid of the one you mean (or more of its name):",
                query, hits.size()));
        for (Song s : hits.subList(0, Math.min(LISTED, hits.size()))) {
            b.append(String.format(Locale.ROOT, "%n  %6d  %s  (%s)", s.rowid(), TagText.clean(s.displayName()),
                    TagText.clean(s.album())));
        }
        if (hits.size() > LISTED) {
            b.append(String.format(Locale.ROOT, "%n  ... and %d more", hits.size() - LISTED));
        }
        return b.toString();
    }

    /**
     * The songs of the file the query names: one, or every track of an album image (CUE sheet). A song's
     * key names exactly one track ("Album.flac#t=25,55", as musicrec writes it in its stores).
     */
    private static List<Song> byPath(String q, LibraryScan scan) {
        List<Song> byKey = scan.songs().stream().filter(s -> s.span().isCueTrack() && s.key().equals(q)).toList();
        if (!byKey.isEmpty()) {
            return byKey;
        }
        try {
            Path p = (q.startsWith("file:") ? FileUrls.toPath(q) : Path.of(q)).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                return List.of();
            }
            return scan.songs().stream().filter(s -> s.path().toAbsolutePath().normalize().equals(p)).toList();
        } catch (IllegalArgumentException e) {   // also InvalidPathException
            return List.of();
        }
    }
}
