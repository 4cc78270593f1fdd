package org.musicrec.recommend;

import java.util.Collection;

/**
 * How hard to shrink group means towards their parent, from the data (method of moments): with
 * residuals r = stars − parent prior, grouped (by artist, say), the pooled within-group variance
 * σ² estimates the rating noise and the mean of (group mean)² − σ²/n estimates τ², how far groups
 * really differ from their parent. The posterior mean of a group with n ratings is then
 * (Σ + k·parent)/(n + k) with k = σ²/τ² pseudo-counts. A listener who rates an artist's songs
 * alike gets a small k (trust the artist's mean early); one whose artists do not differ beyond noise
 * gets a k so large the level changes nothing. One k for all libraries cannot do both.
 */
public final class Shrinkage {
    /** The largest k: at 1000 pseudo-counts a level moves the prior by a negligible amount. */
    public static final double MAX_K = 1000;

    private Shrinkage() {
    }

    /**
     * @param groups residuals of each group's members (groups of one rating carry no within-group
     *               variance but still count towards τ²)
     * @return k = σ²/τ², MAX_K when the groups do not differ beyond noise or there is too little data
     */
    public static double pseudoCounts(Collection<double[]> groups) {
        double within = 0;
        int dof = 0;
        for (double[] g : groups) {
            if (g.length < 2) {
                continue;
            }
            double m = mean(g);
            for (double r : g) {
                within += (r - m) * (r - m);
            }
            dof += g.length - 1;
        }
        if (dof < 2) {
            return MAX_K;   // no group with repeated ratings: noise and group effect cannot be told apart
        }
        double sigma2 = within / dof;
        double tau2 = 0;
        int n = 0;
        for (double[] g : groups) {
            if (g.length == 0) {
                continue;
            }
            double m = mean(g);
            tau2 += m * m - sigma2 / g.length;
            n++;
        }
        tau2 /= n;
        if (!(tau2 > 0)) {
            return MAX_K;
        }
        return Math.min(MAX_K, sigma2 / tau2);
    }

    private static double mean(double[] g) {
        double s = 0;
        for (double r : g) {
            s += r;
        }
        return s / g.length;
    }
}
