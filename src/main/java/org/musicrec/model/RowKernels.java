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
            float[] row = new float[x.length()];
            for (int r = from; r < to; r++) {
                x.data().get(x.start(r), row, 0, row.length);
                double[] sq = sumAndDot(row, row);
                sum[r] = sq[0];
                squares[r] = sq[1];
            }
        });
    }

    /** Per row: {@code sum[r] = Σe}, {@code dot[r] = Σe·x}. */
    static void sumAndDot(Rows e, Rows x, double[] sum, double[] dot) {
        forRows(e.rows(), (long) e.rows() * e.length(), (from, to) -> {
            float[] rowE = new float[e.length()];
            float[] rowX = new float[e.length()];
            for (int r = from; r < to; r++) {
                e.data().get(e.start(r), rowE, 0, rowE.length);
                x.data().get(x.start(r), rowX, 0, rowX.length);
                double[] sd = sumAndDot(rowE, rowX);
                sum[r] = sd[0];
                dot[r] = sd[1];
            }
        });
    }

    /** {Σe, Σe·x} of two equally long rows; four independent accumulator chains each (instruction-level parallelism). */
    private static double[] sumAndDot(float[] e, float[] x) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        int i = 0;
        for (; i + 3 < e.length; i += 4) {
            s0 += e[i];
            s1 += e[i + 1];
            s2 += e[i + 2];
            s3 += e[i + 3];
            d0 += e[i] * x[i];
            d1 += e[i + 1] * x[i + 1];
            d2 += e[i + 2] * x[i + 2];
            d3 += e[i + 3] * x[i + 3];
        }
        for (; i < e.length; i++) {
            s0 += e[i];
            d0 += e[i] * x[i];
        }
        return new double[] {s0 + s1 + s2 + s3, d0 + d1 + d2 + d3};
    }

    /** {@code z = x·scale[c] + shift[c]}, {@code c} the row's channel. */
    static void affine(Rows x, float[] scale, float[] shift, Rows z) {
        int channels = scale.length;
        forRows(x.rows(), (long) x.rows() * x.length(), (from, to) -> {
            FloatBuffer bx = x.data();
            FloatBuffer bz = z.data();
            float[] row = new float[x.length()];   // bulk copies + a loop on a Java array, which the JIT vectorises
            for (int r = from; r < to; r++) {
                float a = scale[r % channels];
                float b = shift[r % channels];
                bx.get(x.start(r), row, 0, row.length);
                for (int i = 0; i < row.length; i++) {
                    row[i] = row[i] * a + b;
                }
                bz.put(z.start(r), row, 0, row.length);
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
            float[] rowE = new float[e.length()];
            float[] rowX = new float[e.length()];
            for (int r = from; r < to; r++) {
                int c = r % channels;
                float ac = a[c];
                float bc = b[c];
                float kc = k[c];
                be.get(e.start(r), rowE, 0, rowE.length);
                bx.get(x.start(r), rowX, 0, rowX.length);
                for (int i = 0; i < rowE.length; i++) {
                    rowE[i] = rowE[i] * ac + rowX[i] * bc + kc;
                }
                bz.put(z.start(r), rowE, 0, rowE.length);
            }
        });
    }
}
