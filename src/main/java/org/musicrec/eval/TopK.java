package org.musicrec.eval;

import org.musicrec.library.Song;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recommendation quality against the true stars: candidates ranked by predicted stars (ties by rowid,
 * as the recommender breaks them), then NDCG@k with gain = true stars and precision@k with
 * "relevant" = true stars at or above a threshold.
 */
record TopK(double ndcg, double precision) {

    static TopK of(List<Song> candidates, double[] predicted, double[] truth, int k, double relevantStars) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -predicted[i])
                .thenComparingLong(i -> candidates.get(i).rowid()));
        double[] ranked = new double[Math.min(k, order.size())];
        for (int r = 0; r < ranked.length; r++) {
            ranked[r] = truth[order.get(r)];
        }
        return new TopK(RankMetrics.ndcgAtK(ranked, truth, k), RankMetrics.precisionAtK(ranked, k, relevantStars));
    }
}
