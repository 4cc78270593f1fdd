package org.musicrec.model;

import org.musicrec.config.ConfigLoader;
import org.musicrec.config.EncoderConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rough training throughput of {@link MocoModel#step} per backbone (not a test: run by hand,
 * {@code java -cp … [-Dorg.eclipse.deeplearning4j.helpers.disable=false] org.musicrec.model.BackboneSpeed narrow 16 3}).
 * Prints samples/s; asserts nothing.
 */
public final class BackboneSpeed {
    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "narrow";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        EncoderConfig c = new ConfigLoader().defaults().encoder();
        MocoModel m = MocoModel.create(EncoderSpec.fromConfig(c, 42).with(Backbone.named(name), 1, DataType.FLOAT), c);
        INDArray q = Nd4j.rand(DataType.FLOAT, batch, 1, 84, 313);
        INDArray k = Nd4j.rand(DataType.FLOAT, batch, 1, 84, 313);
        INDArray t = Nd4j.zeros(DataType.FLOAT, batch, 7);
        INDArray mask = Nd4j.ones(DataType.FLOAT, batch);
        long w0 = System.nanoTime();
        m.step(q, k, t, mask);   // warm-up: workspaces, oneDNN primitives
        System.out.printf("%s warm-up step %.1f s%n", name, (System.nanoTime() - w0) / 1e9);
        long t0 = System.nanoTime();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < steps; i++) {
            long s0 = System.nanoTime();
            m.step(q, k, t, mask);
            best = Math.min(best, (System.nanoTime() - s0) / 1e9);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        // On a shared machine the fastest step is the closest to an idle machine's speed.
        System.out.printf("%s fastest step %.2f s = %.2f samples/s%n", name, best, batch / best);
        INDArray emb = m.queryEncoder().feedForward(q, false).get(ResNetBuilder.EMBEDDING);
        long i0 = System.nanoTime();
        m.queryEncoder().output(q);
        double inf = (System.nanoTime() - i0) / 1e9;
        System.out.printf("%s batch %d: training %.2f samples/s (%d steps, %.1f s); inference %.2f samples/s; "
                + "embedding %s; params %d%n", name, batch, steps * batch / s, steps, s, batch / inf,
                java.util.Arrays.toString(emb.shape()), m.queryEncoder().numParams());
    }
}
