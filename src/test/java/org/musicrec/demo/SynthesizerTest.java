package org.musicrec.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SynthesizerTest {
    private static final int SR = 22_050;
    private final Synthesizer synth = new Synthesizer();

    /** A 10 s mono song of the category with chosen tempo and brightness (mid-range of its style). */
    private static SongPlan song(Category c, double bpm, double brightness, long seed) {
        return new SongPlan(0, c, "A", "B", "T", "", 2000, 1, 1, AudioFormat.FLAC, SR, 1, 10, bpm, 2,
                c == Category.HIPHOP || c == Category.ELECTRONIC, brightness, 0, seed, "A/B/01 - T.flac", 3, -1);
    }

    private static double[][] spec(Pcm pcm) {
        return AudioFeatures.spectrogram(AudioFeatures.mono(pcm));
    }

    @Test
    void sameSeedGivesIdenticalPcmOtherSeedDiffers() {
        SongPlan p = song(Category.COUNTRY, 120, 0.6, 99);
        Pcm a = synth.render(p);
        Pcm b = synth.render(p);
        assertArrayEquals(a.samples(), b.samples());
        assertFalse(Arrays.equals(a.samples(), synth.render(song(Category.COUNTRY, 120, 0.6, 100)).samples()));
    }

    @Test
    void rendersTheRequestedLengthRateAndChannels() {
        SongPlan mono = song(Category.POP, 110, 0.7, 1);
        Pcm pcm = synth.render(mono);
        assertEquals(SR, pcm.sampleRate());
        assertEquals(1, pcm.channels());
        assertEquals(10.0, pcm.seconds(), 1e-3);
        SongPlan p = mono;
        SongPlan stereo = new SongPlan(p.index(), p.category(), p.artist(), p.album(), p.title(), p.genreTag(),
                p.year(), p.track(), p.trackTotal(), p.format(), 48_000, 2, 3, p.bpm(), p.keyRoot(), p.minor(),
                p.brightness(), p.progression(), p.seed(), p.relativePath(), p.truthStars(), p.rating());
        Pcm st = synth.render(stereo);
        assertEquals(3 * 48_000 * 2, st.samples().length);
        int peak = 0;
        for (short s : st.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertTrue(peak > 20_000 && peak <= 32_767, "normalised peak " + peak);
    }

    @Test
    void aSongMasteredLowerIsTheSameMixScaledDown() {
        SongPlan p = song(Category.ROCK, 140, 0.8, 11);
        SongPlan quiet = new SongPlan(p.index(), p.category(), p.artist(), p.album(), p.title(), p.genreTag(), p.year(),
                p.track(), p.trackTotal(), p.format(), p.sampleRate(), p.channels(), p.durationSeconds(), p.bpm(),
                p.keyRoot(), p.minor(), p.brightness(), p.progression(), p.seed(), p.relativePath(), p.truthStars(),
                p.rating(), -12);
        short[] a = synth.render(p).samples(), b = synth.render(quiet).samples();
        double ratio = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) > 8000) {
                ratio += (double) b[i] / a[i];
                n++;
            }
        }
        assertEquals(Math.pow(10, -12 / 20.0), ratio / n, 0.002);   // -12 dB: a quarter of the amplitude
    }

    @Test
    void fourOnTheFloorAndBoomBapTemposAreMeasurable() {
        assertTempo(128, AudioFeatures.tempo(spec(synth.render(song(Category.ELECTRONIC, 128, 0.6, 5))), SR));
        assertTempo(88, AudioFeatures.tempo(spec(synth.render(song(Category.HIPHOP, 88, 0.3, 5))), SR));
    }

    private static void assertTempo(double bpm, double estimate) {
        boolean match = Math.abs(estimate - bpm) / bpm < 0.03 || Math.abs(estimate - 2 * bpm) / (2 * bpm) < 0.03;
        assertTrue(match, "estimated " + estimate + " bpm for a " + bpm + " bpm song");
    }

    @Test
    void categoriesDifferInTimbreAndRhythm() {
        double[][] rock = spec(synth.render(song(Category.ROCK, 140, 0.8, 11)));
        double[][] pop = spec(synth.render(song(Category.POP, 110, 0.7, 11)));
        double[][] hiphop = spec(synth.render(song(Category.HIPHOP, 88, 0.3, 11)));
        double[][] jazz = spec(synth.render(song(Category.JAZZ_CLASSICAL, 160, 0.3, 11)));
        double[][] latin = spec(synth.render(song(Category.LATIN_WORLD, 125, 0.4, 11)));

        // Distorted guitars and bright keys versus sub bass and dark Rhodes.
        double hiphopCentroid = AudioFeatures.spectralCentroid(hiphop, SR);
        assertTrue(AudioFeatures.spectralCentroid(rock, SR) > 1.5 * hiphopCentroid);
        assertTrue(AudioFeatures.spectralCentroid(pop, SR) > 1.5 * hiphopCentroid);
        // Hip-hop lives below 150 Hz (808 bass, boomy kick); swing jazz is ride cymbal and upright bass.
        assertTrue(AudioFeatures.lowShare(hiphop, SR, 150) > AudioFeatures.lowShare(jazz, SR, 150) + 0.1);
        // Clave, shaker and bossa guitar make far more onsets than a sparse boom-bap beat.
        assertTrue(AudioFeatures.onsetRate(latin, SR) > AudioFeatures.onsetRate(hiphop, SR) + 1.0);
    }

    @Test
    void brightnessRaisesTheSpectralCentroid() {
        double dark = AudioFeatures.spectralCentroid(spec(synth.render(song(Category.ROCK, 130, 0.55, 3))), SR);
        double bright = AudioFeatures.spectralCentroid(spec(synth.render(song(Category.ROCK, 130, 1.0, 3))), SR);
        assertTrue(bright > 1.1 * dark, "bright " + bright + " vs dark " + dark);
    }
}
