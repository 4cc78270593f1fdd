package org.musicrec.library;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FileUrlsTest {
    @Test
    void decodesSpacesHashPercentAndUtf8() {
        assertEquals(Path.of("/music/Café #1/Söng 100%.mp3"),
                FileUrls.toPath("file:///music/Caf%C3%A9%20%231/S%C3%B6ng%20100%25.mp3"));
    }

    @Test
    void leavesSubDelimitersAndPlusAlone() {
        assertEquals(Path.of("/m/Rock & Roll (live) + more!.ogg"),
                FileUrls.toPath("file:///m/Rock%20&%20Roll%20(live)%20+%20more!.ogg"));
    }

    @Test
    void roundTripsLikeClementine() {
        Path p = Path.of("/music/fixture/Fixture DJ/Fixture Club/01 - Fixture Song 5 (electronic).mp3");
        String url = FileUrls.toUrl(p);
        assertEquals("file:///music/fixture/Fixture%20DJ/Fixture%20Club/01%20-%20Fixture%20Song%205%20(electronic).mp3", url);
        Path weird = Path.of("/x/Ünïcødé #2/a%b c.flac");
        assertEquals(weird, FileUrls.toPath(FileUrls.toUrl(weird)));
    }

    @Test
    void acceptsLocalhostRejectsOtherSchemesAndBadEscapes() {
        assertEquals(Path.of("/a b"), FileUrls.toPath("file://localhost/a%20b"));
        assertThrows(IllegalArgumentException.class, () -> FileUrls.toPath("http://x/y.mp3"));
        assertThrows(IllegalArgumentException.class, () -> FileUrls.toPath("file:///bad%zz"));
        assertThrows(IllegalArgumentException.class, () -> FileUrls.toPath("file:///bad%2"));
        assertThrows(IllegalArgumentException.class, () -> FileUrls.toPath("file://otherhost/x"));
    }

    @Test
    void remapReplacesWholeLeadingComponentsOnly() {
        PathRemap r = PathRemap.parse("/music:/mnt/new/");
        assertEquals(Path.of("/mnt/new/a/b.mp3"), r.apply(Path.of("/music/a/b.mp3")));
        assertEquals(Path.of("/musical/a.mp3"), r.apply(Path.of("/musical/a.mp3")));
        assertEquals(Path.of("/x"), PathRemap.NONE.apply(Path.of("/x")));
        assertThrows(IllegalArgumentException.class, () -> PathRemap.parse("nocolon"));
    }
}
