package org.musicrec.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The roofline for the direct CQT: ND4J's own sgemm ({@code Nd4j.gemm}, contiguous operands) on the
 * shapes DirectCqt runs. DirectCqt does, per batch, 17 GEMMs [M x 512] . [512 x 168] with
 * M = B * (T + 16) - 16 accumulated into one output (T = 313 frames for 10 s, 938 for 30 s); this does
 * the same 17 GEMMs on plain arrays, without the framing, padding and magnitude around them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 7, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxbytes=10G"})
public class SgemmBenchmark {
    static final int K = 512;
    static final int N = 168;
    static final int CHUNKS = 17;

    @Param({"1", "16", "128"})
    public int batch;

    @Param({"10", "30"})
    public int seconds;

    /** ND4J/BLAS threads: 2 (default here) or 1. */
    @Param({"2"})
    public int threads;

    private INDArray a;
    private INDArray[] b;
    private INDArray c;

    @Setup(Level.Trial)
    public void setUp() {
        if (threads == 1) {
            org.musicrec.dsp.ParallelCqt.singleThreadedNd4j();
        }
        int frames = 1 + seconds * 16000 / 512;
        long m = (long) batch * (frames + CHUNKS - 1) - (CHUNKS - 1);
        a = Nd4j.rand(DataType.FLOAT, m, K);
        b = new INDArray[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            b[i] = Nd4j.rand(DataType.FLOAT, K, N);
        }
        c = Nd4j.create(DataType.FLOAT, m, N);
        System.out.printf("%n# sgemm B=%d %ds: %d x [%d x %d].[%d x %d], %.4f GFLOP per op%n",
                batch, seconds, CHUNKS, m, K, K, N, 2.0 * m * K * N * CHUNKS / 1e9);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a = null;
        b = null;
        c = null;
        System.gc();
    }

    @Benchmark
    public INDArray gemm() {
        for (int i = 0; i < CHUNKS; i++) {
            Nd4j.gemm(a, b[i], c, false, false, 1.0, i == 0 ? 0.0 : 1.0);
        }
        return c;
    }
}
