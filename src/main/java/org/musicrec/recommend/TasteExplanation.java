package org.musicrec.recommend;

import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * What the user's ratings follow, in plain words with effect sizes: "faster songs: +0.8★ per 20 BPM
 * faster (held in 5/5 folds)". A small linear model of the stars on named properties — tempo, mode,
 * loudness, brightness, … in their own units, each genre category — chosen by forward stepwise selection
 * with leave-one-out error (a property enters only if it lowers the error the model makes on songs it did
 * not see by at least {@value #MIN_GAIN_SHARE} of it). The selection is repeated on each of {@value #FOLDS}
 * cross-validation training sets; an effect is reported only when the full-data model has it and at least
 * {@value #MIN_FOLDS} of the fold models picked it with the same sign: only what cross-validation supports.
 * The effect is the property's coefficient with the others in the model held fixed, ± 1.96 standard errors.
 */
public final class TasteExplanation {
    static final int FOLDS = 5;
    static final int MIN_FOLDS = 4;
    static final double MIN_GAIN_SHARE = 0.01;
    private static final int MAX_EFFECTS = 6;

    /**
     * One reported effect.
     *
     * @param text  the plain-words line, e.g. "faster songs: +0.8★ per 20 BPM faster (±0.3; held in 5/5 folds)"
     * @param stars the effect in stars per the property's unit, sign as fitted
     * @param folds in how many of the cross-validation folds the same effect was chosen
     */
    public record Effect(String property, String text, double stars, double plusMinus, int folds) {
    }

    /** A named property of a song in its own unit, and the words for either direction. */
    private record Property(String name, Function<Row, Double> value, String up, String down, String unitUp,
                            String unitDown) {
    }

    /** What a property reads: a song's descriptors (may be null) and its genre categories. */
    private record Row(SongDescriptors d, Set<GenreCategory> categories) {
    }

    private TasteExplanation() {
    }

    /** The candidate properties, each in a unit a listener knows. */
    private static List<Property> properties() {
        List<Property> p = new ArrayList<>();
        p.add(new Property("tempo", r -> r.d() != null && r.d().hasTempo() ? r.d().tempoBpm() / 20 : null,
                "faster songs", "slower songs", "per 20 BPM faster", "per 20 BPM slower"));
        p.add(new Property("mode", r -> r.d() != null && r.d().hasKey() ? (r.d().minor() ? 1.0 : 0.0) : null,
                "minor keys", "major keys", "over major", "over minor"));
        p.add(new Property("loudness", r -> r.d() == null || Double.isNaN(r.d().loudnessLufs()) ? null : r.d().loudnessLufs() / 5,
                "louder songs", "quieter songs", "per 5 LU louder", "per 5 LU quieter"));
        p.add(new Property("brightness", r -> r.d() == null || Double.isNaN(r.d().centroidHz()) ? null : r.d().centroidHz() / 1000,
                "brighter songs", "darker songs", "per 1 kHz of spectral centroid", "per 1 kHz of spectral centroid"));
        p.add(new Property("pulse", r -> r.d() == null || Double.isNaN(r.d().pulseClarity()) ? null : r.d().pulseClarity() / 0.2,
                "a steadier beat", "a looser beat", "per 0.2 of pulse clarity", "per 0.2 of pulse clarity"));
        p.add(new Property("onsets", r -> r.d() == null || Double.isNaN(r.d().onsetRate()) ? null : r.d().onsetRate(),
                "busier songs", "sparser songs", "per onset per second more", "per onset per second fewer"));
        p.add(new Property("harmonic", r -> r.d() == null || Double.isNaN(r.d().harmonicShare()) ? null : r.d().harmonicShare() / 0.1,
                "more tonal, less percussive songs", "more percussive songs", "per 10 % more harmonic energy",
                "per 10 % more percussive energy"));
        p.add(new Property("bass", r -> r.d() == null || Double.isNaN(r.d().lowEndShare()) ? null : r.d().lowEndShare() / 0.1,
                "more bass", "less bass", "per 10 % of the power below 150 Hz", "per 10 % of the power below 150 Hz"));
        p.add(new Property("dynamics", r -> r.d() == null || Double.isNaN(r.d().loudnessRangeLu()) ? null : r.d().loudnessRangeLu() / 5,
                "more dynamic songs", "more even-level songs", "per 5 LU of loudness range", "per 5 LU of loudness range"));
        for (GenreCategory c : GenreCategory.values()) {
            p.add(new Property("genre " + c.label, r -> r.categories().contains(c) ? 1.0 : 0.0,
                    "genre " + c.label, "genre " + c.label, "", ""));
        }
        return p;
    }

    /**
     * @param rated       the rated songs
     * @param descriptors song → its descriptors, null when it has none (properties then take the mean)
     */
    public static List<Effect> of(List<Song> rated, Function<Song, SongDescriptors> descriptors, GenreMapper mapper,
                                  long seed) {
        int n = rated.size();
        List<Property> props = properties();
        double[] y = new double[n];
        double[][] x = new double[n][props.size()];
        for (int i = 0; i < n; i++) {
            Song s = rated.get(i);
            Row r = new Row(descriptors == null ? null : descriptors.apply(s), mapper.categories(s.genre()));
            y[i] = s.stars();
            for (int j = 0; j < props.size(); j++) {
                Double v = props.get(j).value().apply(r);
                x[i][j] = v == null ? Double.NaN : v;
            }
        }
        imputeMeans(x);
        if (n < 3 * FOLDS) {
            return List.of();
        }
        int[] all = range(n);
        Selection full = select(x, y, all);
        int[][] folds = folds(n, seed);
        int[] support = new int[props.size()];
        for (int[] train : folds) {
            Selection s = select(x, y, train);
            for (int k = 0; k < s.chosen().size(); k++) {
                int j = s.chosen().get(k);
                int at = full.chosen().indexOf(j);
                if (at >= 0 && Math.signum(s.coef()[k]) == Math.signum(full.coef()[at])) {
                    support[j]++;
                }
            }
        }
        List<Effect> out = new ArrayList<>();
        for (int k = 0; k < full.chosen().size(); k++) {
            int j = full.chosen().get(k);
            if (support[j] < MIN_FOLDS) {
                continue;
            }
            Property p = props.get(j);
            double b = full.coef()[k], se = full.se()[k];
            boolean genre = p.name().startsWith("genre ");
            String text = genre
                    ? String.format(Locale.ROOT, "%s: %+.1f★ (±%.1f; held in %d/%d folds)", p.up(), b, 1.96 * se, support[j], FOLDS)
                    : String.format(Locale.ROOT, "%s: +%.1f★ %s (±%.1f; held in %d/%d folds)", b > 0 ? p.up() : p.down(),
                    Math.abs(b), b > 0 ? p.unitUp() : p.unitDown(), 1.96 * se, support[j], FOLDS);
            out.add(new Effect(p.name(), text, b, 1.96 * se, support[j]));
        }
        out.sort((a, c) -> Double.compare(Math.abs(c.stars()), Math.abs(a.stars())));
        return out;
    }

    /** The properties chosen on some songs, their coefficients and standard errors (in chosen order). */
    private record Selection(List<Integer> chosen, double[] coef, double[] se) {
    }

    /** Forward stepwise selection on the songs {@code rows}, by leave-one-out mean squared error. */
    private static Selection select(double[][] x, double[] y, int[] rows) {
        List<Integer> chosen = new ArrayList<>();
        double current = Fit.of(x, y, rows, chosen).looMse();
        while (chosen.size() < MAX_EFFECTS) {
            int best = -1;
            double bestMse = current;
            for (int j = 0; j < x[0].length; j++) {
                if (chosen.contains(j)) {
                    continue;
                }
                chosen.add(j);
                double mse = Fit.of(x, y, rows, chosen).looMse();
                chosen.remove(chosen.size() - 1);
                if (mse < bestMse) {
                    bestMse = mse;
                    best = j;
                }
            }
            if (best < 0 || current - bestMse < MIN_GAIN_SHARE * current) {
                break;
            }
            chosen.add(best);
            current = bestMse;
        }
        Fit f = Fit.of(x, y, rows, chosen);
        return new Selection(List.copyOf(chosen), f.coef(), f.se());
    }

    /** Ordinary least squares with an intercept on a few columns, its LOO error and standard errors. */
    private record Fit(double looMse, double[] coef, double[] se) {
        static Fit of(double[][] x, double[] y, int[] rows, List<Integer> cols) {
            int k = cols.size() + 1, n = rows.length;
            double[][] a = new double[k][k];
            double[] b = new double[k];
            for (int r : rows) {
                double[] z = design(x[r], cols);
                for (int p = 0; p < k; p++) {
                    b[p] += z[p] * y[r];
                    for (int q = 0; q < k; q++) {
                        a[p][q] += z[p] * z[q];
                    }
                }
            }
            for (int p = 1; p < k; p++) {
                a[p][p] += 1e-9 * (1 + a[p][p]);   // keeps a constant or duplicate column from making it singular
            }
            double[][] inv = invert(a);
            double[] beta = new double[k];
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    beta[p] += inv[p][q] * b[q];
                }
            }
            double sse = 0, loo = 0;
            for (int r : rows) {
                double[] z = design(x[r], cols);
                double fit = 0, h = 0;
                for (int p = 0; p < k; p++) {
                    fit += z[p] * beta[p];
                    for (int q = 0; q < k; q++) {
                        h += z[p] * inv[p][q] * z[q];
                    }
                }
                double e = y[r] - fit;
                sse += e * e;
                double l = e / Math.max(1e-9, 1 - h);
                loo += l * l;
            }
            double sigma2 = sse / Math.max(1, n - k);
            double[] coef = new double[k - 1], se = new double[k - 1];
            for (int p = 1; p < k; p++) {
                coef[p - 1] = beta[p];
                se[p - 1] = Math.sqrt(Math.max(0, sigma2 * inv[p][p]));
            }
            return new Fit(loo / n, coef, se);
        }

        private static double[] design(double[] row, List<Integer> cols) {
            double[] z = new double[cols.size() + 1];
            z[0] = 1;
            for (int c = 0; c < cols.size(); c++) {
                z[c + 1] = row[cols.get(c)];
            }
            return z;
        }
    }

    /** Gauss–Jordan inverse of a small symmetric positive definite matrix. */
    private static double[][] invert(double[][] a) {
        int k = a.length;
        double[][] m = new double[k][2 * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, m[i], 0, k);
            m[i][k + i] = 1;
        }
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double d = m[c][c];
            if (Math.abs(d) < 1e-300) {
                d = 1e-300;
            }
            for (int j = 0; j < 2 * k; j++) {
                m[c][j] /= d;
            }
            for (int r = 0; r < k; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * k; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(m[i], k, inv[i], 0, k);
        }
        return inv;
    }

    /** Missing values (NaN) become their column's mean over the songs that have one. */
    private static void imputeMeans(double[][] x) {
        for (int j = 0; x.length > 0 && j < x[0].length; j++) {
            double s = 0;
            int c = 0;
            for (double[] r : x) {
                if (!Double.isNaN(r[j])) {
                    s += r[j];
                    c++;
                }
            }
            double m = c == 0 ? 0 : s / c;
            for (double[] r : x) {
                if (Double.isNaN(r[j])) {
                    r[j] = m;
                }
            }
        }
    }

    /** The training rows of each of {@value #FOLDS} folds of a seeded shuffle. */
    private static int[][] folds(int n, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[][] out = new int[FOLDS][];
        for (int f = 0; f < FOLDS; f++) {
            List<Integer> train = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                if (p % FOLDS != f) {
                    train.add(order.get(p));
                }
            }
            out[f] = train.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
