package org.musicrec.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.musicrec.dsp.Cqt;
import org.musicrec.dsp.CqtParams;
import org.musicrec.dsp.CqtParams.Algorithm;
import org.musicrec.dsp.ParallelCqt;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Interleaved companion to the JMH benchmarks, for a shared machine whose load drifts within
 * minutes: per round it times ND4J's sgemm on the direct CQT's GEMM shapes (the roofline,
 * SgemmBenchmark), the direct CQT and the multirate CQT back to back, so each round's ratios
 * compare like with like; it prints medians over rounds.
 *
 * <p>Usage: PairedCqtBench THREADING BATCH SECONDS ROUNDS, THREADING = nd4j (ND4J's default threads)
 * or w2t1 (ND4J single-threaded, batch split over 2 workers). Via benchmarks/run.sh --paired ....
 */
public final class PairedCqtBench {
    public static void main(String[] args) throws Exception {
        String threading = args[0];
        int batch = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        CqtParams p = CqtParams.DEFAULTS;
        int n = p.sampleRate() * seconds;
        Cqt direct;
        Cqt multirate;
        if (threading.equals("nd4j")) {
            direct = Cqt.create(p.withAlgorithm(Algorithm.DIRECT));
            multirate = Cqt.create(p.withAlgorithm(Algorithm.MULTIRATE));
        } else {
            ParallelCqt.singleThreadedNd4j();
            direct = new ParallelCqt(p.withAlgorithm(Algorithm.DIRECT), 2);
            multirate = new ParallelCqt(p.withAlgorithm(Algorithm.MULTIRATE), 2);
        }
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, n).muli(0.1);
        // Roofline operands: the 17 GEMMs DirectCqt runs, on plain arrays.
        int frames = p.frames(n);
        long m = (long) batch * (frames + 16) - 16;
        INDArray a = Nd4j.rand(DataType.FLOAT, m, 512);
        INDArray[] k = new INDArray[17];
        for (int i = 0; i < 17; i++) {
            k[i] = Nd4j.rand(DataType.FLOAT, 512, 168);
        }
        INDArray c = Nd4j.create(DataType.FLOAT, m, 168);
        Runnable sgemm = () -> {
            for (int i = 0; i < 17; i++) {
                Nd4j.gemm(a, k[i], c, false, false, 1.0, i == 0 ? 0.0 : 1.0);
            }
        };
        double sgemmFlops = 2.0 * m * 512 * 168 * 17;
        double directFlops = direct.gemmFlops(batch, n);
        double multiFlops = multirate.gemmFlops(batch, n);
        List<double[]> t = new ArrayList<>();
        int warm = 2;
        for (int r = 0; r < rounds + warm; r++) {
            double[] row = new double[3];
            // Rotate the order so no formulation always follows the same one.
            for (int j = 0; j < 3; j++) {
                int which = (j + r) % 3;
                long t0 = System.nanoTime();
                switch (which) {
                    case 0 -> sgemm.run();
                    case 1 -> direct.transform(x);
                    default -> multirate.transform(x);
                }
                row[which] = (System.nanoTime() - t0) / 1e9;
            }
            if (r >= warm) {
                t.add(row);
            }
        }
        double sg = median(t, 0);
        double di = median(t, 1);
        double mu = median(t, 2);
        double[] ratio = t.stream().mapToDouble(row -> (directFlops / row[1]) / (sgemmFlops / row[0])).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "PAIRED %s B=%d %ds rounds=%d load=%.2f | sgemm %.1f ms %.1f GFLOP/s | direct %.1f ms %.1f clips/s %.1f GFLOP/s"
                        + " = %.0f %% of sgemm (median of per-round ratios) | multirate %.1f ms %.1f clips/s %.1f GFLOP/s%n",
                threading, batch, seconds, rounds, loadAverage(), sg * 1e3, sgemmFlops / sg / 1e9, di * 1e3, batch / di,
                directFlops / di / 1e9, 100 * ratio[ratio.length / 2], mu * 1e3, batch / mu, multiFlops / mu / 1e9);
        if (direct instanceof ParallelCqt pd) {
            pd.close();
        }
        if (multirate instanceof ParallelCqt pm) {
            pm.close();
        }
        System.exit(0);
    }

    private static double median(List<double[]> rows, int col) {
        double[] v = rows.stream().mapToDouble(r -> r[col]).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
