package org.musicrec.eval;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CosineIndexTest {
    private static List<float[]> random(int n, int dim, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
            out.add(v);
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int d = 0; d < a.length; d++) {
            ab += (double) a[d] * b[d];
            aa += (double) a[d] * a[d];
            bb += (double) b[d] * b[d];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void similaritiesAreCosinesForAnyDimension() {
        for (int dim : new int[]{1, 7, 8, 13, 64, 2051}) {
            List<float[]> v = random(40, dim, dim);
            CosineIndex idx = new CosineIndex(v);
            for (CosineIndex.Hit h : idx.nearest(3, 39, j -> true)) {
                assertEquals(cosine(v.get(3), v.get(h.index())), h.similarity(), 1e-5, "dim " + dim);
                assertEquals(h.similarity(), idx.cosine(3, h.index()));
            }
        }
    }

    @Test
    void aLargeIndexScoredInBlocksOnSeveralThreadsScoresEveryRowExactly() {
        // 2 101 × 2 048 floats: above the size where the scan is split; 2 101 rows split unevenly.
        List<float[]> v = random(2101, 2048, 3);
        CosineIndex idx = new CosineIndex(v);
        List<CosineIndex.Hit> hits = idx.nearest(1000, 2101, j -> j != 7);
        assertEquals(2099, hits.size());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < hits.size(); i++) {
            CosineIndex.Hit h = hits.get(i);
            assertEquals(idx.cosine(1000, h.index()), h.similarity(), "row " + h.index());
            assertTrue(seen.add(h.index()));
            if (i > 0) {
                assertTrue(hits.get(i - 1).similarity() >= h.similarity());
            }
        }
        assertFalse(seen.contains(7) || seen.contains(1000));
        assertEquals(cosine(v.get(1000), v.get(2100)), idx.cosine(1000, 2100), 1e-5);
    }

    @Test
    void rowsInADirectBufferGiveTheSameHitsAsTheHeapIndex() {
        List<float[]> v = random(200, 29, 5);
        CosineIndex heap = new CosineIndex(v);
        float[] rows = new float[200 * 29];
        for (int i = 0; i < 200; i++) {
            System.arraycopy(v.get(i), 0, rows, i * 29, 29);
        }
        CosineNormaliser.normalise(rows, 200, 29);
        FloatBuffer direct = ByteBuffer.allocateDirect(rows.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(rows);
        CosineIndex mapped = CosineIndex.overNormalisedRows(direct.asReadOnlyBuffer(), 200, 29);
        for (int q = 0; q < 200; q += 17) {
            assertEquals(heap.nearest(q, 25, j -> j % 3 != 0), mapped.nearest(q, 25, j -> j % 3 != 0));
        }
    }

    @Test
    void zeroVectorIsSimilarToNothingAndTiesGoToTheLowerIndex() {
        List<float[]> v = List.of(new float[]{1, 0}, new float[]{0, 0}, new float[]{2, 0}, new float[]{3, 0},
                new float[]{0, 1});
        CosineIndex idx = new CosineIndex(v);
        List<CosineIndex.Hit> hits = idx.nearest(0, 4, j -> true);
        assertEquals(List.of(2, 3, 1, 4), hits.stream().map(CosineIndex.Hit::index).toList());
        assertEquals(0f, hits.get(2).similarity());
        for (CosineIndex.Hit h : idx.nearest(1, 4, j -> true)) {
            assertEquals(0f, h.similarity());
            assertFalse(Float.isNaN(h.similarity()));
        }
        assertTrue(idx.nearest(0, 0, j -> true).isEmpty());
        assertFalse(idx.nearest(3, 10, j -> true).stream().anyMatch(h -> h.index() == 3));
    }

    @Test
    void normalisedRowsHaveUnitLengthAndZeroStaysZero() {
        float[] rows = {3, 4, 0, 0, 0, 0, -1e-20f, 0, 1e-20f};
        CosineNormaliser.normalise(rows, 3, 3);
        assertEquals(0.6f, rows[0], 1e-7);
        assertEquals(0.8f, rows[1], 1e-7);
        assertEquals(0f, rows[3]);
        assertEquals(0f, rows[5]);
        assertEquals(1.0, Math.hypot(rows[6], rows[8]), 1e-6);
    }
}
