package org.musicrec.eval;

import java.util.List;

/**
 * How well an embedding groups songs by genre, on songs with exactly one category:
 * leave-one-out k-NN accuracy (majority vote of the k nearest by cosine, ties to the nearer
 * neighbour) and same-genre retrieval mAP@10 (each song queries the others).
 *
 * @param knnAccuracy share of songs whose neighbours vote for their own category
 * @param mapAt10     mean average precision of the 10 nearest
 * @param songs       songs evaluated
 * @param chance      accuracy of always answering the most common category
 */
public record GenreNeighbourMetrics(double knnAccuracy, double mapAt10, int songs, double chance) {

    public static GenreNeighbourMetrics compute(List<float[]> embeddings, int[] category, int k, int numCategories) {
        CosineIndex index = new CosineIndex(embeddings);
        int evaluated = 0, correct = 0;
        double apSum = 0;
        int[] counts = new int[numCategories];
        for (int c : category) {
            if (c >= 0) {
                counts[c]++;
            }
        }
        for (int i = 0; i < category.length; i++) {
            if (category[i] < 0) {
                continue;
            }
            evaluated++;
            List<CosineIndex.Hit> hits = index.nearest(i, Math.max(k, 10), j -> category[j] >= 0);
            if (vote(hits.subList(0, Math.min(k, hits.size())), category, numCategories) == category[i]) {
                correct++;
            }
            apSum += averagePrecision(hits.subList(0, Math.min(10, hits.size())), category, category[i],
                    counts[category[i]] - 1);
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return new GenreNeighbourMetrics(evaluated == 0 ? Double.NaN : correct / (double) evaluated,
                evaluated == 0 ? Double.NaN : apSum / evaluated, evaluated,
                evaluated == 0 ? Double.NaN : max / (double) evaluated);
    }

    private static int vote(List<CosineIndex.Hit> hits, int[] category, int numCategories) {
        int[] votes = new int[numCategories];
        for (CosineIndex.Hit h : hits) {
            votes[category[h.index()]]++;
        }
        int best = -1;
        // Hits are nearest first, so the first category reaching the top count is the nearer one.
        int top = 0;
        for (int v : votes) {
            top = Math.max(top, v);
        }
        for (CosineIndex.Hit h : hits) {
            if (votes[category[h.index()]] == top) {
                best = category[h.index()];
                break;
            }
        }
        return best;
    }

    private static double averagePrecision(List<CosineIndex.Hit> ranked, int[] category, int wanted, int relevantTotal) {
        if (relevantTotal <= 0) {
            return 0;
        }
        int hits = 0;
        double sum = 0;
        for (int r = 0; r < ranked.size(); r++) {
            if (category[ranked.get(r).index()] == wanted) {
                hits++;
                sum += hits / (double) (r + 1);
            }
        }
        return sum / Math.min(ranked.size(), relevantTotal);
    }
}
