package org.musicrec.recommend;

import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the user's own tags say about a song before anyone listens: a hierarchy of mean ratings,
 * each level shrunk towards the one above it by that level's pseudo-counts (empirical Bayes):
 *
 * <pre>
 * global  μ      = mean of all ratings
 * genre   g(s)   = mean over s's categories c of (Σ_c + k_g·μ) / (n_c + k_g)      (μ if s has none)
 * artist  a(s)   = (Σ_artist + k_a·g(s)) / (n_artist + k_a)                      (g if no artist tag)
 * album   prior  = (Σ_album  + k_b·a(s)) / (n_album  + k_b)                      (a if no album tag)
 * </pre>
 * People rate an artist's and an album's songs alike, so a group with many ratings moves the prior
 * far from its parent and a group with one rating barely moves it. The pseudo-counts are either
 * given or estimated per level from the ratings themselves ({@link Shrinkage}), so a library whose
 * artists do not differ beyond noise is not misled by artist means, and one where they do is helped.
 * A library without genre, artist or album tags falls back level by level to the global mean.
 *
 * <p>Leave-one-out is built in: a rated song that was among the fitted ones never sees its own
 * rating (it is subtracted from every sum and count first), so a model trained on the residual
 * {@code stars − prior} learns what the tags cannot tell, not a copy of the target.
 *
 * @param k          pseudo-counts of the genre, artist and album levels
 * @param fallback   the prior when no rating is known at all
 * @param sums       group key → {Σ stars, n}; keys are "*" (global), "g:&lt;category&gt;", "a:&lt;artist&gt;",
 *                   "b:&lt;artist&gt;\u0001&lt;album&gt;" (lower-cased, trimmed)
 * @param fitted     rowid → the stars that were fitted for it (what leave-one-out subtracts)
 */
public record MetadataPrior(double[] k, double fallback, Map<String, double[]> sums, Map<Long, Double> fitted) {
    private static final String GLOBAL = "*";
    private static final int LEVELS = 3;

    public MetadataPrior {
        if (k.length != LEVELS) {
            throw new IllegalArgumentException("need pseudo-counts for the genre, artist and album levels");
        }
        for (double x : k) {
            if (!(x >= 0)) {
                throw new IllegalArgumentException("prior strength must be >= 0, got " + x);
            }
        }
        k = k.clone();
        sums = Map.copyOf(sums);
        fitted = Map.copyOf(fitted);
    }

    /**
     * Fits the group sums on the rated songs of {@code songs} (unrated ones are ignored).
     *
     * @param k pseudo-counts for every level, or NaN to estimate each level's from the ratings
     */
    public static MetadataPrior fit(List<Song> songs, GenreMapper mapper, double k, double fallback) {
        Map<String, double[]> sums = new HashMap<>();
        Map<Long, Double> fitted = new HashMap<>();
        List<Song> rated = new java.util.ArrayList<>();
        for (Song s : songs) {
            if (!s.isRated()) {
                continue;
            }
            rated.add(s);
            fitted.put(s.rowid(), s.stars());
            for (String key : keys(s, mapper)) {
                double[] acc = sums.computeIfAbsent(key, x -> new double[2]);
                acc[0] += s.stars();
                acc[1] += 1;
            }
        }
        if (!Double.isNaN(k)) {
            return new MetadataPrior(new double[]{k, k, k}, fallback, sums, fitted);
        }
        // Top-down: a level's k is estimated from residuals against the (leave-one-out) level above,
        // which needs only the k of the levels above it.
        double[] est = {Shrinkage.MAX_K, Shrinkage.MAX_K, Shrinkage.MAX_K};
        for (int level = 0; level < LEVELS; level++) {
            MetadataPrior partial = new MetadataPrior(est, fallback, sums, fitted);
            Map<String, List<Double>> groups = new HashMap<>();
            for (Song s : rated) {
                double residual = s.stars() - partial.levels(s, mapper)[level];
                for (String key : groupKeys(s, mapper, level)) {
                    groups.computeIfAbsent(key, x -> new java.util.ArrayList<>()).add(residual);
                }
            }
            est[level] = Shrinkage.pseudoCounts(groups.values().stream()
                    .map(g -> g.stream().mapToDouble(Double::doubleValue).toArray()).toList());
        }
        return new MetadataPrior(est, fallback, sums, fitted);
    }

    /** A prior that knows nothing but the global mean (for a model told not to use tags). */
    public MetadataPrior globalOnly() {
        double[] g = sums.get(GLOBAL);
        return new MetadataPrior(k, fallback, g == null ? Map.of() : Map.of(GLOBAL, g), fitted);
    }

    /** The prior stars of {@code song}; a fitted song's own rating is left out. */
    public double predict(Song song, GenreMapper mapper) {
        return levels(song, mapper)[LEVELS];
    }

    /** μ, g, a and the album-level prior of the song (each level falls back to the one above). */
    private double[] levels(Song song, GenreMapper mapper) {
        Double own = fitted.get(song.rowid());
        double self = own == null ? 0 : own;
        int n = own == null ? 0 : 1;
        double[] all = stat(GLOBAL, self, n);
        double mu = all[1] > 0 ? all[0] / all[1] : fallback;
        Set<GenreCategory> cats = mapper.categories(song.genre());
        double g = mu;
        if (!cats.isEmpty()) {
            double s = 0;
            for (GenreCategory c : cats) {
                s += shrink(stat(genreKey(c), self, n), mu, k[0]);
            }
            g = s / cats.size();
        }
        String artist = norm(song.artist());
        double a = artist.isEmpty() ? g : shrink(stat("a:" + artist, self, n), g, k[1]);
        String album = norm(song.album());
        double b = album.isEmpty() ? a : shrink(stat(albumKey(artist, album), self, n), a, k[2]);
        return new double[]{mu, g, a, b};
    }

    public double[] predict(List<Song> songs, GenreMapper mapper) {
        double[] out = new double[songs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(songs.get(i), mapper);
        }
        return out;
    }

    /** (Σ + k·parent) / (n + k); the parent itself when the group is empty and k = 0. */
    static double shrink(double sum, double count, double parent, double k) {
        double den = count + k;
        return den > 0 ? (sum + k * parent) / den : parent;
    }

    private static double shrink(double[] stat, double parent, double k) {
        return shrink(stat[0], stat[1], parent, k);
    }

    /** A group's {Σ, n} without the song's own rating (self/n are 0 for an unfitted song). */
    private double[] stat(String key, double self, int n) {
        double[] acc = sums.get(key);
        if (acc == null) {
            return new double[2];
        }
        return new double[]{acc[0] - self * n, Math.max(0, acc[1] - n)};
    }

    /** The song's groups at one level (0 genre, 1 artist, 2 album); none when the tag is empty. */
    private static List<String> groupKeys(Song s, GenreMapper mapper, int level) {
        String prefix = level == 0 ? "g:" : level == 1 ? "a:" : "b:";
        return keys(s, mapper).stream().filter(x -> x.startsWith(prefix)).toList();
    }

    private static List<String> keys(Song s, GenreMapper mapper) {
        List<String> keys = new java.util.ArrayList<>();
        keys.add(GLOBAL);
        Set<String> seen = new HashSet<>();
        for (GenreCategory c : mapper.categories(s.genre())) {
            if (seen.add(c.name())) {
                keys.add(genreKey(c));
            }
        }
        String artist = norm(s.artist());
        if (!artist.isEmpty()) {
            keys.add("a:" + artist);
        }
        String album = norm(s.album());
        if (!album.isEmpty()) {
            keys.add(albumKey(artist, album));
        }
        return keys;
    }

    private static String genreKey(GenreCategory c) {
        return "g:" + c.name().toLowerCase(Locale.ROOT);
    }

    private static String albumKey(String artist, String album) {
        return "b:" + artist + "\u0001" + album;
    }

    private static String norm(String tag) {
        return tag.trim().toLowerCase(Locale.ROOT);
    }
}
