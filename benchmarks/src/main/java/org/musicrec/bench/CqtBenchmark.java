package org.musicrec.bench;

import java.util.concurrent.TimeUnit;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtParams;
import org.musicrec.dsp.ParallelCqt;
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
 * CQT throughput: one {@link Cqt#transform} of a batch of B clips per operation, project defaults
 * (16 kHz, 84 bins, hop 512). Clips/s = B / (time per op); {@code Summary} prints it with the GFLOP/s
 * of the GEMMs ({@link Cqt#gemmFlops}). The input is white noise (the CQT's cost does not depend on it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 7, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxbytes=10G"})
public class CqtBenchmark {
    @Param({"multirate", "direct"})
    public String algorithm;

    @Param({"1", "16", "128"})
    public int batch;

    @Param({"10", "30"})
    public int seconds;

    /**
     * "nd4j": one Cqt, ND4J's default threads (2 here). "w2t1": ND4J single-threaded, batch split over
     * 2 Java workers (ParallelCqt). "w1t1": ND4J single-threaded, one worker.
     */
    @Param({"nd4j", "w2t1"})
    public String threading;

    private Cqt cqt;
    private INDArray input;

    @Setup(Level.Trial)
    public void setUp() {
        CqtParams p = CqtParams.DEFAULTS.withAlgorithm(CqtParams.Algorithm.parse(algorithm));
        if (threading.equals("nd4j")) {
            cqt = Cqt.create(p);
        } else {
            ParallelCqt.singleThreadedNd4j();
            cqt = new ParallelCqt(p, threading.equals("w2t1") ? 2 : 1);
        }
        Nd4j.getRandom().setSeed(1);
        input = Nd4j.randn(DataType.FLOAT, batch, (long) p.sampleRate() * seconds).muli(0.1);
        System.out.printf("%n# CQT %s %s B=%d %ds: GEMM FLOPs per op %.4f G (%.4f G per clip), ND4J threads %d%n",
                algorithm, threading, batch, seconds, cqt.gemmFlops(batch, (int) input.size(1)) / 1e9,
                cqt.gemmFlops(batch, (int) input.size(1)) / 1e9 / batch, Nd4j.getEnvironment().maxThreads());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input = null;
        if (cqt instanceof ParallelCqt pc) {
            pc.close();
        }
        cqt = null;
        System.gc();
    }

    @Benchmark
    public INDArray transform() {
        return cqt.transform(input);
    }
}
