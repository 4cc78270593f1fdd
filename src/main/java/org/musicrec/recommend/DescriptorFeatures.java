package org.musicrec.recommend;

import org.musicrec.describe.SongDescriptors;
import org.musicrec.library.GenreCategory;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Turns a song's {@link SongDescriptors} into the rating model's inputs: each descriptor on a scale where
 * a straight line makes sense (log tempo, log frequencies), standardised over the library, twice —
 * <ul>
 *   <li>as it is ("faster songs"), and</li>
 *   <li>relative to the song's genre categories ("fast for a jazz song"): the standardised value minus the
 *       mean of the library's songs of the same categories; 0 for an untagged song.</li>
 * </ul>
 * People hear both: a listener who likes slower songs may mean slower than the genre usually is. Fitted on
 * every library song that has descriptors, rated or not (no ratings involved), and saved with the model
 * so recommend standardises exactly as training did. Missing values (no tempo, no key, silence) become the
 * library mean, i.e. 0, with {@code tempo_known} telling the model which songs had a tempo: never a NaN.
 *
 * @param mean           library mean of each raw value
 * @param sd             library standard deviation of each raw value (0: the value never varies, input stays 0)
 * @param categoryMeans  per genre category (ordinal order): the mean standardised value of its songs
 */
public record DescriptorFeatures(double[] mean, double[] sd, double[][] categoryMeans) {
    /** The raw values, in input order; the genre-relative block repeats them with a "_in_genre" suffix. */
    public static final List<String> NAMES = List.of("tempo", "tempo_known", "pulse_clarity", "onset_rate", "mode",
            "key_confidence", "loudness", "loudness_range", "brightness", "rolloff", "flatness", "zero_crossings",
            "harmonic_share", "low_end_share");
    static final int RAW = NAMES.size();

    public DescriptorFeatures {
        if (mean.length != RAW || sd.length != RAW || categoryMeans.length != GenreCategory.COUNT) {
            throw new IllegalArgumentException("descriptor statistics of the wrong shape");
        }
    }

    /** Number of model inputs. */
    public static int dim() {
        return 2 * RAW;
    }

    /** Name of model input {@code i}. */
    public static String inputName(int i) {
        return i < RAW ? NAMES.get(i) : NAMES.get(i - RAW) + "_in_genre";
    }

    /** One song's descriptors and its genre categories, for fitting the statistics. */
    public record Entry(SongDescriptors descriptors, Set<GenreCategory> categories) {
    }

    /** The statistics of a library's songs. */
    public static DescriptorFeatures fit(Collection<Entry> songs) {
        double[] sum = new double[RAW], sq = new double[RAW];
        int[] count = new int[RAW];
        for (Entry e : songs) {
            double[] r = raw(e.descriptors());
            for (int j = 0; j < RAW; j++) {
                if (!Double.isNaN(r[j])) {
                    sum[j] += r[j];
                    sq[j] += r[j] * r[j];
                    count[j]++;
                }
            }
        }
        double[] mean = new double[RAW], sd = new double[RAW];
        for (int j = 0; j < RAW; j++) {
            mean[j] = count[j] == 0 ? 0 : sum[j] / count[j];
            sd[j] = count[j] < 2 ? 0 : Math.sqrt(Math.max(0, sq[j] / count[j] - mean[j] * mean[j]));
        }
        double[][] catSum = new double[GenreCategory.COUNT][RAW];
        int[] catCount = new int[GenreCategory.COUNT];
        DescriptorFeatures global = new DescriptorFeatures(mean, sd, new double[GenreCategory.COUNT][RAW]);
        for (Entry e : songs) {
            double[] z = global.standardised(e.descriptors());
            for (GenreCategory c : e.categories()) {
                catCount[c.ordinal()]++;
                for (int j = 0; j < RAW; j++) {
                    catSum[c.ordinal()][j] += z[j];
                }
            }
        }
        for (int c = 0; c < catSum.length; c++) {
            for (int j = 0; j < RAW; j++) {
                catSum[c][j] = catCount[c] == 0 ? 0 : catSum[c][j] / catCount[c];
            }
        }
        return new DescriptorFeatures(mean, sd, catSum);
    }

    /** The model inputs of one song; a song without descriptors gets the library mean (all zeros). */
    public float[] of(SongDescriptors d, Set<GenreCategory> categories) {
        float[] out = new float[dim()];
        if (d == null) {
            return out;
        }
        double[] z = standardised(d);
        for (int j = 0; j < RAW; j++) {
            out[j] = (float) z[j];
            if (!categories.isEmpty()) {
                double m = 0;
                for (GenreCategory c : categories) {
                    m += categoryMeans[c.ordinal()][j] / categories.size();
                }
                out[RAW + j] = (float) (z[j] - m);
            }
        }
        return out;
    }

    /** Standardised raw values, missing ones at 0. */
    double[] standardised(SongDescriptors d) {
        double[] r = raw(d);
        double[] z = new double[RAW];
        for (int j = 0; j < RAW; j++) {
            z[j] = Double.isNaN(r[j]) || sd[j] <= 1e-12 ? 0 : (r[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** The raw values on their modelling scale (NaN = not measured), in {@link #NAMES} order. */
    static double[] raw(SongDescriptors d) {
        return new double[] {
                d.hasTempo() ? log2(d.tempoBpm()) : Double.NaN,
                d.hasTempo() ? 1 : 0,
                d.pulseClarity(),
                d.onsetRate(),
                d.hasKey() ? (d.minor() ? -1 : 1) : Double.NaN,
                d.hasKey() ? d.keyConfidence() : Double.NaN,
                d.loudnessLufs(),
                d.loudnessRangeLu(),
                d.centroidHz() > 0 ? log2(d.centroidHz()) : Double.NaN,
                d.rolloffHz() > 0 ? log2(d.rolloffHz()) : Double.NaN,
                d.flatness() > 0 ? Math.log10(d.flatness()) : Double.NaN,
                d.zeroCrossingRate() >= 0 ? Math.log1p(d.zeroCrossingRate()) : Double.NaN,
                d.harmonicShare(),
                d.lowEndShare()};
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
