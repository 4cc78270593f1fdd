package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClementineUrlTest {

    @Test
    void encodesLikeQUrlToEncoded() {
        Path p = Path.of("/music/Café Tacvba #2/100% Cotton (Live) & Don't, Stop!+.mp3");
        assertEquals("file:///music/Caf%C3%A9%20Tacvba%20%232/100%25%20Cotton%20(Live)%20&%20Don't,%20Stop!+.mp3",
                ClementineUrl.encode(p));
    }

    @Test
    void matchesTheRealClementineFixture() {
        // Row 2 of ../shared/fixtures/clementine/songs.tsv, written by the real Clementine.
        Path p = Path.of("/music/fixture/Fixture Rock Band/Fixture Rock Album/01 - Fixture Song 1 (rock).mp3");
        assertEquals("file:///music/fixture/Fixture%20Rock%20Band/Fixture%20Rock%20Album/"
                + "01%20-%20Fixture%20Song%201%20(rock).mp3", ClementineUrl.encode(p));
    }

    @Test
    void blobIsUtf8OfTheUrlAndDecodesBack() {
        Path p = Path.of("/tmp/x/Ørsted Quartet/Naïve Café/01 - Señorita (Live).ogg");
        byte[] blob = ClementineUrl.blob(p);
        assertArrayEquals(ClementineUrl.encode(p).getBytes(StandardCharsets.UTF_8), blob);
        assertEquals(p, ClementineUrl.decode(new String(blob, StandardCharsets.UTF_8)));
    }
}
