package org.musicrec.recommend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KnnRegressorTest {
    // Four references on the unit circle's axes and one diagonal: values 1, 2, 3, 4.
    private static final long[] IDS = {10, 11, 12, 13};
    private static final float[][] REFS = {{1, 0}, {0, 1}, {-1, 0}, {1, 1}};
    private static final double[] VALUES = {1, 2, 3, 4};

    @Test
    void similarityWeightedMeanOfTheNearest() {
        KnnRegressor knn = new KnnRegressor(2, IDS, REFS, VALUES);
        double c45 = Math.sqrt(0.5);
        // query (1, 0.1): nearest are ref 10 (cos ≈ 0.995) and ref 13 (cos ≈ 0.774)
        double q0 = 1 / Math.sqrt(1.01), q1 = 0.1 / Math.sqrt(1.01);
        double w10 = q0, w13 = q0 * c45 + q1 * c45;
        double expected = (w10 * 1 + w13 * 4) / (w10 + w13);
        double[] p = knn.predict(new long[]{-1}, new float[][]{{1, 0.1f}});
        assertEquals(expected, p[0], 1e-5);
    }

    @Test
    void aReferenceSongNeverVotesForItself() {
        KnnRegressor knn = new KnnRegressor(1, IDS, REFS, VALUES);
        // Query = ref 10's own vector: without leave-one-out it would answer its own value 1;
        // with it, the nearest other reference is 13 (cos 0.707).
        assertArrayEquals(new double[]{4, 1}, knn.predict(new long[]{10, -1}, new float[][]{{1, 0}, {1, 0}}), 1e-6);
    }

    @Test
    void oppositeOrZeroVectorsGetNoVoteAndValidationIsClear() {
        KnnRegressor knn = new KnnRegressor(4, IDS, REFS, VALUES);
        // (-1, -1) has negative cosine with 10, 11, 13 and 0.707 with 12: only 12 votes.
        assertEquals(3, knn.predict(new long[]{-1}, new float[][]{{-1, -1}})[0], 1e-6);
        assertEquals(0, knn.predict(new long[]{-1}, new float[][]{{0, 0}})[0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> new KnnRegressor(0, IDS, REFS, VALUES));
        assertThrows(IllegalArgumentException.class, () -> knn.predict(new long[]{-1}, new float[][]{{1, 2, 3}}));
    }
}
