package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
