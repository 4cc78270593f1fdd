package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoAudioTest {
    @Test
    void demoSongsComeAsFourChunksOfTheirRealLength() {
        var songs = DemoAudio.songs(3, 42);
        assertEquals(3, songs.size());
        for (var s : songs) {
            assertEquals(4, s.audio().chunks().length);
            assertEquals(16_000, s.audio().sampleRate());
            for (float[] c : s.audio().chunks()) {
                assertEquals(30 * 16_000, c.length);   // demo songs are 40–60 s: every chunk is whole
            }
            double rms = 0;
            for (float v : s.audio().chunks()[1]) {
                rms += v * v;
            }
            assertTrue(Math.sqrt(rms / s.audio().chunks()[1].length) > 0.01, "audible");
        }
    }
}
