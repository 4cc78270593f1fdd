package org.musicrec.eval;

import org.musicrec.library.GenreCategory;
import org.musicrec.library.GenreMapper;
import org.musicrec.library.Song;

import java.util.List;
import java.util.Set;

/**
 * The recommender that never listens: a song's predicted stars are the mean rating of the rated
 * songs sharing its genre categories (averaged over its categories that have any rated song), or the
 * mean of all ratings when it has no such category. The audio model is only worth its cost if it
 * beats this, since the user's tags alone already give it.
 */
public final class MetadataBaseline {
    private final GenreMapper mapper;
    private final double[] categoryMean;
    private final double globalMean;

    private MetadataBaseline(GenreMapper mapper, double[] categoryMean, double globalMean) {
        this.mapper = mapper;
        this.categoryMean = categoryMean;
        this.globalMean = globalMean;
    }

    /** Learns the means from {@code rated} (unrated songs in the list are ignored). */
    public static MetadataBaseline fit(List<Song> rated, GenreMapper mapper) {
        double[] sum = new double[GenreCategory.COUNT];
        int[] count = new int[GenreCategory.COUNT];
        double all = 0;
        int n = 0;
        for (Song s : rated) {
            if (!s.isRated()) {
                continue;
            }
            all += s.stars();
            n++;
            for (GenreCategory c : mapper.categories(s.genre())) {
                sum[c.ordinal()] += s.stars();
                count[c.ordinal()]++;
            }
        }
        double[] mean = new double[GenreCategory.COUNT];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = count[c] == 0 ? Double.NaN : sum[c] / count[c];
        }
        return new MetadataBaseline(mapper, mean, n == 0 ? Double.NaN : all / n);
    }

    public double predict(Song song) {
        Set<GenreCategory> cats = mapper.categories(song.genre());
        double s = 0;
        int n = 0;
        for (GenreCategory c : cats) {
            if (!Double.isNaN(categoryMean[c.ordinal()])) {
                s += categoryMean[c.ordinal()];
                n++;
            }
        }
        return n == 0 ? globalMean : s / n;
    }

    public double[] predict(List<Song> songs) {
        double[] out = new double[songs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(songs.get(i));
        }
        return out;
    }
}
