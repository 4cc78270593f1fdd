package org.musicrec.recommend;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.testing.player.HeadlessPlayer;
import org.musicrec.testing.player.PlayerTrack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The playlists we write, loaded by the real Clementine (headless, in a private profile): it must keep
 * every track, resolve each location to the song's own file — names with spaces, '#', '%', '?',
 * non-ASCII, a line break, a trailing space — and show our title, artist and album. Schema
 * validity and our own URL decoding are PlaylistWritersTest's; this checks the player agrees.
 */
class ClementineLoadsPlaylistTest {
    static final String HOW_TO_ENABLE = "apt-get install --no-install-recommends clementine strawberry xvfb"
            + " dbus-daemon dbus-bin (.ci/run does)";

    @TempDir
    Path tmp;

    @BeforeEach
    void needsClementine() {
        List<String> missing = HeadlessPlayer.CLEMENTINE.missingCommands();
        assumeTrue(missing.isEmpty(), () -> "skipped: the real-player check needs " + missing + " on PATH; "
                + HOW_TO_ENABLE);
    }

    @Test
    void clementineKeepsEveryXspfTrackWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music"));
        Path playlist = tmp.resolve("best & worst #1.xspf");
        XspfWriter.write(playlist, "Best & <brightest>", entries);

        List<PlayerTrack> loaded = HeadlessPlayer.CLEMENTINE.load(playlist, entries.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forXspf(entries), loaded);
    }

    @Test
    void clementineKeepsEveryM3u8TrackWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music"));
        Path playlist = tmp.resolve("best & worst #1.m3u8");
        M3uWriter.write(playlist, entries);

        List<PlayerTrack> loaded = HeadlessPlayer.CLEMENTINE.load(playlist, entries.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forM3u(entries), loaded);
    }

    /** The .cue written beside them: every song whose name fits on a CUE line, with our tags (as XSPF). */
    @Test
    void clementineKeepsEveryCueSheetTrackWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music"));
        Path playlist = tmp.resolve("best & worst #1.cue");
        List<PlaylistEntry> leftOut = CueSheetWriter.write(playlist, "Best & <brightest>", entries);
        assertEquals(List.of("new\nline.flac"), leftOut.stream().map(e -> e.song().path().getFileName().toString()).toList(),
                "a line break cannot be on a CUE line");
        List<PlaylistEntry> named = entries.stream().filter(e -> !leftOut.contains(e)).toList();

        List<PlayerTrack> loaded = HeadlessPlayer.CLEMENTINE.load(playlist, named.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forCue(named), loaded);
    }
}
