package org.musicrec.recommend;

import java.util.List;

/**
 * What {@link Recommender} chose.
 *
 * @param recommended    unrated songs predicted at or above the threshold, best first, at most top_n
 * @param best           the first human_feedback_best of {@code recommended}
 * @param help           the songs the model is least sure of (largest ensemble spread), not in {@code best}
 * @param scored         unrated songs that had an embedding and were scored
 * @param noEmbedding    unrated songs skipped because they have no embedding (not cached, failed to decode, ...)
 * @param belowThreshold scored songs predicted under the threshold
 */
public record Recommendations(List<PlaylistEntry> recommended, List<PlaylistEntry> best, List<PlaylistEntry> help,
                              int scored, int noEmbedding, int belowThreshold) {
    public Recommendations {
        recommended = List.copyOf(recommended);
        best = List.copyOf(best);
        help = List.copyOf(help);
    }
}
