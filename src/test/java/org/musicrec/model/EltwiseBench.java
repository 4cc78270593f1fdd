package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

public final class EltwiseBench {
    public static void main(String[] a) {
        int len = Integer.parseInt(a[0]);
        int rounds = Integer.parseInt(a[1]);
        if (System.getProperty("t") != null) {
            Nd4j.getEnvironment().setMaxThreads(Integer.getInteger("t"));
            Nd4j.getEnvironment().setMaxMasterThreads(Integer.getInteger("t"));
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, len);
        INDArray y = Nd4j.rand(DataType.FLOAT, len);
        time("nd4j muli scalar", rounds, () -> x.muli(1.0001));
        time("nd4j addi", rounds, () -> x.addi(y));
        time("nd4j dup", rounds, () -> x.dup());
        INDArray xs = x.sub(0.5), d = Nd4j.createUninitialized(DataType.FLOAT, len);
        time("nd4j RectifiedLinearDerivative", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative(xs, y, d, 0.0)));
        time("nd4j relu_bp custom", rounds, () -> Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("relu_bp")
                .addInputs(xs, y).addOutputs(d).addFloatingPointArguments(0.0).build()));
        time("nd4j ThresholdReluBp", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp(xs, y, d, 0.0)));
        INDArray r = Nd4j.createUninitialized(DataType.FLOAT, len);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(xs, r, 0.0));
        time("nd4j sign(out) * eps", rounds, () -> {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(r, d));
            d.muli(y);
        });
        INDArray ref = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative(r, y, r.ulike(), 0.0))[0];
        System.out.println("sign trick equal: " + ref.equals(d));
        FloatBuffer fx = x.data().asNioFloat();
        FloatBuffer fy = y.data().asNioFloat();
        time("java buf muli 1 thread", rounds, () -> {
            for (int i = 0; i < len; i++) fx.put(i, fx.get(i) * 1.0001f);
        });
        time("java buf addi 1 thread", rounds, () -> {
            for (int i = 0; i < len; i++) fx.put(i, fx.get(i) + fy.get(i));
        });
        time("java buf addi 2 threads", rounds, () -> IntStream.range(0, 2).parallel().forEach(t -> {
            int from = t * len / 2, to = (t + 1) * len / 2;
            for (int i = from; i < to; i++) fx.put(i, fx.get(i) + fy.get(i));
        }));
        float[] hx = new float[len], hy = new float[len];
        time("java heap addi 1 thread", rounds, () -> {
            for (int i = 0; i < len; i++) hx[i] += hy[i];
        });
        time("java copy in+out", rounds, () -> { fx.get(0, hx); fx.put(0, hx); });
    }

    static void time(String name, int rounds, Runnable op) {
        double[] t = new double[rounds];
        for (int w = 0; w < 3; w++) op.run();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            op.run();
            t[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-26s median %.2f ms best %.2f%n", name, t[rounds / 2], t[0]);
    }
}
