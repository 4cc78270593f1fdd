package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.musicrec.describe.RhythmTestAudio.near;

/** The tempo of the demo library's songs (every category, drums and all) against the generator's plan. */
class RhythmDemoSongsTest {
    private static final long[] SEEDS = {42, 7};
    private static final int SONGS_PER_SEED = 40;

    @Test
    void demoSongsGiveThePlannedTempo() {
        List<DemoAudio.Song> songs = new ArrayList<>();
        for (long seed : SEEDS) {
            songs.addAll(DemoAudio.songs(SONGS_PER_SEED, seed));
        }
        RhythmAnalyzer analyzer = new RhythmAnalyzer(DemoAudio.RATE);
        analyzer.analyze(songs.get(0).audio());   // warm-up, so the timing below is not the JIT's
        int strict = 0, octave = 0;
        double[] millis = new double[songs.size()];
        int i = 0;
        for (DemoAudio.Song s : songs) {
            long t0 = System.nanoTime();
            Rhythm r = analyzer.analyze(s.audio());
            millis[i++] = (System.nanoTime() - t0) / 1e6;
            double truth = s.plan().bpm();
            boolean hit = near(r.bpm(), truth, 0.04);
            boolean octaveHit = hit || (near(r.alternativeBpm(), truth, 0.04)
                    && (near(r.bpm(), truth / 2, 0.04) || near(r.bpm(), truth * 2, 0.04)));
            strict += hit ? 1 : 0;
            octave += octaveHit ? 1 : 0;
            System.out.printf(Locale.ROOT, "%-15s %6.1f BPM -> %6.1f (alt %6.1f, conf %.2f, clarity %.2f,"
                            + " onsets/s %.2f)%s%n",
                    s.plan().category(), truth, r.bpm(), r.alternativeBpm(), r.confidence(), r.pulseClarity(),
                    r.onsetRate(), hit ? "" : octaveHit ? "  octave" : "  MISS");
        }
        int n = songs.size();
        double acc1 = (double) strict / n, acc2 = (double) octave / n;
        java.util.Arrays.sort(millis);
        // The median: other builds share the machine, and their bursts would dominate a mean.
        System.out.printf(Locale.ROOT, "demo songs: Acc1 %.3f, Acc2 %.3f over %d songs; median %.1f ms per song"
                        + " (4 x 30 s, one core)%n",
                acc1, acc2, n, millis[n / 2]);
        assertTrue(acc1 >= 0.90, "Acc1 " + acc1);
    }
}
