package org.musicrec.recommend;

import org.musicrec.library.FileUrls;
import org.musicrec.testing.player.PlayerTrack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real player should show for each entry of a playlist we wrote, and the comparison with what
 * it stored after loading it.
 *
 * @param file    the song's file; the player must resolve the location to exactly this file
 * @param seconds the song's length
 */
record PlayerShows(Path file, String title, String artist, String album, double seconds) {

    /** XSPF carries title, creator and album, and the players take them as written. */
    static List<PlayerShows> forXspf(List<PlaylistEntry> entries) {
        List<PlayerShows> out = new ArrayList<>();
        for (PlaylistEntry e : entries) {
            var s = e.song();
            out.add(new PlayerShows(s.path(), s.title(), s.artist(), s.album(), s.durationSeconds()));
        }
        return out;
    }

    /**
     * M3U carries "Artist - Title", where a lone hyphen inside a tag can only be shown as an en dash
     * (see M3uWriter#extinfText); it has no album, so the player reads the album from the file.
     */
    static List<PlayerShows> forM3u(List<PlaylistEntry> entries) {
        List<PlayerShows> out = new ArrayList<>();
        for (PlaylistEntry e : entries) {
            var s = e.song();
            out.add(new PlayerShows(s.path(), enDashed(s.title()), enDashed(s.artist()), s.album(),
                    s.durationSeconds()));
        }
        return out;
    }

    /**
     * A CUE sheet carries title, performer and album like XSPF, but has no way to write a double quote
     * inside a quoted value: it becomes U+201D (see CueSheetWriter).
     */
    static List<PlayerShows> forCue(List<PlaylistEntry> entries) {
        List<PlayerShows> out = new ArrayList<>();
        for (PlaylistEntry e : entries) {
            var s = e.song();
            out.add(new PlayerShows(s.path(), curled(s.title()), curled(s.artist()), curled(s.album()),
                    s.durationSeconds()));
        }
        return out;
    }

    private static String curled(String tag) {
        return tag.replace('"', '\u201D');
    }

    private static String enDashed(String tag) {
        return tag.replace(" - ", " \u2013 ");
    }

    /** Same tracks in the same order, each resolved to its own file and read from it, with our tags. */
    static void assertPlayerShows(List<PlayerShows> expected, List<PlayerTrack> loaded) throws IOException {
        assertEquals(expected.size(), loaded.size(), () -> "tracks the player kept: " + urls(loaded)
                + "\nexpected files: " + expected.stream().map(PlayerShows::file).toList());
        for (int i = 0; i < expected.size(); i++) {
            PlayerShows want = expected.get(i);
            PlayerTrack got = loaded.get(i);
            String where = "track " + (i + 1) + " (" + want.file() + ", stored as " + got.url() + ")";
            // the players resolve symlinks in the path
            assertEquals(want.file().toRealPath(), FileUrls.toPath(got.url()), where + ": resolved to another file");
            assertNotEquals(0, got.filetype(), where + ": the player could not read the file");
            assertEquals(Files.size(want.file()), got.filesize(), where + ": size the player read");
            assertEquals(want.title(), got.title(), where + ": title");
            assertEquals(want.artist(), got.artist(), where + ": artist");
            assertEquals(want.album(), got.album(), where + ": album");
            assertTrue(Math.abs(got.lengthNanos() / 1e9 - want.seconds()) < 0.5,
                    where + ": length " + got.lengthNanos() / 1e9 + " s, expected " + want.seconds());
        }
    }

    private static List<String> urls(List<PlayerTrack> loaded) {
        return loaded.stream().map(PlayerTrack::url).toList();
    }
}
