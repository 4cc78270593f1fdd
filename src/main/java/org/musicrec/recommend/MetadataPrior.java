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
 * each level shrunk towards the one above it by {@code k} pseudo-counts (empirical Bayes):
 *
 * <pre>
 * global  μ      = mean of all ratings
 * genre   g(s)   = mean over s's categories c of (Σ_c + k·μ) / (n_c + k)        (μ if s has none)
 * artist  a(s)   = (Σ_artist + k·g(s)) / (n_artist + k)                        (g if no artist tag)
 * album   prior  = (Σ_album  + k·a(s)) / (n_album  + k)                        (a if no album tag)
 * </pre>
 * People rate an artist's and an album's songs alike, so a group with many ratings moves the prior
 * far from the genre mean and a group with one rating barely moves it. A library without genre,
 * artist or album tags falls back level by level to the global mean.
 *
 * <p>Leave-one-out is built in: a rated song that was among the fitted ones never sees its own
 * rating (it is subtracted from every sum and count first), so a model trained on the residual
 * {@code stars − prior} learns what the tags cannot tell, not a copy of the target.
 *
 * @param k          pseudo-counts of shrinkage (0: plain group means)
 * @param fallback   the prior when no rating is known at all
 * @param sums       group key → {Σ stars, n}; keys are "*" (global), "g:&lt;category&gt;", "a:&lt;artist&gt;",
 *                   "b:&lt;artist&gt;\u0001&lt;album&gt;" (lower-cased, trimmed)
 * @param fitted     rowid → the stars that were fitted for it (what leave-one-out subtracts)
 */
public record MetadataPrior(double k, double fallback, Map<String, double[]> sums, Map<Long, Double> fitted) {
    private static final String GLOBAL = "*";

    public MetadataPrior {
        if (!(k >= 0)) {
            throw new IllegalArgumentException("prior strength must be >= 0, got " + k);
        }
        sums = Map.copyOf(sums);
        fitted = Map.copyOf(fitted);
    }

    /** Fits the group sums on the rated songs of {@code songs} (unrated ones are ignored). */
    public static MetadataPrior fit(List<Song> songs, GenreMapper mapper, double k, double fallback) {
        Map<String, double[]> sums = new HashMap<>();
        Map<Long, Double> fitted = new HashMap<>();
        for (Song s : songs) {
            if (!s.isRated()) {
                continue;
            }
            fitted.put(s.rowid(), s.stars());
            for (String key : keys(s, mapper)) {
                double[] acc = sums.computeIfAbsent(key, x -> new double[2]);
                acc[0] += s.stars();
                acc[1] += 1;
            }
        }
        return new MetadataPrior(k, fallback, sums, fitted);
    }

    /** A prior that knows nothing but the global mean (for a model told not to use tags). */
    public MetadataPrior globalOnly() {
        double[] g = sums.get(GLOBAL);
        return new MetadataPrior(k, fallback, g == null ? Map.of() : Map.of(GLOBAL, g), fitted);
    }

    /** The prior stars of {@code song}; a fitted song's own rating is left out. */
    public double predict(Song song, GenreMapper mapper) {
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
                s += shrunk(stat(genreKey(c), self, n), mu);
            }
            g = s / cats.size();
        }
        String artist = norm(song.artist());
        double a = artist.isEmpty() ? g : shrunk(stat("a:" + artist, self, n), g);
        String album = norm(song.album());
        return album.isEmpty() ? a : shrunk(stat(albumKey(artist, album), self, n), a);
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

    private double shrunk(double[] stat, double parent) {
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
