package org.musicrec.library;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.musicrec.demo.AudioEncoder;
import org.musicrec.demo.AudioFormat;
import org.musicrec.demo.Pcm;
import org.musicrec.testing.CueImage;
import org.musicrec.testing.player.HeadlessPlayer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An album image with a CUE sheet beside it, scanned by the real Clementine and Strawberry (headless, in a
 * private profile), and read by musicrec: what the players store for it, and that every track becomes a
 * song of its own with its own span and key.
 */
class CueSheetLibraryTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(HeadlessPlayer.class)
    void thePlayerListsEveryTrackOfTheImageAndMusicrecReadsEachWithItsSpan(HeadlessPlayer player) throws Exception {
        List<String> missing = player.missingCommands();
        assumeTrue(missing.isEmpty(), () -> "skipped: the real-player check needs " + missing + " on PATH; "
                + "apt-get install --no-install-recommends clementine strawberry xvfb dbus-daemon dbus-bin (.ci/run does)");
        Path music = tmp.resolve("music");
        CueImage image = CueImage.create(music.resolve("Cue Artist"));
        Path single = music.resolve("Single.flac");
        new AudioEncoder().encode(new Pcm(new short[16000 * 3], 16000, 1), AudioFormat.FLAC,
                new AudioEncoder.Tags("Single", "Solo", "Solo Album", "Rock", 1999, 1), single);

        Path db = player.scanLibrary(music, 4, Files.createDirectories(tmp.resolve("player")));
        LibraryScan scan = new LibraryReader(PathRemap.NONE, w -> { }).read(db);

        // what the player stores: one row per track, none for the image as a whole
        Path imagePath = image.audio().toRealPath();
        List<Song> ofImage = scan.songs().stream().filter(s -> s.path().equals(imagePath)).toList();
        assertEquals(4, scan.songs().size(), () -> "songs: " + scan.songs());
        assertEquals(image.tracks().size(), ofImage.size(), () -> "rows of the image: " + ofImage);
        for (CueImage.Track t : image.tracks()) {
            Song s = ofImage.get(t.number() - 1);
            String where = player + " track " + t.number();
            assertEquals(t.title(), s.title(), where);
            assertEquals(CueImage.ARTIST, s.artist(), where);
            assertEquals(CueImage.ALBUM, s.album(), where);
            assertEquals(t.beginningNanos(), s.span().beginningNanos(), where + ": beginning, in ns");
            // the last track runs to the end of the file: its length is the file's less its start
            assertEquals(t.lengthNanos(), s.span().lengthNanos(), 20_000_000, where + ": length, in ns");
            assertEquals(t.seconds(), s.durationSeconds(), 0.02, where);
            assertEquals(t.number(), s.span().track(), where);
            assertEquals(image.sheet().toRealPath(), s.span().cueSheet(), where + ": cue_path is the sheet's plain path");
            assertTrue(s.span().isCueTrack(), where);
            assertEquals(s.path() + "#t=" + fmt(t.startSeconds()) + "," + fmt(t.startSeconds() + t.seconds()),
                    s.key(), where);
        }
        Song whole = scan.songs().stream().filter(s -> s.path().getFileName().toString().equals("Single.flac"))
                .findFirst().orElseThrow();
        assertEquals(TrackSpan.WHOLE_FILE, whole.span());
        assertFalse(whole.span().isCueTrack());
        assertEquals(whole.path().toString(), whole.key(), "a whole file's key is its path, as before CUE support");

        Set<String> keys = new HashSet<>();
        scan.songs().forEach(s -> keys.add(s.key()));
        assertEquals(4, keys.size(), "no two songs share a key: " + keys);
    }

    private static String fmt(double seconds) {
        return new java.math.BigDecimal(Double.toString(seconds)).stripTrailingZeros().toPlainString();
    }
}
