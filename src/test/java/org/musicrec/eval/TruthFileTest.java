package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.library.FileUrls;
import org.musicrec.library.Song;
import org.musicrec.library.TrackSpan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruthFileTest {
    @TempDir
    Path tmp;

    private Path csv(String content) throws IOException {
        Path p = tmp.resolve("truth.csv");
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsQuotedPathsAndResolvesRelativeOnesAgainstTheFilesFolder() throws Exception {
        Map<Path, Double> t = TruthFile.read(csv("\uFEFFpath,stars\n/m/a.flac,4.5\n\"/m/b, \"\"live\"\".flac\",0\n\nsub/c.ogg,3.25\n"));
        assertEquals(3, t.size());
        assertEquals(4.5, t.get(Path.of("/m/a.flac")));
        assertEquals(0.0, t.get(Path.of("/m/b, \"live\".flac")));
        assertEquals(3.25, t.get(tmp.resolve("sub/c.ogg").toAbsolutePath()));
    }

    @Test
    void aTrackOfAnAlbumImageIsNamedByItsKeyAndNotByItsFile() throws Exception {
        Map<Path, Double> t = TruthFile.read(csv("path,stars\n\"Album.flac#t=25,55\",4\nsingle.flac,2\n"));
        Path image = tmp.resolve("Album.flac");
        Song second = new Song(2, "Two", "A", "B", 0, -1, "", FileUrls.toUrl(image), image, 0, 0, 30,
                new TrackSpan(25_000_000_000L, 30_000_000_000L, 2, tmp.resolve("Album.cue")));
        Song first = new Song(1, "One", "A", "B", 0, -1, "", FileUrls.toUrl(image), image, 0, 0, 25,
                new TrackSpan(0, 25_000_000_000L, 1, tmp.resolve("Album.cue")));
        Path single = tmp.resolve("single.flac");
        assertEquals(4.0, t.get(TruthFile.keyOf(second)));
        assertNull(t.get(TruthFile.keyOf(first)), "another track of the same file");
        assertEquals(2.0, t.get(TruthFile.keyOf(new Song(3, "S", "A", "B", 0, -1, "", FileUrls.toUrl(single), single,
                0, 0, 3))));
    }

    @Test
    void readsTheOptionalSoundColumnsInAnyOrderAndEmptyCellsAreUnknown() throws Exception {
        Map<Path, TruthFile.SongTruth> t = TruthFile.readAll(csv("path,stars,mode,level_db,bpm\n/m/a.flac,4,minor,-3.5,128\n/m/b.flac,2,,,\n"));
        TruthFile.SongTruth a = t.get(Path.of("/m/a.flac"));
        assertEquals(new TruthFile.SongTruth(4, 128, true, -3.5), a);
        TruthFile.SongTruth b = t.get(Path.of("/m/b.flac"));
        assertTrue(Double.isNaN(b.bpm()) && b.minor() == null && Double.isNaN(b.levelDb()), b.toString());
        assertEquals(2.0, TruthFile.read(csv("path,stars,bpm\n/m/b.flac,2,\n")).get(Path.of("/m/b.flac")));
    }

    @Test
    void badInputNamesFileAndLine() throws Exception {
        assertError("path;stars\n/a,1\n", "line 1", "header");
        assertError("path,stars\n/a,1\n/b,five\n", "line 3", "not a number");
        assertError("path,stars\n/a,5.5\n", "line 2", "outside 0–5");
        assertError("path,stars\n/a,1,2\n", "line 2", "2 fields");
        assertError("path,stars,tempo\n/a,1,2\n", "line 1", "unknown column 'tempo'");
        assertError("path,stars,mode\n/a,1,dorian\n", "line 2", "neither major nor minor");
        assertError("path,stars,bpm\n/a,1,-3\n", "line 2", "not a tempo");
        assertError("path,stars\n\"/a,1\n", "line 2", "unterminated quote");
        assertError("path,stars\n/a,1\n/a,2\n", "line 3", "twice");
        assertError("", "truth.csv", "empty");
    }

    private void assertError(String content, String where, String what) throws IOException {
        Path p = csv(content);
        IOException e = assertThrows(IOException.class, () -> TruthFile.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains(where)
                && e.getMessage().contains(what), e.getMessage());
    }
}
