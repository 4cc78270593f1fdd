package org.musicrec.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineProgressTest {
    @Test
    void printsCountRateAndEtaAndAFinalLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new LineProgress(new PrintStream(buf, true, StandardCharsets.UTF_8), 0);
        p.start("Caching", 4);
        p.step();
        p.message("a.mp3: empty file");
        p.step();
        p.close();
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, String.join("|", lines));
        assertTrue(lines[0].matches("Caching 1/4 \\(25\\.0%\\) [0-9.]+/s ETA \\S+"), lines[0]);
        assertEquals("a.mp3: empty file", lines[1]);
        assertTrue(lines[3].startsWith("Caching 2/4 (50.0%)"), lines[3]);
    }

    @Test
    void etaAndDurationsReadable() {
        assertEquals("1h05m", Rate.duration(3900));
        assertEquals("2m05s", Rate.duration(125));
        assertEquals("7s", Rate.duration(7));
        assertEquals("x 3/3 (100.0%) 1.50/s ETA 0s", Rate.line("x", 3, 3, 2_000_000_000L));
        assertEquals("x 1/4 (25.0%) 0.50/s ETA 6s", Rate.line("x", 1, 4, 2_000_000_000L));
    }
}
