package org.musicrec.describe;

import org.junit.jupiter.api.Test;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtParams;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptorExtractorTest {
    private final DescriptorExtractor extractor = new DescriptorExtractor(Cqt.create(CqtParams.DEFAULTS));

    @Test
    void everyDescriptorOfADemoSongIsMeasuredAndLouderMasteringReadsLouder() {
        List<DemoAudio.Song> songs = DemoAudio.songs(12, 3);
        for (int round = 0; round < 2; round++) {   // the first round warms the JIT up
            long t0 = System.nanoTime();
            for (DemoAudio.Song s : songs) {
                SongDescriptors d = extractor.describe(s.audio());
                assertTrue(d.hasTempo() && d.hasKey(), d.toString());
                for (double v : new double[] {d.tempoBpm(), d.tempoConfidence(), d.pulseClarity(), d.onsetRate(),
                        d.keyConfidence(), d.loudnessLufs(), d.loudnessRangeLu(), d.centroidHz(), d.rolloffHz(),
                        d.flatness(), d.zeroCrossingRate(), d.harmonicShare(), d.lowEndShare()}) {
                    assertTrue(Double.isFinite(v), d.toString());
                }
            }
            System.out.printf("descriptors: %.0f ms per song (round %d)%n", (System.nanoTime() - t0) / 1e6 / songs.size(), round);
        }
        // The same song 6 dB quieter: 6 LU less loud, everything else the same.
        SongAudio a = songs.get(0).audio();
        float[][] quiet = new float[a.chunks().length][];
        for (int c = 0; c < quiet.length; c++) {
            quiet[c] = a.chunks()[c].clone();
            for (int i = 0; i < quiet[c].length; i++) {
                quiet[c][i] *= 0.5f;
            }
        }
        SongDescriptors loud = extractor.describe(a), soft = extractor.describe(new SongAudio(quiet, a.sampleRate()));
        assertEquals(loud.loudnessLufs() - 6.02, soft.loudnessLufs(), 0.05);
        assertEquals(loud.tempoBpm(), soft.tempoBpm(), 0.5);
        assertEquals(loud.keyName(), soft.keyName());
        assertEquals(loud.centroidHz(), soft.centroidHz(), 1);
    }

    @Test
    void silenceHasNoTempoNoKeyNoLoudnessAndNoNaNWhereAModelLooks() {
        SongDescriptors d = extractor.describe(new SongAudio(new float[][] {new float[16_000 * 20]}, 16_000));
        assertFalse(d.hasTempo());
        assertFalse(d.hasKey());
        assertTrue(Double.isNaN(d.loudnessLufs()));
        assertTrue(d.summary().startsWith("no tempo, no key, silent"), d.summary());
    }
}
