package org.musicrec.recommend;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.testing.player.HeadlessPlayer;
import org.musicrec.testing.player.PlayerTrack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ClementineLoadsPlaylistTest's check with the real Strawberry, the other player musicrec reads. */
class StrawberryLoadsPlaylistTest {
    private static final Pattern HEX_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsStrawberry() {
        List<String> missing = HeadlessPlayer.STRAWBERRY.missingCommands();
        assumeTrue(missing.isEmpty(), () -> "skipped: the real-player check needs " + missing + " on PATH; "
                + ClementineLoadsPlaylistTest.HOW_TO_ENABLE);
    }

    @Test
    void strawberryKeepsEveryXspfTrackItCanNameWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music")).stream()
                .filter(e -> strawberryXspfCanName(e.song().path())).toList();
        assertTrue(entries.size() >= 3, "still checks names with a line break, a trailing space and plain ones");
        Path playlist = tmp.resolve("best & worst.xspf");
        XspfWriter.write(playlist, "Best & <brightest>", entries);

        List<PlayerTrack> loaded = HeadlessPlayer.STRAWBERRY.load(playlist, entries.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forXspf(entries), loaded);
    }

    @Test
    void strawberryKeepsEveryM3u8TrackWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music"));
        Path playlist = tmp.resolve("best & worst #1.m3u8");
        M3uWriter.write(playlist, entries);

        List<PlayerTrack> loaded = HeadlessPlayer.STRAWBERRY.load(playlist, entries.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forM3u(entries), loaded);
    }

    @Test
    void strawberryKeepsEveryCueSheetTrackWithItsFileAndTags() throws Exception {
        List<PlaylistEntry> entries = NastyNamedSongs.create(tmp.resolve("music"));
        Path playlist = tmp.resolve("best & worst #1.cue");
        List<PlaylistEntry> leftOut = CueSheetWriter.write(playlist, "Best & <brightest>", entries);
        List<PlaylistEntry> named = entries.stream().filter(e -> !leftOut.contains(e)).toList();
        assertTrue(named.size() >= entries.size() - 1, "only a name with a line break is left out");

        List<PlayerTrack> loaded = HeadlessPlayer.STRAWBERRY.load(playlist, named.size(),
                Files.createDirectories(tmp.resolve("player")));

        PlayerShows.assertPlayerShows(PlayerShows.forCue(named), loaded);
    }

    /**
     * Strawberry (1.0.10 to this day) decodes an XSPF location once, then parses the result as a URL
     * again (XSPFParser::ParseTrack, then ParserBase::LoadSong), so a '#' or '?' in the path ends it
     * and a name holding a literal "%41" is decoded twice. Clementine decodes once, as RFC 8089 says:
     * no file:// location can satisfy both, and we keep the standard one. Strawberry users with such
     * names have the .m3u8, which it loads in full (the test above).
     */
    private static boolean strawberryXspfCanName(Path p) {
        String s = p.toAbsolutePath().toString();
        return s.indexOf('#') < 0 && s.indexOf('?') < 0 && !HEX_ESCAPE.matcher(s).find();
    }
}
