package org.musicrec.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

public final class Conv1x1Bench {
    interface Op { void run(); }

    public static void main(String[] a) {
        OneDnnHelpers.enable();
        if (System.getProperty("t") != null) {
            Nd4j.getEnvironment().setMaxThreads(Integer.getInteger("t"));
            Nd4j.getEnvironment().setMaxMasterThreads(Integer.getInteger("t"));
        }
        int n = Integer.parseInt(a[0]), cin = Integer.parseInt(a[1]), cout = Integer.parseInt(a[2]);
        int h = Integer.parseInt(a[3]), w = Integer.parseInt(a[4]), rounds = Integer.parseInt(a[5]);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, cin, h, w);
        INDArray wt = Nd4j.rand(DataType.FLOAT, cout, cin, 1, 1);
        INDArray dy = Nd4j.rand(DataType.FLOAT, n, cout, h, w);
        INDArray dw = Nd4j.create(DataType.FLOAT, cout, cin, 1, 1);
        INDArray db = Nd4j.create(DataType.FLOAT, 1, cout);
        MKLDNNConvHelper mkl = new MKLDNNConvHelper(DataType.FLOAT);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        int[] k = {1, 1}, s = {1, 1}, p = {0, 0}, d = {1, 1};
        int kk = Integer.parseInt(System.getProperty("k", "1"));
        if (kk != 1) {
            INDArray w3 = Nd4j.rand(DataType.FLOAT, cout, cin, kk, kk);
            int[] k3 = {kk, kk}, p3 = {kk / 2, kk / 2};
            time("onednn fwd k" + kk, rounds, () -> mkl.preOutput(x, w3, null, k3, s, p3, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws));
            INDArray dw3 = Nd4j.create(DataType.FLOAT, cout, cin, kk, kk);
            time("onednn bwd k" + kk, rounds, () -> mkl.backpropGradient(x, w3, null, dy, k3, s, p3, null, dw3, new ActivationIdentity(), null, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws));
            INDArray xh = x.permute(0, 2, 3, 1).dup('c'), dyh = dy.permute(0, 2, 3, 1).dup('c');
            MKLDNNConvHelper mkl3 = new MKLDNNConvHelper(DataType.FLOAT);
            time("onednn NHWC fwd k" + kk, rounds, () -> mkl3.preOutput(xh, w3, null, k3, s, p3, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NHWC, ws));
            time("onednn NHWC bwd k" + kk, rounds, () -> mkl3.backpropGradient(xh, w3, null, dyh, k3, s, p3, null, dw3, new ActivationIdentity(), null, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NHWC, ws));
            return;
        }
        INDArray xh = x.permute(0, 2, 3, 1).dup('c'), dyh = dy.permute(0, 2, 3, 1).dup('c');
        MKLDNNConvHelper mklh = new MKLDNNConvHelper(DataType.FLOAT);
        time("onednn NHWC fwd", rounds, () -> mklh.preOutput(xh, wt, null, k, s, p, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NHWC, ws));
        time("onednn NHWC bwd", rounds, () -> mklh.backpropGradient(xh, wt, null, dyh, k, s, p, null, dw, new ActivationIdentity(), null, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NHWC, ws));
        INDArray xh2 = xh.reshape('c', (long) n * h * w, cin), yh2 = Nd4j.createUninitialized(DataType.FLOAT, (long) n * h * w, cout);
        INDArray wt2 = wt.reshape(cout, cin);
        time("gemm NHWC fwd", rounds, () -> Nd4j.gemm(xh2, wt2, yh2, false, true, 1.0, 0.0));
        time("onednn fwd", rounds, () -> mkl.preOutput(x, wt, null, k, s, p, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws));
        time("onednn bwd", rounds, () -> mkl.backpropGradient(x, wt, null, dy, k, s, p, null, dw, new ActivationIdentity(), null, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws));
        INDArray w2 = wt.reshape(cout, cin);
        long hw = (long) h * w;
        INDArray x3 = x.reshape('c', n, cin, hw);
        INDArray dy3 = dy.reshape('c', n, cout, hw);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, n, cout, h, w);
        INDArray y3 = y.reshape('c', n, cout, hw);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, n, cin, h, w);
        INDArray dx3 = dx.reshape('c', n, cin, hw);
        INDArray dw2 = dw.reshape(cout, cin);
        time("gemm fwd", rounds, () -> {
            for (int i = 0; i < n; i++) {
                Nd4j.gemm(w2, x3.tensorAlongDimension(i, 1, 2), y3.tensorAlongDimension(i, 1, 2), false, false, 1.0, 0.0);
            }
        });
        INDArray ref = mkl.preOutput(x, wt, null, k, s, p, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws);
        System.out.println("fwd maxdiff " + ref.sub(y).amaxNumber() + " of " + ref.amaxNumber());
        time("gemm bwd", rounds, () -> {
            for (int i = 0; i < n; i++) {
                INDArray dyi = dy3.tensorAlongDimension(i, 1, 2);
                Nd4j.gemm(w2, dyi, dx3.tensorAlongDimension(i, 1, 2), true, false, 1.0, 0.0);
                Nd4j.gemm(dyi, x3.tensorAlongDimension(i, 1, 2), dw2, false, true, 1.0, i == 0 ? 0.0 : 1.0);
            }
        });
        INDArray dwg = dw.dup();
        var r = mkl.backpropGradient(x, wt, null, dy, k, s, p, null, dw, new ActivationIdentity(), null, null, null, ConvolutionMode.Truncate, d, CNN2DFormat.NCHW, ws);
        System.out.println("bwd dx maxdiff " + r.getSecond().sub(dx).amaxNumber() + " of " + dx.amaxNumber()
                + " dw maxdiff " + dw.sub(dwg).amaxNumber() + " of " + dw.amaxNumber());
        // batched: one matmul op with W broadcast
        INDArray wb = Nd4j.createUninitialized(DataType.FLOAT, n, cout, cin);
        for (int i = 0; i < n; i++) wb.tensorAlongDimension(i, 1, 2).assign(w2);
        INDArray wz = Nd4j.create(w2.data(), new long[] {n, cout, cin}, new long[] {0, cin, 1}, w2.offset(), 'c');
        INDArray wzt = Nd4j.create(w2.data(), new long[] {n, cin, cout}, new long[] {0, 1, cin}, w2.offset(), 'c');
        time("matmul3 zero-stride fwd", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(wz, x3, y3, null)));
        System.out.println("zs fwd maxdiff " + ref.sub(y).amaxNumber());
        time("matmul3 zs bwd-data", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(wzt, dy3, dx3, null)));
        System.out.println("zs dx maxdiff " + r.getSecond().sub(dx).amaxNumber());
        INDArray part = Nd4j.createUninitialized(DataType.FLOAT, n, cout, cin);
        INDArray x3t = x3.permute(0, 2, 1);
        time("matmul3 bwd-weights", rounds, () -> {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(dy3, x3t, part, null));
            part.sum(dw2, 0);
        });
        System.out.println("zs dw maxdiff " + dw.sub(dwg).amaxNumber() + " of " + dw.amaxNumber());
        time("matmul3 fwd", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(wb, x3, y3, null)));
    }

    static void time(String name, int rounds, Op op) {
        double[] t = new double[rounds];
        op.run();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            op.run();
            t[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-20s median %.2f ms%n", name, t[rounds / 2]);
    }
}
