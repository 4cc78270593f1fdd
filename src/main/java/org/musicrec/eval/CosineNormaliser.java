package org.musicrec.eval;

import java.util.Arrays;

/**
 * The one definition of how {@link CosineIndex} prepares its rows before dot products stand in for
 * cosines: each row scaled to unit length, a zero row left zero (similar to nothing rather than NaN
 * to everything). Both the in-memory index and matrices persisted for {@code similar} go through
 * {@link #normalise}, and persisted matrices record {@link #SIGNATURE}: change this class (say, to
 * centre rows on the library mean first) and every persisted matrix is rebuilt, no version to bump.
 */
public final class CosineNormaliser {
    /**
     * What {@link #normalise} makes of a fixed probe matrix, hashed: it changes whenever the
     * normalisation does, with no one having to remember to change it.
     */
    public static final int SIGNATURE = probeSignature();

    private CosineNormaliser() {
    }

    /** Normalises the {@code n × dim} row-major matrix {@code rows} in place. */
    public static void normalise(float[] rows, int n, int dim) {
        for (int i = 0; i < n; i++) {
            int base = i * dim;
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float x = rows[base + j];
                norm += (double) x * x;
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                rows[base + j] *= inv;
            }
        }
    }

    private static int probeSignature() {
        // Rows with different scales, signs, a zero row and a tiny one; several rows so a change
        // that depends on the whole matrix (centring) shows too.
        float[] probe = {
                3f, 4f, 0f, 0f, 0f,
                0f, 0f, 0f, 0f, 0f,
                -1f, 2.5f, 1e-20f, 7f, 0.125f,
                1e-3f, -1e-3f, 5e3f, 0.3f, -0.7f,
                1f, 1f, 1f, 1f, 1f};
        normalise(probe, 5, 5);
        return Arrays.hashCode(probe);
    }
}
