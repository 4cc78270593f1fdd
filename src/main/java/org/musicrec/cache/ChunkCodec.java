package org.musicrec.cache;

import org.musicrec.io.Npy;

import java.io.IOException;

/**
 * Chunks ↔ .npy arrays of shape (N, L). int16 stores round(x / scale) with a per-song scale that
 * maps the song's peak to 32767 (so quiet songs keep their resolution); float16/float32 store the
 * samples as they are, scale 1. The z-normalisation at load time makes the scale irrelevant to
 * training; it is kept so that raw loads give the decoded amplitude back.
 */
final class ChunkCodec {
    private ChunkCodec() {
    }

    /** An encoded array and the scale that goes into the index. */
    record Encoded(Npy.Array array, double scale) {
    }

    static Encoded encode(float[][] chunks, String dtype) {
        int n = chunks.length;
        int l = chunks[0].length;
        float[] flat = new float[n * l];
        for (int i = 0; i < n; i++) {
            System.arraycopy(chunks[i], 0, flat, i * l, l);
        }
        switch (dtype) {
            case "float32":
                return new Encoded(Npy.ofFloats(flat, n, l), 1.0);
            case "float16":
                return new Encoded(Npy.ofHalfFloats(flat, n, l), 1.0);
            case "int16": {
                float peak = 0;
                for (float v : flat) {
                    peak = Math.max(peak, Math.abs(v));
                }
                // float32 scale so that decode (q × scale in float) is exact on every platform
                float scale = peak > 0 ? peak / 32767f : 1f;
                short[] q = new short[flat.length];
                for (int i = 0; i < flat.length; i++) {
                    q[i] = (short) Math.max(-32767, Math.min(32767, Math.round(flat[i] / scale)));
                }
                return new Encoded(Npy.ofShorts(q, n, l), scale);
            }
            default:
                throw new IllegalArgumentException("unknown cache dtype " + dtype);
        }
    }

    /** Chunk {@code row} of the array (shape (N, L)) as float[L], undoing the int16 scale. */
    static float[] decodeRow(Npy.Array a, double scale, int row, String name) throws IOException {
        if (a.shape().length != 2) {
            throw new IOException(name + ": expected a 2-D chunk array, got shape " + java.util.Arrays.toString(a.shape()));
        }
        if (row < 0 || row >= a.shape()[0]) {
            throw new IOException(name + ": no chunk " + row + " (it has " + a.shape()[0] + ")");
        }
        int l = a.shape()[1];
        float[] out = a.toFloats((long) row * l, l);
        if (a.dtype() == Npy.DType.INT16) {
            float s = (float) scale;
            for (int k = 0; k < l; k++) {
                out[k] *= s;
            }
        }
        return out;
    }

    /** The samples as float[N][L], undoing the int16 scale. */
    static float[][] decode(Npy.Array a, double scale, String name) throws IOException {
        if (a.shape().length != 2) {
            throw new IOException(name + ": expected a 2-D chunk array, got shape " + java.util.Arrays.toString(a.shape()));
        }
        int n = a.shape()[0];
        int l = a.shape()[1];
        float[] flat = a.toFloats();
        float s = (float) scale;
        float[][] out = new float[n][l];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < l; k++) {
                float v = flat[i * l + k];
                out[i][k] = a.dtype() == Npy.DType.INT16 ? v * s : v;
            }
        }
        return out;
    }
}
