package org.musicrec.model;

import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual benchmark (not a test): oneDNN helpers on vs off, same weights, alternating steps in one JVM
 * so machine load hits both alike. {@code java -cp … org.musicrec.model.HelperBench narrow 16 5}.
 */
public final class HelperBench {
    static MocoModel build(String name, boolean helpers) throws Exception {
        System.setProperty("org.eclipse.deeplearning4j.helpers.disable", helpers ? "false" : "true");
        EncoderConfig c = new ConfigLoader().defaults().encoder();
        return MocoModel.create(EncoderSpec.fromConfig(c, 42).with(Backbone.named(name), 1, DataType.FLOAT), c);
    }
    public static void main(String[] a) throws Exception {
        String name = a[0]; int batch = Integer.parseInt(a[1]); int rounds = Integer.parseInt(a[2]);
        MocoModel on = build(name, true), off = build(name, false);
        off.queryEncoder().params().assign(on.queryEncoder().params());
        off.keyEncoder().params().assign(on.keyEncoder().params());
        INDArray q = Nd4j.rand(DataType.FLOAT, batch, 1, 84, 313), k = Nd4j.rand(DataType.FLOAT, batch, 1, 84, 313);
        INDArray t = Nd4j.zeros(DataType.FLOAT, batch, 7), m = Nd4j.ones(DataType.FLOAT, batch);
        double[] tOn = new double[2], tOff = new double[2];
        for (int r = 0; r < rounds; r++) {
            long a0 = System.nanoTime(); var ron = on.step(q, k, t, m); long a1 = System.nanoTime();
            var roff = off.step(q, k, t, m); long a2 = System.nanoTime();
            long b0 = System.nanoTime(); on.queryEncoder().output(q); long b1 = System.nanoTime(); off.queryEncoder().output(q); long b2 = System.nanoTime();
            if (r > 0) { tOn[0] += (a1 - a0) / 1e9; tOff[0] += (a2 - a1) / 1e9; tOn[1] += (b1 - b0) / 1e9; tOff[1] += (b2 - b1) / 1e9; }
            System.out.printf("round %d: train on %.2fs off %.2fs | infer on %.2fs off %.2fs | loss on %.5f off %.5f | max|dparam| %.2e%n", r,
                (a1-a0)/1e9, (a2-a1)/1e9, (b1-b0)/1e9, (b2-b1)/1e9, ron.total(), roff.total(),
                on.queryEncoder().params().sub(off.queryEncoder().params()).amaxNumber().doubleValue());
        }
        int n = rounds - 1;
        System.out.printf("%s batch %d: training on %.2f / off %.2f samples/s; inference on %.2f / off %.2f samples/s%n", name, batch,
            n * batch / tOn[0], n * batch / tOff[0], n * batch / tOn[1], n * batch / tOff[1]);
    }
}
