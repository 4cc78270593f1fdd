package org.musicrec.recommend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;
import org.musicrec.library.TrackSpan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sheet's text; that the real players read it as meant is CueSheetPlaylistTest's and *LoadsPlaylistTest's. */
class CueSheetWriterTest {
    @TempDir
    Path tmp;

    private static PlaylistEntry entry(Path file, String title, TrackSpan span) {
        return new PlaylistEntry(new Song(1, title, "Artist", "Album", 2001, -1, "Jazz", FileUrls.toUrl(file), file, 0, 0,
                30, span), 4.0, 0.5);
    }

    private static TrackSpan track(double start, double seconds, int n) {
        return new TrackSpan(Math.round(start * 1e9), Math.round(seconds * 1e9), n, Path.of("/m/Album.cue"));
    }

    @Test
    void indexIsTheStartInWholeFramesOfASeventyFifthOfASecond() {
        assertEquals("00:00:00", CueSheetWriter.index(0));
        assertEquals("00:25:00", CueSheetWriter.index(25_000_000_000L));
        // what the players store for INDEX 03:03:49 (frames × 10^9 / 75, truncated) comes back as it was
        long frames = (3 * 60 + 3) * 75 + 49;
        assertEquals("03:03:49", CueSheetWriter.index(frames * 1_000_000_000L / 75));
        assertEquals("125:00:00", CueSheetWriter.index(7_500_000_000_000L), "minutes go past 99");
    }

    @Test
    void neighboursOfOneFileNameItInTurnsSoEachTrackKeepsItsOwnEnd() throws Exception {
        Path image = tmp.resolve("Album.flac");
        Path other = tmp.resolve("Other.flac");
        List<PlaylistEntry> entries = List.of(entry(image, "Three", track(55, 35, 3)), entry(image, "One", track(0, 25, 1)),
                entry(image, "Two", track(25, 30, 2)), entry(other, "Else", TrackSpan.WHOLE_FILE),
                entry(image, "One again", track(0, 25, 1)));
        Path cue = tmp.resolve("best.cue");
        assertTrue(CueSheetWriter.write(cue, "best", entries).isEmpty());
        List<String> files = Files.readAllLines(cue).stream().filter(l -> l.startsWith("FILE ")).toList();
        String plain = "FILE \"" + image + "\" WAVE";
        String dotted = "FILE \"" + tmp + "/./Album.flac\" WAVE";
        assertEquals(List.of(plain, dotted, plain, "FILE \"" + other + "\" WAVE", plain), files);
        String text = Files.readString(cue);
        assertTrue(text.contains("    TITLE \"Three\"\n    PERFORMER \"Artist\"\n"), text);
        assertTrue(text.contains("INDEX 01 00:55:00\n"), text);
        assertTrue(text.contains("  TITLE \"Album\"\n  REM GENRE \"Jazz\"\n  REM DATE 2001\n  TRACK 02 AUDIO\n"), text);
    }

    @Test
    void quotesInTagsAreCurledAndPathsASheetCannotHoldAreLeftOut() throws Exception {
        Path quoteNoSpace = tmp.resolve("say\"hi\".flac");
        Path quoteAndSpace = tmp.resolve("say \"hi\".flac");
        Path lineBreak = tmp.resolve("new\nline.flac");
        List<PlaylistEntry> entries = List.of(entry(quoteNoSpace, "A \"quoted\" title", TrackSpan.WHOLE_FILE),
                entry(quoteAndSpace, "x", TrackSpan.WHOLE_FILE), entry(lineBreak, "y", TrackSpan.WHOLE_FILE));
        Path cue = tmp.resolve("odd.cue");
        List<PlaylistEntry> leftOut = CueSheetWriter.write(cue, "odd", entries);
        assertEquals(entries.subList(1, 3), leftOut);
        String text = Files.readString(cue);
        assertTrue(text.contains("FILE " + quoteNoSpace + " WAVE\n"), "one token needs no quotes: " + text);
        assertTrue(text.contains("TITLE \"A \u201Dquoted\u201D title\""), text);
        assertFalse(text.contains("say \""), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("FILE")).count());
    }

    @Test
    void emptyTagsWriteNoLineSinceAnEmptyRemStopsTheParsersHeader() throws Exception {
        Path f = tmp.resolve("a.flac");
        Song bare = new Song(1, "", "", "", 0, -1, "", FileUrls.toUrl(f), f, 0, 0, 3);
        Path cue = tmp.resolve("bare.cue");
        CueSheetWriter.write(cue, "", List.of(new PlaylistEntry(bare, Double.NaN, 0, "")));
        assertEquals(List.of("REM COMMENT \"musicrec\"", "FILE \"" + f + "\" WAVE", "  TRACK 01 AUDIO",
                "    INDEX 01 00:00:00"), Files.readAllLines(cue));
    }
}
