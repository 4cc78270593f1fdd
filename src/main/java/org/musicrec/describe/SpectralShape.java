package org.musicrec.describe;

/**
 * The spectral shape of a song, averaged over its non-silent frames. Every field is NaN for a song with no
 * frame above the silence gate (empty or silent audio), except {@code zeroCrossingRate}, which is then 0.
 *
 * @param centroidHz       magnitude-weighted mean frequency: brightness
 * @param rolloffHz        frequency below which 85 % of the magnitude spectrum's sum lies
 * @param flatness         0 (one tone) … 1 (white noise): geometric over arithmetic mean of the power spectrum
 * @param zeroCrossingRate sign changes per second of the waveform
 * @param harmonicShare    share of the power in the harmonic part after median-filter separation
 * @param lowEndShare      share of the power below 150 Hz
 */
public record SpectralShape(double centroidHz, double rolloffHz, double flatness, double zeroCrossingRate,
                            double harmonicShare, double lowEndShare) {
    public static final SpectralShape SILENT = new SpectralShape(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
            Double.NaN);
}
