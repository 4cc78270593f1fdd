package org.musicrec.describe;

import java.util.Optional;

/**
 * Global tempo from the autocorrelation ρ of the onset envelopes, the mean of the accent bands' own
 * ({@link TempoAutocorrelation}):
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
 *       the competing octave is whichever of half and double that tempo scores higher;</li>
 *   <li>when the song has a clear bar ({@link #barPeriod}) and that beat does not divide it into
 *       {@link #BEATS_PER_BAR} equal parts, the best-scoring beat that does replaces it, if it scores at least
 *       {@link #METRICAL_SUPPORT} of the other.</li>
 * </ol>
 * Confidence is how far the winning peak stands above the best other peak: 1 - second / best. Pulse clarity
 * is ρ of the whole envelope (all mel bands in one, not the accent bands' mean) at the beat period, after the autocorrelation-height descriptor of Lartillot, Eerola, Toiviainen &amp;
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
    /**
     * Beats a bar may hold. The beat and the bar are levels of one metrical hierarchy whose periods stand in
     * integer ratios (Klapuri, Eronen &amp; Astola 2006, "Analysis of the meter of acoustic musical signals", IEEE
     * TASLP 14(1)): a beat that does not divide the bar is a rhythmic figure, such as the tresillo's dotted
     * eighths (4/3 of the beat) or a rock riff's dotted quarters (2/3), not the pulse.
     */
    static final int[] BEATS_PER_BAR = {1, 2, 3, 4, 6, 8, 12, 16};
    /**
     * A beat that divides the bar replaces one that does not only when its comb · prior comes to this share of the
     * other's: a rhythmic figure wins the comb by a little (on the demo's tresillo songs the pulse scored 0.84–0.98
     * of the figure), while a bar read wrongly off a steady stream of eighths offers only off-beat divisions
     * (0.3–0.4 there). Measured on the demo's songs, so a constant fitted to them; stated as such.
     */
    static final double METRICAL_SUPPORT = 0.75;
    /** Bars are looked for between these lags (a 4/4 bar at 190 BPM and at 48 BPM). */
    static final double MIN_BAR_SECONDS = 1.2, MAX_BAR_SECONDS = 5;
    /** A lag whose comb comes within this share of the best one's is as good a bar. */
    static final double BAR_SHARE = 0.9;
    /** Below this comb value no lag repeats clearly enough to be a bar. */
    static final double MIN_BAR_RHO = 0.3;
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
        double bar = barPeriod(rho, maxLag);
        if (!Double.isNaN(bar) && !divides(bar, period)) {
            double consistent = bestDivisor(rho, bar, minPeriod, maxPeriod);
            if (!Double.isNaN(consistent) && score(rho, consistent) >= METRICAL_SUPPORT * score(rho, period)) {
                period = consistent;
            }
        }
        // Lartillot's pulse clarity is a property of the whole onset curve: how much of everything that happens
        // repeats at the beat; the accent bands' mean would weigh a quiet shaker like the drums.
        // Only the lags around the beat are read, so only those are computed (not all maxLag of them).
        int clarityLags = Math.min(maxLag, (int) Math.ceil(period) + 2);
        double clarity = clarity(TempoAutocorrelation.ofWhole(env, clarityLags).map(TempoAutocorrelation::rho).orElse(rho), period);
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
     * The bar: a lag L between {@value #MIN_BAR_SECONDS} and {@value #MAX_BAR_SECONDS} s where the song repeats,
     * scored like the beat by a comb, the mean of ρ at L and 2L (a bar repeats, and so does the next one; a
     * figure that happens to recur after three beats does not line up twice as well). Of the lags scoring
     * within {@value #BAR_SHARE} of the best, the shortest (a metronome repeats after every beat alike, and any
     * multiple of the bar would do: the beat divides it too). NaN when no lag there repeats clearly (a comb
     * below {@value #MIN_BAR_RHO}).
     */
    double barPeriod(double[] rho, int maxLag) {
        double from = MIN_BAR_SECONDS * frameRate, to = Math.min(MAX_BAR_SECONDS * frameRate, (maxLag - 2) / 2.0);
        int n = (int) Math.floor((to - from) / GRID) + 1;
        if (n < 3) {
            return Double.NaN;
        }
        double[] comb = new double[n];
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double lag = from + i * GRID;
            comb[i] = 0.5 * (near(rho, lag) + near(rho, 2 * lag));
            top = Math.max(top, comb[i]);
        }
        if (top < MIN_BAR_RHO) {
            return Double.NaN;
        }
        for (int i = 1; i + 1 < n; i++) {
            if (comb[i] >= BAR_SHARE * top && comb[i] >= comb[i - 1] && comb[i] >= comb[i + 1]) {
                return from + (i + vertex(comb, i)) * GRID;
            }
        }
        return Double.NaN;
    }

    /** Whether a beat of {@code period} frames divides the bar into one of {@link #BEATS_PER_BAR} equal parts (within 3 %). */
    static boolean divides(double bar, double period) {
        for (int k : BEATS_PER_BAR) {
            if (Math.abs(bar / k - period) <= 0.03 * period) {
                return true;
            }
        }
        return false;
    }

    /**
     * The best-scoring beat that divides the bar: for each k of {@link #BEATS_PER_BAR}, the highest score within
     * 3 % of bar / k; NaN when none is in range.
     */
    double bestDivisor(double[] rho, double bar, double minPeriod, double maxPeriod) {
        double best = Double.NaN, bestScore = Double.NEGATIVE_INFINITY;
        for (int k : BEATS_PER_BAR) {
            double centre = bar / k;
            for (double p = centre * 0.97; p <= centre * 1.03; p += GRID) {
                if (p < minPeriod || p > maxPeriod) {
                    continue;
                }
                double sc = score(rho, p);
                if (sc > bestScore) {
                    bestScore = sc;
                    best = p;
                }
            }
        }
        return best;
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

    /**
     * The highest ρ within a frame of a lag: bar lags are long, and reading a narrow peak between frames by
     * interpolation would score a bar that falls between frames below its multiples that happen not to.
     */
    static double near(double[] rho, double lag) {
        int lo = Math.max(0, (int) Math.floor(lag) - 1), hi = Math.min(rho.length - 1, (int) Math.ceil(lag) + 1);
        double m = Double.NEGATIVE_INFINITY;
        for (int i = lo; i <= hi; i++) {
            m = Math.max(m, rho[i]);
        }
        return m;
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
