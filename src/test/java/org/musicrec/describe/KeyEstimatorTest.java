package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEstimatorTest {
    private static final int RATE = 16_000;
    private final KeyEstimator keys = new KeyEstimator(Cqt.create(CqtParams.DEFAULTS));

    /** A tone of a MIDI note with a few decaying harmonics, like a plucked or keyed instrument. */
    private static void note(float[] out, int from, int length, int midi, double gain) {
        double f = 440 * Math.pow(2, (midi - 69) / 12.0);
        for (int i = 0; i < length && from + i < out.length; i++) {
            double t = (double) i / RATE, env = Math.exp(-2.5 * t) * gain;
            double v = 0;
            for (int h = 1; h <= 4; h++) {
                v += Math.sin(2 * Math.PI * f * h * t) / h;
            }
            out[from + i] += (float) (env * v * 0.2);
        }
    }

    /** I–IV–V–I (or i–iv–V–i) in the key of {@code tonic}, with a bass root, repeated for 24 s. */
    private static SongAudio cadence(int tonic, boolean minor) {
        int third = minor ? 3 : 4;
        int[][] chords = {{0, third, 7}, {5, 5 + (minor ? 3 : 4), 12}, {7, 11, 14}, {0, third, 7}};
        float[] x = new float[24 * RATE];
        int len = RATE;
        for (int bar = 0; bar < 24; bar++) {
            int[] c = chords[bar % 4];
            for (int n : c) {
                note(x, bar * len, len, 60 + tonic + n, 1);
            }
            note(x, bar * len, len, 48 + tonic + c[0], 1.2);
        }
        return new SongAudio(new float[][] {x}, RATE);
    }

    @Test
    void cadencesInEveryKeyAreFoundWithTheirMode() {
        for (int tonic = 0; tonic < 12; tonic++) {
            for (boolean minor : new boolean[] {false, true}) {
                Tonality t = keys.estimate(cadence(tonic, minor));
                assertEquals(tonic, t.keyRoot(), "cadence in " + tonic + (minor ? " minor" : " major") + ": " + t.name());
                assertEquals(minor, t.minor(), t.name());
                assertTrue(t.confidence() > 0, t.toString());
            }
        }
        assertEquals("A minor", keys.estimate(cadence(9, true)).name());
    }

    @Test
    void demoSongsModesAreHeard() {
        List<DemoAudio.Song> songs = new ArrayList<>(DemoAudio.songs(40, 42));
        songs.addAll(DemoAudio.songs(40, 7));
        int mode = 0, root = 0, related = 0, keyed = 0;
        long t0 = System.nanoTime();
        for (DemoAudio.Song s : songs) {
            Tonality t = keys.estimate(s.audio());
            if (!t.hasKey()) {
                continue;
            }
            keyed++;
            mode += t.minor() == s.plan().minor() ? 1 : 0;
            root += t.keyRoot() == s.plan().keyRoot() && t.minor() == s.plan().minor() ? 1 : 0;
            int relative = s.plan().minor() ? (s.plan().keyRoot() + 3) % 12 : (s.plan().keyRoot() + 9) % 12;
            related += t.keyRoot() == s.plan().keyRoot() || t.keyRoot() == relative ? 1 : 0;
        }
        double ms = (System.nanoTime() - t0) / 1e6 / songs.size();
        System.out.printf("demo songs: mode %d/%d, key %d/%d, root or relative %d/%d, %d with a key; %.0f ms per song%n",
                mode, songs.size(), root, songs.size(), related, songs.size(), keyed, ms);
        assertTrue(mode >= 0.85 * songs.size(), "mode right on " + mode + " of " + songs.size());
    }

    @Test
    void noiseSilenceAndShortAudioHaveNoKey() {
        Random r = new Random(1);
        float[] noise = new float[10 * RATE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.3 * r.nextGaussian());
        }
        assertFalse(keys.estimate(new SongAudio(new float[][] {noise}, RATE)).hasKey(), "white noise");
        assertFalse(keys.estimate(new SongAudio(new float[][] {new float[10 * RATE]}, RATE)).hasKey(), "silence");
        assertFalse(keys.estimate(new SongAudio(new float[][] {new float[RATE / 20]}, RATE)).hasKey(), "50 ms");
        assertFalse(keys.estimate(new SongAudio(new float[0][], RATE)).hasKey(), "no chunks");
        float[] dc = new float[5 * RATE];
        java.util.Arrays.fill(dc, 0.4f);
        assertFalse(keys.estimate(new SongAudio(new float[][] {dc}, RATE)).hasKey(), "DC offset");
    }
}
