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

class PlaylistFilesTest {
    @TempDir
    Path tmp;

    private static PlaylistEntry entry(long rowid, Path file, TrackSpan span) {
        return new PlaylistEntry(new Song(rowid, "T" + rowid, "A", "B", 0, -1, "", FileUrls.toUrl(file), file, 0, 0, 30,
                span), 4.0, 0.5);
    }

    @Test
    void xspfAndM3uHoldWhatALocationPlaysAndTheCueHoldsEverything() throws Exception {
        Path image = tmp.resolve("Album.flac");
        Path sheet = tmp.resolve("Album.cue");
        List<PlaylistEntry> entries = List.of(
                entry(1, image, new TrackSpan(25_000_000_000L, 30_000_000_000L, 2, sheet)),
                entry(2, tmp.resolve("single.flac"), TrackSpan.WHOLE_FILE),
                entry(3, image, new TrackSpan(0, 25_000_000_000L, 1, sheet)),
                entry(4, tmp.resolve("line\nbreak.flac"), TrackSpan.WHOLE_FILE));
        PlaylistFiles.Written w = PlaylistFiles.write(tmp, "best", "musicrec: best", entries);

        assertEquals(1, w.notInXspfM3u());
        assertEquals(1, w.notInCue());
        String xspf = Files.readString(tmp.resolve("best.xspf"));
        assertEquals(3, xspf.split("<track>", -1).length - 1);
        assertFalse(xspf.contains("<title>T1</title>"), "track 2 would play from the image's start");
        assertTrue(xspf.contains("<title>T3</title>"), "track 1 starts where a location starts");
        assertFalse(Files.readString(tmp.resolve("best.m3u8")).contains(",A - T1\n"));
        String cue = Files.readString(tmp.resolve("best.cue"));
        assertTrue(cue.contains("\"T1\"") && cue.contains("\"T2\"") && cue.contains("\"T3\""), cue);
        assertEquals("best.xspf and best.m3u8 leave out 1 track of album images (CUE sheets), which a location cannot"
                + " name (the players would play the album from its first track): open best.cue, which holds them;"
                + " best.cue leaves out 1 song whose file name a CUE sheet cannot hold (a line break, or a '\"' with"
                + " spaces)", w.note());
    }

    @Test
    void aLibraryWithoutAlbumImagesGetsNoNote() throws Exception {
        PlaylistFiles.Written w = PlaylistFiles.write(tmp, "help", "help",
                List.of(entry(1, tmp.resolve("a.flac"), TrackSpan.WHOLE_FILE)));
        assertEquals("", w.note());
        assertTrue(Files.isRegularFile(w.cue()));
    }
}
