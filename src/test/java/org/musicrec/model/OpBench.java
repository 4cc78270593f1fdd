package org.musicrec.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * Manual micro-benchmark (not a test) of the libnd4j ops behind DL4J's oneDNN helpers on one ResNet
 * shape, with libnd4j's platform (oneDNN) implementations allowed and disallowed, to tell which ops
 * run through oneDNN and how far each is from the PyTorch profile.
 * {@code java -cp … org.musicrec.model.OpBench N C H W ROUNDS}.
 */
public final class OpBench {
    interface Op {
        void run();
    }

    public static void main(String[] a) {
        EngineThreads.configure();   // as the CLI does
        long n = Long.parseLong(a[0]), c = Long.parseLong(a[1]), h = Long.parseLong(a[2]), w = Long.parseLong(a[3]);
        int rounds = Integer.parseInt(a[4]);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, w);
        INDArray eps = Nd4j.rand(DataType.FLOAT, n, c, h, w);
        INDArray mean = x.mean(0, 2, 3);
        INDArray var = x.var(false, 0, 2, 3);
        INDArray gamma = Nd4j.ones(DataType.FLOAT, c), beta = Nd4j.zeros(DataType.FLOAT, c);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
        INDArray dm = Nd4j.createUninitialized(DataType.FLOAT, c), dv = Nd4j.createUninitialized(DataType.FLOAT, c);
        INDArray dg = Nd4j.createUninitialized(DataType.FLOAT, c), db = Nd4j.createUninitialized(DataType.FLOAT, c);
        INDArray wts = Nd4j.rand(DataType.FLOAT, c, c, 3, 3);
        INDArray cout = Nd4j.createUninitialized(DataType.FLOAT, n, c, h, w);
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, c, c, 3, 3);
        FastBatchNormHelper fast = new FastBatchNormHelper(new org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper(DataType.FLOAT));
        var ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray g1 = Nd4j.ones(DataType.FLOAT, 1, c), b1 = Nd4j.zeros(DataType.FLOAT, 1, c);
        INDArray dg1 = Nd4j.zeros(DataType.FLOAT, 1, c), db1 = Nd4j.zeros(DataType.FLOAT, 1, c);
        var nchw = org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;
        time("fast bn fwd (train)", rounds, () -> fast.preOutput(x, true, null, g1, b1, mean, var, 0.9, 1e-5, nchw, ws));
        time("fast bn fwd (infer)", rounds, () -> fast.preOutput(x, false, null, g1, b1, mean, var, 0.9, 1e-5, nchw, ws));
        time("fast bn bwd", rounds, () -> fast.backpropGradient(x, eps, null, g1, b1, dg1, db1, 1e-5, nchw, ws));
        INDArray xr = x.reshape('c', n * c, h * w), er = eps.reshape('c', n * c, h * w), outr = out.reshape('c', n * c, h * w);
        INDArray col = Nd4j.rand(DataType.FLOAT, n * c, 1), rowz = Nd4j.create(DataType.FLOAT, n * c);
        time("piece rows sum(1)", rounds, () -> xr.sum(1));
        time("piece rows mean(1)", rounds, () -> xr.mean(1));
        time("piece rows Variance(1)", rounds, () -> Nd4j.exec(new Variance(xr, false, 1)));
        time("piece rows Dot(1)", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce3.Dot(xr, er, rowz, 1)));
        time("piece multiply [NC,1] bcast", rounds, () -> Nd4j.exec(DynamicCustomOp.builder("multiply").addInputs(xr, col).addOutputs(outr).build()));
        time("piece mulColumnVector", rounds, () -> xr.mulColumnVector(col));
        time("piece muli scalar", rounds, () -> outr.muli(1.0001));
        time("piece addi same shape", rounds, () -> outr.addi(xr));
        time("piece dup", rounds, () -> xr.dup());
        for (boolean helpers : new boolean[] {true, false, true}) {
            Nd4j.getEnvironment().allowHelpers(helpers);
            String tag = helpers ? "onednn" : "generic";
            time(tag + " batchnorm_fwd", rounds, () -> Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                    .addInputs(x, mean, var, gamma, beta).addOutputs(out).addIntegerArguments(1, 1, 1)
                    .addFloatingPointArguments(1e-5).build()));
            time(tag + " bn_stats mean+var", rounds, () -> {
                x.mean(mean, 0, 2, 3);
                Nd4j.exec(new Variance(x, var, false, 0, 2, 3));
            });
            time(tag + " batchnorm_bp", rounds, () -> Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                    .addInputs(x, mean, var, gamma, beta, eps).addOutputs(dx, dm, dv, dg, db)
                    .addIntegerArguments(1, 1, 1).addFloatingPointArguments(1e-5).build()));
            time(tag + " conv2d 3x3", rounds, () -> Nd4j.exec(DynamicCustomOp.builder("conv2d")
                    .addInputs(x, wts).addOutputs(cout).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1).build()));
            time(tag + " conv2d_bp 3x3", rounds, () -> Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(x, wts, eps).addOutputs(dx, dw).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1).build()));
            time(tag + " relu (dup+relu)", rounds, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(x.dup(), 0.0)));
        }
    }

    static void time(String name, int rounds, Op op) {
        op.run();
        double best = Double.MAX_VALUE, sum = 0;
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            op.run();
            double ms = (System.nanoTime() - s) / 1e6;
            best = Math.min(best, ms);
            sum += ms;
        }
        System.out.printf(Locale.ROOT, "OP %-28s mean %8.2f ms  best %8.2f ms%n", name, sum / rounds, best);
    }
}
