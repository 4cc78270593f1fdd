package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinTask;

/**
 * The per-row passes of {@link FastBatchNormHelper} as plain Java loops over the arrays' own off-heap
 * memory: a c-ordered float {@code [N, C, H, W]} array is {@code N·C} rows of {@code H·W}, row
 * {@code r} belonging to channel {@code r mod C}.
 *
 * <p>Why loops instead of libnd4j ops: BatchNorm is memory-bound, and libnd4j needs one pass per op —
 * Σx, Σx², then a multiply and an add for the affine map, five passes forward and ten backward over
 * every BN input of the network (≈ 400 MB per pass for ResNet-50 at batch 16). Fused loops read each
 * input once per phase: two passes forward (statistics, then the map), two backward. Large arrays are
 * split in two halves, one forked to the common fork-join pool; a join on a task no thread has started
 * runs it on the calling thread, so a busy machine costs parallelism, never a wait.
 */
final class RowKernels {
    /** Below this many elements one thread does the whole pass (forking costs more than it saves). */
    private static final long PARALLEL_MIN = 1 << 18;

    private RowKernels() {
    }

    /** The float contents of {@code a} (c-contiguous required) and the index of its first element. */
    record Rows(FloatBuffer data, int offset, int rows, int length) {
        static Rows of(INDArray a) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.elementWiseStride() != 1 || a.rank() != 4) {
                throw new IllegalArgumentException("need a c-contiguous float NCHW array, got " + a.shapeInfoToString());
            }
            long rows = a.size(0) * a.size(1);
            long len = a.size(2) * a.size(3);
            return new Rows(a.data().asNioFloat(), Math.toIntExact(a.offset()), Math.toIntExact(rows), Math.toIntExact(len));
        }

        int start(int row) {
            return offset + row * length;
        }
    }

    interface RowRange {
        void run(int from, int to);
    }

    /** Runs {@code body} over rows [0, rows), in two halves when the pass is large. */
    static void forRows(int rows, long elements, RowRange body) {
        if (elements < PARALLEL_MIN || rows < 2) {
            body.run(0, rows);
            return;
        }
        int mid = rows / 2;
        ForkJoinTask<?> upper = ForkJoinTask.adapt(() -> body.run(mid, rows)).fork();
        body.run(0, mid);
        upper.join();
    }

    /** Per row: {@code sum[r] = Σx}, {@code squares[r] = Σx²} (double accumulators). */
    static void sumAndSquares(Rows x, double[] sum, double[] squares) {
        forRows(x.rows(), (long) x.rows() * x.length(), (from, to) -> {
            FloatBuffer b = x.data();
            for (int r = from; r < to; r++) {
                int i = x.start(r);
                int end = i + x.length();
                double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
                for (; i + 1 < end; i += 2) {   // two independent chains per sum for instruction-level parallelism
                    float v0 = b.get(i);
                    float v1 = b.get(i + 1);
                    s0 += v0;
                    s1 += v1;
                    q0 += v0 * v0;
                    q1 += v1 * v1;
                }
                if (i < end) {
                    float v = b.get(i);
                    s0 += v;
                    q0 += v * v;
                }
                sum[r] = s0 + s1;
                squares[r] = q0 + q1;
            }
        });
    }

    /** Per row: {@code sum[r] = Σe}, {@code dot[r] = Σe·x}. */
    static void sumAndDot(Rows e, Rows x, double[] sum, double[] dot) {
        forRows(e.rows(), (long) e.rows() * e.length(), (from, to) -> {
            FloatBuffer be = e.data();
            FloatBuffer bx = x.data();
            for (int r = from; r < to; r++) {
                int i = e.start(r);
                int j = x.start(r);
                int end = i + e.length();
                double s0 = 0, s1 = 0, d0 = 0, d1 = 0;
                for (; i + 1 < end; i += 2, j += 2) {
                    float e0 = be.get(i);
                    float e1 = be.get(i + 1);
                    s0 += e0;
                    s1 += e1;
                    d0 += e0 * bx.get(j);
                    d1 += e1 * bx.get(j + 1);
                }
                if (i < end) {
                    float v = be.get(i);
                    s0 += v;
                    d0 += v * bx.get(j);
                }
                sum[r] = s0 + s1;
                dot[r] = d0 + d1;
            }
        });
    }

    /** {@code z = x·scale[c] + shift[c]}, {@code c} the row's channel. */
    static void affine(Rows x, float[] scale, float[] shift, Rows z) {
        int channels = scale.length;
        forRows(x.rows(), (long) x.rows() * x.length(), (from, to) -> {
            FloatBuffer bx = x.data();
            FloatBuffer bz = z.data();
            for (int r = from; r < to; r++) {
                float a = scale[r % channels];
                float b = shift[r % channels];
                int i = x.start(r);
                int k = z.start(r);
                int end = i + x.length();
                for (; i < end; i++, k++) {
                    bz.put(k, bx.get(i) * a + b);
                }
            }
        });
    }

    /** {@code z = e·a[c] + x·b[c] + k[c]}. */
    static void affine2(Rows e, float[] a, Rows x, float[] b, float[] k, Rows z) {
        int channels = a.length;
        forRows(e.rows(), (long) e.rows() * e.length(), (from, to) -> {
            FloatBuffer be = e.data();
            FloatBuffer bx = x.data();
            FloatBuffer bz = z.data();
            for (int r = from; r < to; r++) {
                int c = r % channels;
                float ac = a[c];
                float bc = b[c];
                float kc = k[c];
                int i = e.start(r);
                int j = x.start(r);
                int o = z.start(r);
                int end = i + e.length();
                for (; i < end; i++, j++, o++) {
                    bz.put(o, be.get(i) * ac + bx.get(j) * bc + kc);
                }
            }
        });
    }
}
