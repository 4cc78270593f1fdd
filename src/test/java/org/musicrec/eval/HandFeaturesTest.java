package org.musicrec.eval;

import org.junit.jupiter.api.Test;
import org.musicrec.config.ConfigLoader;
import org.musicrec.config.MusicrecConfig;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtFactory;
import org.musicrec.library.Song;
import org.musicrec.progress.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandFeaturesTest {
    private static final MusicrecConfig CFG = new ConfigLoader().defaults();
    private static final Cqt CQT = CqtFactory.create(CFG.cqt(), CFG.audio());
    private static final int RATE = CFG.audio().sampleRate();

    private static float[] sine(double hz, int n, int valid) {
        float[] x = new float[n];
        for (int i = 0; i < valid; i++) {
            x[i] = (float) (Math.sqrt(2) * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    private static int loudestBin(float[] f) {
        int arg = 0;
        for (int b = 1; b < 84; b++) {
            arg = f[b] > f[arg] ? b : arg;
        }
        return arg;
    }

    @Test
    void meansPeakAtTheTonesBinAndStdsFollow() {
        HandFeatures hf = new HandFeatures(CQT, id -> null, 8);
        float[] low = hf.of(new HandFeatures.Audio(new float[][]{sine(110, RATE, RATE)}, new int[]{RATE}));
        float[] high = hf.of(new HandFeatures.Audio(new float[][]{sine(1760, RATE, RATE)}, new int[]{RATE}));
        assertEquals(168, low.length);
        assertEquals(168, hf.dim());
        // fmin 32.7 Hz (C1), 12 bins per octave: A2 = 110 Hz is bin 21, A6 = 1760 Hz is bin 69.
        assertEquals(21, loudestBin(low), 1);
        assertEquals(69, loudestBin(high), 1);
        for (int j = 84; j < 168; j++) {
            assertTrue(low[j] >= 0, "standard deviations are non-negative");
        }
    }

    @Test
    void zeroPaddingIsIgnoredAndSongsInABatchDoNotMix() throws IOException {
        int n = RATE, valid = 8100;
        HandFeatures.Audio padded = new HandFeatures.Audio(new float[][]{sine(440, n, valid)}, new int[]{valid});
        HandFeatures.Audio trimmed = new HandFeatures.Audio(new float[][]{sine(440, valid, valid)}, new int[]{valid});
        HandFeatures.Audio pretendFull = new HandFeatures.Audio(padded.chunks(), new int[]{n});
        HandFeatures.Audio other = new HandFeatures.Audio(new float[][]{sine(220, n, n), sine(330, n, n)}, new int[]{n, n});
        HandFeatures single = new HandFeatures(CQT, id -> null, 8);
        float[] p = single.of(padded);
        // Equal, except in the lowest bins: their kernels span most of the 0.5 s clip, so they see how long
        // the clip is. From bin 24 (131 Hz) up the kernels are short and the means must agree closely.
        float[] t = single.of(trimmed);
        for (int b = 24; b < 84; b++) {
            assertEquals(t[b], p[b], 0.1, "padding frames must not count: mean of bin " + b);
        }
        float[] full = single.of(pretendFull);
        assertTrue(maxAbsDiff(full, p) > 3, "counting the padding drags the means towards log(1e-9): "
                + maxAbsDiff(full, p));

        // Batched over several songs (chunks per batch 3: the second batch starts at song 3) = one at a time.
        List<HandFeatures.Audio> audio = List.of(padded, other, padded, other);
        HandFeatures batched = new HandFeatures(CQT, id -> audio.get((int) id), 3);
        List<Song> songs = new ArrayList<>();
        for (int i = 0; i < audio.size(); i++) {
            songs.add(new Song(i, "t", "a", "b", 0, -1, "", "", Path.of("/m/" + i), 0, 0, 0));
        }
        List<String> problems = new ArrayList<>();
        Map<Long, float[]> f = batched.compute(songs, Progress.silent(), problems::add);
        assertEquals(4, f.size());
        assertTrue(problems.isEmpty());
        assertArrayEquals(p, f.get(2L), 1e-3f);
        assertArrayEquals(single.of(other), f.get(1L), 1e-3f);
        assertArrayEquals(single.of(other), f.get(3L), 1e-3f);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void aSongThatFailsToLoadIsReportedAndLeftOut() {
        HandFeatures hf = new HandFeatures(CQT, id -> {
            if (id == 1) {
                throw new IOException("damaged cache file");
            }
            return new HandFeatures.Audio(new float[][]{sine(440, RATE, RATE)}, new int[]{RATE});
        }, 8);
        List<Song> songs = List.of(new Song(0, "t", "a", "b", 0, -1, "", "", Path.of("/m/0"), 0, 0, 0),
                new Song(1, "t", "a", "b", 0, -1, "", "", Path.of("/m/1"), 0, 0, 0));
        List<String> problems = new ArrayList<>();
        Map<Long, float[]> f = hf.compute(songs, Progress.silent(), problems::add);
        assertEquals(List.of(0L), List.copyOf(f.keySet()));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("/m/1") && problems.get(0).contains("damaged"), problems.get(0));
    }
}
