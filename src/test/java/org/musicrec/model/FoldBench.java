package org.musicrec.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Manual benchmark (not a test): inference of the trained graph ({@link EncoderGraphFactory#embed},
 * A) against its {@link FoldedBackbone} (B), same weights (random BN statistics as in
 * {@code FoldedBackboneTest}), in one JVM, rounds alternating A,B / B,A so load hits both alike.
 * Prints each round and the median of per-round speed-ups A/B, in wall time and in process CPU time
 * (less sensitive to the other jobs on this machine, though inflated by OpenMP spin-waits under contention).
 * {@code java -cp … org.musicrec.model.FoldBench BACKBONE BATCH WIDTH ROUNDS} (helpers on unless
 * {@code -Dengine.helpers=false}; {@code -Dfold.profile=true}: per-layer-type times of A, then of B).
 */
public final class FoldBench {
    public static void main(String[] a) throws Exception {
        Backbone b = Backbone.named(a[0]);
        int batch = Integer.parseInt(a[1]);
        int width = Integer.parseInt(a[2]);
        int rounds = Integer.parseInt(a[3]);
        if (Boolean.parseBoolean(System.getProperty("engine.helpers", "true"))) {
            OneDnnHelpers.enable();
        }
        EngineThreads.configure();   // as the CLI does
        ComputationGraph original = FoldedBackboneTest.trained(b, 1);
        long f0 = System.nanoTime();
        FoldedBackbone folded = FoldedBackbone.of(original);
        double foldS = (System.nanoTime() - f0) / 1e9;
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 1, EncoderSpec.CQT_BINS, width);
        double diff = FoldedBackboneTest.relMaxAbs(folded.embed(x), EncoderGraphFactory.embed(original, x));
        System.out.printf(Locale.ROOT, "# %s batch=%d width=%d helpers=%b fold_s=%.2f rel_max_abs_diff=%.2e%n",
                b.name(), batch, width, OneDnnHelpers.enabled(), foldS, diff);
        if (Boolean.getBoolean("fold.profile")) {
            profile("A unfolded", original, () -> EncoderGraphFactory.embed(original, x), rounds);
            profile("B folded", folded.graph(), () -> folded.embed(x), rounds);
            return;
        }
        Runnable runA = () -> EncoderGraphFactory.embed(original, x);
        List<Double> ta = new ArrayList<>(), tb = new ArrayList<>(), ratio = new ArrayList<>(), cpuRatio = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {   // round 0: warm-up
            Timing sa, sb;
            if (r % 2 == 1) {
                sb = time(() -> folded.embed(x));
                sa = time(runA);
            } else {
                sa = time(runA);
                sb = time(() -> folded.embed(x));
            }
            System.out.printf(Locale.ROOT, "round %d A %.3f s (cpu %.2f) B %.3f s (cpu %.2f) ratio %.2f cpu ratio %.2f load %s%n",
                    r, sa.wall(), sa.cpu(), sb.wall(), sb.cpu(), sa.wall() / sb.wall(), sa.cpu() / sb.cpu(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            if (r > 0) {
                ta.add(sa.wall());
                tb.add(sb.wall());
                ratio.add(sa.wall() / sb.wall());
                cpuRatio.add(sa.cpu() / sb.cpu());
            }
        }
        System.out.printf(Locale.ROOT, "FOLD %s batch=%d width=%d A %.2f B %.2f samples/s (medians) median ratio B/A %.2fx "
                        + "(min %.2f max %.2f, %d rounds), CPU-s ratio %.2fx, load %s%n", b.name(), batch, width,
                batch / EngineProfile.median(ta), batch / EngineProfile.median(tb), EngineProfile.median(ratio),
                ratio.stream().mapToDouble(d -> d).min().orElse(0), ratio.stream().mapToDouble(d -> d).max().orElse(0), rounds,
                EngineProfile.median(cpuRatio), Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** Wall and process CPU seconds of one call. */
    private record Timing(double wall, double cpu) {
    }

    /** Per-layer-type inference ms (EngineProfile's timing proxies), mean over rounds after one warm-up. */
    private static void profile(String label, ComputationGraph g, Runnable embed, int rounds) {
        EngineProfile.TIMES.clear();
        EngineProfile.instrument(g);
        embed.run();
        EngineProfile.recording = true;
        double wall = 0;
        for (int r = 0; r < rounds; r++) {
            wall += time(embed).wall();
        }
        EngineProfile.recording = false;
        double sum = 0;
        for (var e : EngineProfile.TIMES.entrySet()) {
            double ms = e.getValue()[2] / rounds;
            sum += ms;
            System.out.printf(Locale.ROOT, "PROF %-11s %-10s %8.1f ms%n", label, e.getKey(), ms);
        }
        System.out.printf(Locale.ROOT, "PROF %-11s %-10s %8.1f ms (wall %.1f ms)%n", label, "sum", sum, wall / rounds * 1e3);
    }

    private static Timing time(Runnable r) {
        double c0 = EngineProfile.cpuSeconds();
        long t0 = System.nanoTime();
        r.run();
        return new Timing((System.nanoTime() - t0) / 1e9, EngineProfile.cpuSeconds() - c0);
    }
}
