package org.musicrec.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankMetricsTest {
    @Test
    void spearmanHandlesTiesLikeScipy() {
        // scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138
        assertEquals(0.9486832980505138, RankMetrics.spearman(new double[]{1, 2, 2, 3}, new double[]{1, 3, 2, 4}), 1e-12);
        assertEquals(-1.0, RankMetrics.spearman(new double[]{1, 2, 3}, new double[]{3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(RankMetrics.spearman(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
    }

    @Test
    void ndcgAndPrecision() {
        double[] all = {5, 4, 3, 0, 0};
        assertEquals(1.0, RankMetrics.ndcgAtK(new double[]{5, 4, 3}, all, 3), 1e-12);
        // reversed: dcg = 3 + 4/log2(3) + 5/2 ; idcg = 5 + 4/log2(3) + 3/2
        double dcg = 3 + 4 / (Math.log(3) / Math.log(2)) + 5 / 2.0;
        double idcg = 5 + 4 / (Math.log(3) / Math.log(2)) + 3 / 2.0;
        assertEquals(dcg / idcg, RankMetrics.ndcgAtK(new double[]{3, 4, 5}, all, 3), 1e-12);
        assertEquals(2 / 3.0, RankMetrics.precisionAtK(new double[]{5, 4, 3}, 3, 4), 1e-12);
        assertEquals(1.0, RankMetrics.meanAbsoluteError(new double[]{1, 2}, new double[]{2, 3}), 1e-12);
    }

    @Test
    void genreNeighboursSeparateClustersAndReportChanceOnNoise() {
        Random r = new Random(1);
        List<float[]> clustered = new ArrayList<>();
        List<float[]> noise = new ArrayList<>();
        int[] cat = new int[70];
        for (int i = 0; i < 70; i++) {
            cat[i] = i % 7;
            float[] c = new float[16], n = new float[16];
            for (int d = 0; d < 16; d++) {
                c[d] = (float) ((d == cat[i] ? 3 : 0) + r.nextGaussian() * 0.3);
                n[d] = (float) r.nextGaussian();
            }
            clustered.add(c);
            noise.add(n);
        }
        GenreNeighbourMetrics good = GenreNeighbourMetrics.compute(clustered, cat, 5, 7);
        GenreNeighbourMetrics bad = GenreNeighbourMetrics.compute(noise, cat, 5, 7);
        assertEquals(70, good.songs());
        assertEquals(1.0, good.knnAccuracy(), 1e-12);
        assertEquals(1.0, good.mapAt10(), 1e-12);
        assertTrue(bad.knnAccuracy() < 0.4, "noise accuracy " + bad.knnAccuracy());
        assertEquals(1 / 7.0, good.chance(), 1e-12);
    }

    @Test
    void cosineIndexNeverReturnsTheQueryAndBreaksTiesByIndex() {
        List<float[]> v = List.of(new float[]{1, 0}, new float[]{1, 0}, new float[]{2, 0}, new float[]{0, 1});
        CosineIndex idx = new CosineIndex(v);
        List<CosineIndex.Hit> hits = idx.nearest(1, 3, j -> true);
        assertEquals(List.of(0, 2, 3), hits.stream().map(CosineIndex.Hit::index).toList());
        assertEquals(1.0f, hits.get(0).similarity(), 1e-6);
    }
}
