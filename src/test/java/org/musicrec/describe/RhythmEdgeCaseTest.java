package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Odd input: never an exception, never a made-up tempo, no NaN where none is documented. */
class RhythmEdgeCaseTest {
    private static final int RATE = RhythmTestAudio.RATE;
    private final RhythmAnalyzer analyzer = new RhythmAnalyzer(RATE);

    @Test
    void noChunksAtAll() {
        assertNoTempo(analyzer.analyze(new SongAudio(new float[0][], RATE)), 0);
    }

    @Test
    void emptyChunks() {
        assertNoTempo(analyzer.analyze(new SongAudio(new float[][] {{}, {}, {}, {}}, RATE)), 0);
    }

    @Test
    void threeSecondsOfClicksIsTooShort() {
        float[] x = RhythmTestAudio.beats(120, 3, RhythmTestAudio.Beat.CLICK, false, 0.1, 1);
        Rhythm r = analyzer.analyze(RhythmTestAudio.song(x));
        assertNoTempo(r, -1);
        assertTrue(r.onsetRate() > 1, "the clicks are still onsets: " + r.onsetRate());
    }

    @Test
    void silence() {
        assertNoTempo(analyzer.analyze(RhythmTestAudio.song(new float[150 * RATE])), 0);
    }

    @Test
    void aDcOffsetIsSilenceToTheRhythm() {
        float[] x = new float[150 * RATE];
        Arrays.fill(x, 0.3f);
        assertNoTempo(analyzer.analyze(RhythmTestAudio.song(x)), 0);
    }

    @Test
    void damagedSamplesAreSilence() {
        float[] x = RhythmTestAudio.beats(120, 60, RhythmTestAudio.Beat.KICK, false, 0.1, 1);
        for (int i = 0; i < x.length; i += 997) {
            x[i] = i % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
        }
        Rhythm r = analyzer.analyze(RhythmTestAudio.song(x));
        assertEquals(120, r.bpm(), 120 * 0.04, r.toString());
    }

    @Test
    void whiteNoiseHasNoTempoOrALowConfidence() {
        for (long seed = 1; seed <= 3; seed++) {
            Rhythm r = analyzer.analyze(RhythmTestAudio.song(RhythmTestAudio.noise(150, 0.5, seed)));
            System.out.println("white noise: " + r);
            assertFalse(Double.isNaN(r.confidence()));
            assertFalse(Double.isNaN(r.onsetRate()));
            assertTrue(!r.hasTempo() || r.confidence() < 0.3, "noise: " + r);
        }
    }

    @Test
    void anotherSampleRateIsRefused() {
        SongAudio cd = new SongAudio(new float[][] {{0}}, 44_100);
        assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(cd));
    }

    @Test
    void shortChunksOfAShortSongStillGiveItsTempo() {
        // 20 s: the cache's four chunks are four copies of the whole song.
        float[] x = RhythmTestAudio.beats(100, 20, RhythmTestAudio.Beat.KICK, true, 0.2, 1);
        Rhythm r = analyzer.analyze(RhythmTestAudio.song(x));
        assertEquals(100, r.bpm(), 4, r.toString());
    }

    /** @param onsetRate the expected rate, or -1 to leave it unchecked (but it must be a number) */
    private static void assertNoTempo(Rhythm r, double onsetRate) {
        assertTrue(Double.isNaN(r.bpm()), r.toString());
        assertTrue(Double.isNaN(r.alternativeBpm()), r.toString());
        assertTrue(Double.isNaN(r.pulseClarity()), r.toString());
        assertEquals(0, r.confidence(), r.toString());
        assertFalse(Double.isNaN(r.onsetRate()), r.toString());
        if (onsetRate >= 0) {
            assertEquals(onsetRate, r.onsetRate(), 1e-12, r.toString());
        }
    }
}
