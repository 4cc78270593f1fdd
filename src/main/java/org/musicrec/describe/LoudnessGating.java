package org.musicrec.describe;

import java.util.Arrays;

/**
 * The gated statistics of BS.1770-4 and EBU Tech 3342, on mean squares of K-weighted blocks (already summed
 * over channels with their weights). Pure functions.
 *
 * <p>Gates keep blocks at or above the threshold ({@code >=}), as FFmpeg's {@code ebur128} filter and
 * libebur128 do (BS.1770-4 writes {@code >}; the two differ only for a block exactly on the threshold).
 */
final class LoudnessGating {
    /** BS.1770-4 Annex 1 and EBU Tech 3342: the absolute gate, −70 LKFS. */
    static final double ABSOLUTE_GATE_LUFS = -70.0;
    /** BS.1770-4 Annex 1: the relative gate for integrated loudness, −10 LU below the absolutely gated mean. */
    static final double INTEGRATED_RELATIVE_GATE_LU = -10.0;
    /** EBU Tech 3342: the relative gate for loudness range, −20 LU below the absolutely gated mean. */
    static final double RANGE_RELATIVE_GATE_LU = -20.0;
    /** EBU Tech 3342: the range spans the 10th to the 95th percentile of the gated short-term loudness. */
    static final double RANGE_LOW_PERCENTILE = 0.10;
    static final double RANGE_HIGH_PERCENTILE = 0.95;
    /** Loudness range needs at least this many gated short-term values to be more than one point. */
    static final int RANGE_MIN_WINDOWS = 2;
    /** BS.1770-4 Annex 1: L = −0.691 + 10·log10(Σ G_i·z_i); the constant cancels the K-weighting gain at 997 Hz. */
    static final double OFFSET_DB = -0.691;

    private LoudnessGating() {
    }

    /** Loudness in LUFS of a (channel-weighted) mean square. */
    static double lufs(double power) {
        return OFFSET_DB + 10 * Math.log10(power);
    }

    /** The mean square whose loudness is {@code lufs}. */
    static double power(double lufs) {
        return Math.pow(10, (lufs - OFFSET_DB) / 10);
    }

    /** BS.1770-4 gated integrated loudness of 400 ms block powers; NaN when no block passes the absolute gate. */
    static double integrated(double[] blockPowers) {
        double[] kept = gate(blockPowers, INTEGRATED_RELATIVE_GATE_LU);
        return kept.length == 0 ? Double.NaN : lufs(mean(kept));
    }

    /**
     * EBU Tech 3342 loudness range of short-term (3 s) powers: 95th minus 10th percentile of the loudness that
     * passes both gates; NaN when fewer than {@value #RANGE_MIN_WINDOWS} values pass.
     *
     * <p>Percentiles as in Tech 3342's reference code and libebur128 ({@code ebur128_loudness_range_multiple}):
     * the sorted value at index round((n − 1)·p). FFmpeg's filter takes index round(n·p) − 1 from a 0.01 LU
     * histogram; on the thousand-odd windows of a song the two differ by at most one rank.
     */
    static double range(double[] shortTermPowers) {
        double[] kept = gate(shortTermPowers, RANGE_RELATIVE_GATE_LU);
        int n = kept.length;
        if (n < RANGE_MIN_WINDOWS) {
            return Double.NaN;
        }
        Arrays.sort(kept);
        double low = kept[(int) Math.round((n - 1) * RANGE_LOW_PERCENTILE)];
        double high = kept[(int) Math.round((n - 1) * RANGE_HIGH_PERCENTILE)];
        return lufs(high) - lufs(low);
    }

    /** The powers that pass the absolute gate and then the relative gate {@code relativeLu} below their mean. */
    private static double[] gate(double[] powers, double relativeLu) {
        double absolute = power(ABSOLUTE_GATE_LUFS);
        double[] above = Arrays.stream(powers).filter(p -> p >= absolute).toArray();
        if (above.length == 0) {
            return above;
        }
        // The relative threshold in the power domain: mean · 10^(relativeLu / 10).
        double relative = mean(above) * Math.pow(10, relativeLu / 10);
        return Arrays.stream(above).filter(p -> p >= relative).toArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
