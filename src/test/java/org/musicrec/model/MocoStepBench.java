package org.musicrec.model;

import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Manual benchmark (not a test) of musicrec's whole MoCo training step ({@link MocoModel#step}: EMA,
 * key pass, query pass, InfoNCE against a 4096-key queue + masked genre BCE, backprop, Adam, enqueue)
 * at a batch and micro-batch, on random 10 s CQT-shaped inputs. Driven by {@code benchmarks/moco_bench.sh}
 * beside the PyTorch anchor {@code benchmarks/anchors/torch_moco_step.py}, which takes the same step.
 *
 * <p>{@code java -cp … org.musicrec.model.MocoStepBench BACKBONE BATCH MICRO WIDTH ROUNDS}; prints the
 * median step time of ROUNDS steps after one warm-up step, samples/s and peak RSS (VmHWM).
 */
public final class MocoStepBench {
    public static void main(String[] a) throws Exception {
        String name = a[0];
        int batch = Integer.parseInt(a[1]);
        int micro = Integer.parseInt(a[2]);
        int width = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        OneDnnHelpers.enable();
        org.musicrec.model.EngineThreads.configure();   // as the CLI does
        EncoderConfig d = new ConfigLoader().defaults().encoder();
        EncoderConfig c = d.withTraining(name, 1, batch, 4096).withMicroBatch(micro);
        long t0 = System.nanoTime();
        MocoModel m = MocoModel.create(EncoderSpec.fromConfig(c, 1), c);
        System.out.printf(Locale.ROOT, "# dl4j moco %s batch=%d micro=%d width=%d params=%d build_s=%.1f%n", name, batch,
                c.effectiveMicroBatch(), width, m.queryEncoder().numParams(), (System.nanoTime() - t0) / 1e9);
        Nd4j.getRandom().setSeed(1);
        INDArray q = Nd4j.randn(DataType.FLOAT, batch, 1, EncoderSpec.CQT_BINS, width);
        INDArray k = Nd4j.randn(DataType.FLOAT, batch, 1, EncoderSpec.CQT_BINS, width);
        INDArray targets = Nd4j.rand(DataType.FLOAT, batch, 7).gt(0.7).castTo(DataType.FLOAT);
        INDArray mask = Nd4j.ones(DataType.FLOAT, batch);
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < rounds + 1; r++) {   // round 0: warm-up (workspaces, oneDNN primitives, JIT)
            long s = System.nanoTime();
            MocoModel.TrainStepResult res = m.step(q, k, targets, mask, c.effectiveMicroBatch());
            double sec = (System.nanoTime() - s) / 1e9;
            System.out.printf(Locale.ROOT, "round %d %.3f s loss %.4f%n", r, sec, res.total());
            if (r > 0) {
                times.add(sec);
            }
        }
        double med = EngineProfile.median(times);
        System.out.printf(Locale.ROOT, "RESULT dl4j %s moco batch=%d micro=%d median=%.3f s -> %.2f samples/s%n",
                name, batch, c.effectiveMicroBatch(), med, batch / med);
        System.out.printf(Locale.ROOT, "RSS dl4j %s moco batch=%d micro=%d peak_rss_mb=%.0f load=%s%n", name, batch,
                c.effectiveMicroBatch(), EngineProfile.vmHwmKb() / 1024.0, Files.readString(Path.of("/proc/loadavg")).trim());
    }
}
