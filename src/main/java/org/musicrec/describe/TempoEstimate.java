package org.musicrec.describe;

/**
 * What {@link TempoEstimator} finds: the fields of {@link Rhythm} that come from the envelope's periodicity.
 *
 * @param bpm            beats per minute, NaN when there is no tempo
 * @param confidence     0 … 1, 0 when there is no tempo
 * @param alternativeBpm the competing octave (bpm / 2 or bpm · 2), NaN when there is none
 * @param pulseClarity   0 … 1, NaN when there is no tempo
 */
record TempoEstimate(double bpm, double confidence, double alternativeBpm, double pulseClarity) {
    static final TempoEstimate NONE = new TempoEstimate(Double.NaN, 0, Double.NaN, Double.NaN);
}
