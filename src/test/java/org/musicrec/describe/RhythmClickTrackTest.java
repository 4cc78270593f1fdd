package org.musicrec.describe;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.musicrec.describe.RhythmTestAudio.near;

class RhythmClickTrackTest {
    private static final double[] TEMPI = {70, 90, 100, 120, 128, 140, 160, 175};
    private final RhythmAnalyzer analyzer = new RhythmAnalyzer(RhythmTestAudio.RATE);

    @Test
    void clickTracksGiveTheirTempoWithin4Percent() {
        int tracks = 0, primary = 0;
        for (RhythmTestAudio.Beat beat : RhythmTestAudio.Beat.values()) {
            for (boolean accents : new boolean[] {false, true}) {
                for (double bpm : TEMPI) {
                    // 150 s: the cache's 4 chunks are separate excerpts, not overlapping copies.
                    float[] x = RhythmTestAudio.beats(bpm, 150, beat, accents, 0.137, (long) bpm);
                    Rhythm r = analyzer.analyze(RhythmTestAudio.song(x));
                    tracks++;
                    boolean hit = near(r.bpm(), bpm, 0.04);
                    primary += hit ? 1 : 0;
                    System.out.printf(Locale.ROOT, "%s accents=%s %.0f BPM -> %.2f (alt %.2f, conf %.2f, clarity %.2f,"
                                    + " onsets/s %.2f)%n", beat, accents, bpm, r.bpm(), r.alternativeBpm(), r.confidence(),
                            r.pulseClarity(), r.onsetRate());
                    assertTrue(hit || near(r.alternativeBpm(), bpm, 0.04),
                            beat + " accents=" + accents + " at " + bpm + " BPM: got " + r);
                }
            }
        }
        System.out.printf(Locale.ROOT, "click tracks: %d of %d at the true tempo (the rest at its octave, named as the"
                + " alternative)%n", primary, tracks);
        assertEquals(tracks, primary, "straight click tracks should all be found at their own tempo");
    }

    @Test
    void onsetRateCountsTheClicks() {
        for (double bpm : new double[] {90, 140}) {
            Rhythm r = analyzer.analyze(RhythmTestAudio.song(
                    RhythmTestAudio.beats(bpm, 150, RhythmTestAudio.Beat.CLICK, false, 0.137, 1)));
            assertEquals(bpm / 60, r.onsetRate(), 0.05 * bpm / 60, "onsets per second at " + bpm + " BPM");
        }
    }
}
