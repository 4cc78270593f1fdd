package org.musicrec.describe;

/**
 * A song's rhythm descriptors, computed by {@link RhythmAnalyzer} from its cached chunks.
 *
 * @param bpm            tempo in beats per minute; NaN = no tempo (under 6 s of sound, silence, or no
 *                       significant periodicity) — never a made-up number
 * @param confidence     0 … 1: how far the winning tempo's evidence stands above the best competitor
 *                       (often its own octave); 0 when there is no tempo
 * @param alternativeBpm the competing octave, bpm / 2 or bpm · 2, whichever has more evidence; NaN when there
 *                       is no tempo or neither octave is within the analysed range
 * @param pulseClarity   0 … 1: the onset envelope's autocorrelation at the beat period (1 = a perfectly
 *                       periodic pulse); NaN when there is no tempo
 * @param onsetRate      onsets per second of audio, 0 for silence
 */
public record Rhythm(double bpm, double confidence, double alternativeBpm, double pulseClarity, double onsetRate) {
    public boolean hasTempo() {
        return !Double.isNaN(bpm);
    }
}
