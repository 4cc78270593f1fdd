package org.musicrec.describe;

import java.util.Optional;

/**
 * Global tempo from the pooled autocorrelation ρ of the onset envelopes ({@link TempoAutocorrelation}):
 * <ol>
 *   <li>each candidate beat period τ (320 down to 30 BPM, on a grid of a tenth of a frame) is scored by the
 *       comb of Davies &amp; Plumbley 2007 ("Context-dependent beat tracking of musical audio", IEEE TASLP
 *       15(3), §III-B): the mean of ρ at τ, 2τ, 3τ and 4τ, so a beat is believed when the half bar and bar
 *       (or, in triple time, the bar at 3τ) repeat too, not just the next onset. ρ is read between lags by
 *       linear interpolation: their integer-lag comb with widening windows would favour whichever candidate
 *       happens to fall on whole frames;</li>
 *   <li>the comb is weighted by a log-Gaussian prior on the period, W(τ) = exp(-½ (log₂(τ / τ₀) / σ)²)
 *       (Ellis 2007, "Beat Tracking by Dynamic Programming", J. New Music Research 36(1), §3.1), with
 *       τ₀ = 0.48 s (125 BPM: listeners' preferred tempo lies between 120 and 130 BPM, Moelants 2002,
 *       "Preferred tempo reconsidered", ICMPC 7) and σ = 1 octave (librosa {@code beat.tempo}'s
 *       {@code std_bpm}). When the comb cannot tell two octaves apart — a plain metronome — the prior
 *       decides: the faster one wins up to τ₀/√2, 177 BPM;</li>
 *   <li>the tempo is the highest peak of W · comb, refined by a parabola through the grid points around it;
 *       the competing octave is whichever of half and double that tempo scores higher.</li>
 * </ol>
 * Confidence is how far the winning peak stands above the best other peak: 1 - second / best. Pulse clarity
 * is ρ at the beat period, after the autocorrelation-height descriptor of Lartillot, Eerola, Toiviainen &amp;
 * Fornari 2008, "Multi-feature modeling of pulse clarity" (ISMIR), read at the beat rather than at the
 * autocorrelation's highest peak. There is no tempo when the song has under
 * {@value #MIN_AUDIBLE_SECONDS} s of sound, or when the comb at the beat is not significantly above what an
 * envelope without periodicity gives ({@link #significance}). A song whose bar repeats clearly while its beat
 * hardly shows in the envelope (dense distorted guitars) keeps its tempo, with a low pulse clarity.
 *
 * <p>Immutable and thread-safe.
 */
final class TempoEstimator {
    /** Centre of the tempo prior, τ₀: 125 BPM, the middle of Moelants's 120–130 BPM. */
    static final double PRIOR_PERIOD_SECONDS = 60.0 / 125;
    /** Width of the prior in octaves (librosa's {@code std_bpm}). */
    static final double PRIOR_OCTAVES = 1.0;
    /** Fastest beat considered (librosa's {@code max_tempo}). */
    static final double MAX_BPM = 320;
    /** Slowest beat considered; the comb then needs ρ out to four of its periods, 8 s. */
    static final double MIN_BPM = 30;
    /** Multiples of the period in the comb (Davies &amp; Plumbley: four). */
    static final int COMB = 4;
    /** Grid step of candidate periods, in frames: under 1 % of the fastest beat's period (11.7 frames). */
    static final double GRID = 0.1;
    /** Four beats of a 40 BPM song: less sound than this cannot show a periodicity. */
    static final double MIN_AUDIBLE_SECONDS = 6;
    /** Peaks closer than this to the winner (relative) are the same peak, not a competitor (MIREX's 4 % tolerance). */
    static final double SAME_PEAK = 0.04;
    /**
     * z-score the comb (the mean of ρ at τ … 4τ) must reach at the beat. Without periodicity, the estimate of ρ
     * at a lag is roughly normal with variance Σⱼ r(j)² / N for N envelope frames (Bartlett's formula), r being
     * the envelope's own correlation, here that of the one-frame Gaussian smoothing:
     * Σⱼ exp(-j²/2) ≈ √(2π) ≈ 2.5.
     * The mean of four nearly independent lags has a quarter of that variance. The beat is the best of about a
     * hundred independent candidates, so 4.5 standard deviations keep false tempi near one in a thousand songs
     * (Bonferroni: 100 × 3.4·10⁻⁶).
     */
    static final double SIGNIFICANCE_Z = 4.5;
    /** Bartlett's variance factor Σⱼ r(j)² of the smoothed envelope (see {@link #SIGNIFICANCE_Z}). */
    static final double BARTLETT_FACTOR = Math.sqrt(2 * Math.PI);

    private final double frameRate;

    TempoEstimator(double frameRate) {
        this.frameRate = frameRate;
    }

    TempoEstimate estimate(OnsetEnvelope env) {
        if (env.audibleSeconds() < MIN_AUDIBLE_SECONDS) {
            return TempoEstimate.NONE;
        }
        // Unbiased lags beyond half a chunk rest on too few products to trust.
        int maxLag = Math.min((int) Math.ceil(COMB * 60 * frameRate / MIN_BPM), env.longestChunk() / 2);
        double minPeriod = 60 * frameRate / MAX_BPM;
        double maxPeriod = (maxLag - 1.0) / COMB;
        if (maxPeriod <= minPeriod + 2 * GRID) {
            return TempoEstimate.NONE;
        }
        Optional<TempoAutocorrelation> acf = TempoAutocorrelation.of(env, maxLag);
        if (acf.isEmpty()) {
            return TempoEstimate.NONE;
        }
        double[] rho = acf.get().rho();
        // score[i]: W · comb at period minPeriod + i · GRID frames.
        double[] score = new double[(int) ((maxPeriod - minPeriod) / GRID) + 1];
        for (int i = 0; i < score.length; i++) {
            score[i] = score(rho, minPeriod + i * GRID);
        }
        int best = bestPeak(score, -1, minPeriod);
        if (best < 0) {
            return TempoEstimate.NONE;
        }
        if (!(score[best] / prior(minPeriod + best * GRID) >= significance(acf.get().products()))) {
            return TempoEstimate.NONE;
        }
        double period = minPeriod + (best + vertex(score, best)) * GRID;
        double clarity = clarity(rho, period);
        double bpm = 60 * frameRate / period;
        double half = 2 * period <= maxPeriod ? score(rho, 2 * period) : Double.NaN;
        double twice = period / 2 >= minPeriod ? score(rho, period / 2) : Double.NaN;
        double alternative = Double.isNaN(half) && Double.isNaN(twice) ? Double.NaN
                : Double.isNaN(twice) || half >= twice ? bpm / 2 : bpm * 2;
        int second = bestPeak(score, best, minPeriod);
        double confidence = second < 0 || score[second] <= 0 ? 1 : 1 - score[second] / score[best];
        return new TempoEstimate(bpm, clamp(confidence), alternative, clamp(clarity));
    }

    /**
     * The smallest comb value (mean ρ at τ … 4τ) that is not chance for {@code frames} envelope frames. The
     * frames are counted over chunks, which overlap for songs between 30 s and 2 min: there the test is up to
     * twice as lenient as stated.
     */
    static double significance(long frames) {
        return SIGNIFICANCE_Z * Math.sqrt(BARTLETT_FACTOR / COMB / Math.max(1, frames));
    }

    /** W(τ) · mean of ρ at τ … COMB·τ, for a period of τ frames. */
    double score(double[] rho, double period) {
        double sum = 0;
        for (int p = 1; p <= COMB; p++) {
            sum += at(rho, p * period);
        }
        return prior(period) * sum / COMB;
    }

    /** W for a period of {@code period} frames. */
    double prior(double period) {
        double z = Math.log(period / (PRIOR_PERIOD_SECONDS * frameRate)) / Math.log(2) / PRIOR_OCTAVES;
        return Math.exp(-0.5 * z * z);
    }

    /** ρ at a fractional lag, linearly interpolated (the last lag beyond the end). */
    static double at(double[] rho, double lag) {
        int i = (int) lag;
        if (i + 1 >= rho.length) {
            return rho[rho.length - 1];
        }
        double f = lag - i;
        return rho[i] + f * (rho[i + 1] - rho[i]);
    }

    /** ρ at the beat: the vertex of ρ's own peak nearest the period (within a frame). */
    private static double clarity(double[] rho, double period) {
        int k = (int) Math.round(period);
        int best = k;
        for (int j = Math.max(1, k - 1); j <= Math.min(rho.length - 2, k + 1); j++) {
            if (rho[j] > rho[best]) {
                best = j;
            }
        }
        if (best < 1 || best + 1 >= rho.length) {
            return rho[best];
        }
        double d = vertex(rho, best);
        return rho[best] - 0.25 * (rho[best - 1] - rho[best + 1]) * d;
    }

    /**
     * Index of the highest interior local maximum of the grid scores s (period minPeriod + i · GRID), ignoring
     * peaks within {@link #SAME_PEAK} of the period at index {@code not} (none when negative).
     */
    private static int bestPeak(double[] s, int not, double minPeriod) {
        int best = -1;
        double excluded = minPeriod + not * GRID;
        for (int i = 1; i + 1 < s.length; i++) {
            boolean peak = s[i] >= s[i - 1] && s[i] > s[i + 1];
            boolean other = not < 0 || Math.abs(i - not) * GRID > SAME_PEAK * excluded;
            if (peak && other && (best < 0 || s[i] > s[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Offset in (-½, ½) of the vertex of the parabola through s at i - 1, i, i + 1 (0 when flat). */
    static double vertex(double[] s, int i) {
        if (i < 1 || i + 1 >= s.length) {
            return 0;
        }
        double den = s[i - 1] - 2 * s[i] + s[i + 1];
        if (!(den < 0)) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (s[i - 1] - s[i + 1]) / den));
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
