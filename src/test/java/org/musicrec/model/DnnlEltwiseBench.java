package org.musicrec.model;

import org.bytedeco.dnnl.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

import static org.bytedeco.dnnl.global.dnnl.*;

/** Manual: ReLU backward and a residual add on plain NCHW arrays, ND4J ops against oneDNN's eltwise/binary primitives. */
public final class DnnlEltwiseBench {
    public static void main(String[] a) {
        long[] shape = Arrays.stream(a[0].split(",")).mapToLong(Long::parseLong).toArray();
        int rounds = Integer.parseInt(a[1]);
        EngineThreads.configure();
        engine eng = new engine(engine.kind.cpu, 0);
        stream s = new stream(eng);
        INDArray out = Nd4j.rand(DataType.FLOAT, shape).subi(0.5), eps = Nd4j.rand(DataType.FLOAT, shape);
        INDArray delta = Nd4j.create(DataType.FLOAT, shape), delta2 = Nd4j.create(DataType.FLOAT, shape);
        memory.desc md = new memory.desc(shape, memory.data_type.f32, memory.format_tag.nchw);
        eltwise_forward.primitive_desc fpd = new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, md, 0f, 0f), eng);
        eltwise_backward.primitive_desc bpd = new eltwise_backward.primitive_desc(
                new eltwise_backward.desc(algorithm.eltwise_relu_use_dst_for_bwd, md, md, 0f, 0f), eng, fpd);
        eltwise_backward bwd = new eltwise_backward(bpd);
        eltwise_forward fwd = new eltwise_forward(fpd);
        memory mo = new memory(md, eng, out.data().addressPointer()), me = new memory(md, eng, eps.data().addressPointer());
        memory md2 = new memory(md, eng, delta2.data().addressPointer());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_DST, mo);
        args.put(DNNL_ARG_DIFF_DST, me);
        args.put(DNNL_ARG_DIFF_SRC, md2);
        binary add = new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, md, md, md), eng));
        IntMemoryMap addArgs = new IntMemoryMap();
        addArgs.put(DNNL_ARG_SRC_0, mo);
        addArgs.put(DNNL_ARG_SRC_1, me);
        addArgs.put(DNNL_ARG_DST, md2);
        report("relu bwd nd4j sign+mul", rounds, () -> time(() -> {
            Nd4j.exec(new Sign(out, delta));
            delta.muli(eps);
        }));
        report("relu bwd dnnl", rounds, () -> time(() -> {
            bwd.execute(s, args);
            s._wait();
        }));
        System.out.println("max |diff| relu bwd = " + delta.sub(delta2).amaxNumber());
        IntMemoryMap fargs = new IntMemoryMap();
        fargs.put(DNNL_ARG_SRC, md2);
        fargs.put(DNNL_ARG_DST, md2);
        report("relu fwd in place nd4j", rounds, () -> time(() -> Nd4j.exec(
                new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(delta, delta, 0.0))));
        report("relu fwd in place dnnl", rounds, () -> time(() -> {
            fwd.execute(s, fargs);
            s._wait();
        }));
        report("add nd4j dup+addi", rounds, () -> time(() -> out.dup().addi(eps)));
        report("add nd4j add", rounds, () -> time(() -> out.add(eps)));
        report("add dnnl binary", rounds, () -> time(() -> {
            add.execute(s, addArgs);
            s._wait();
        }));
        report("dup nd4j", rounds, () -> time(eps::dup));
        // batch norm, training: forward with batch statistics, backward to input, scale and shift
        long c = shape[1];
        memory.desc cd = new memory.desc(new long[] {2, c}, memory.data_type.f32, memory.format_tag.nc);
        memory.desc vd = new memory.desc(new long[] {c}, memory.data_type.f32, memory.format_tag.x);
        normalization_flags flags = normalization_flags.use_scale_shift;
        batch_normalization_forward.primitive_desc bnf = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(prop_kind.forward_training, md, 1e-5f, flags), eng);
        batch_normalization_backward.primitive_desc bnb = new batch_normalization_backward.primitive_desc(
                new batch_normalization_backward.desc(prop_kind.backward, md, md, 1e-5f, flags), eng, bnf);
        System.out.println("bn impl fwd=" + bnf.impl_info_str().getString() + " bwd=" + bnb.impl_info_str().getString());
        INDArray ss = Nd4j.rand(DataType.FLOAT, 2, c), dss = Nd4j.create(DataType.FLOAT, 2, c);
        INDArray mean = Nd4j.create(DataType.FLOAT, c), var = Nd4j.create(DataType.FLOAT, c);
        memory mss = new memory(cd, eng, ss.data().addressPointer()), mdss = new memory(cd, eng, dss.data().addressPointer());
        memory mmean = new memory(vd, eng, mean.data().addressPointer()), mvar = new memory(vd, eng, var.data().addressPointer());
        memory mdst = new memory(md, eng, delta.data().addressPointer());
        IntMemoryMap fa = new IntMemoryMap();
        fa.put(DNNL_ARG_SRC, mo);
        fa.put(DNNL_ARG_DST, mdst);
        fa.put(DNNL_ARG_SCALE_SHIFT, mss);
        fa.put(DNNL_ARG_MEAN, mmean);
        fa.put(DNNL_ARG_VARIANCE, mvar);
        IntMemoryMap ba = new IntMemoryMap();
        ba.put(DNNL_ARG_SRC, mo);
        ba.put(DNNL_ARG_DIFF_DST, me);
        ba.put(DNNL_ARG_SCALE_SHIFT, mss);
        ba.put(DNNL_ARG_MEAN, mmean);
        ba.put(DNNL_ARG_VARIANCE, mvar);
        ba.put(DNNL_ARG_DIFF_SRC, md2);
        ba.put(DNNL_ARG_DIFF_SCALE_SHIFT, mdss);
        batch_normalization_forward bf = new batch_normalization_forward(bnf);
        batch_normalization_backward bb = new batch_normalization_backward(bnb);
        report("bn fwd train dnnl nchw", rounds, () -> time(() -> {
            bf.execute(s, fa);
            s._wait();
        }));
        report("bn bwd dnnl nchw", rounds, () -> time(() -> {
            bb.execute(s, ba);
            s._wait();
        }));
        FastBatchNormHelper fast = new FastBatchNormHelper(new org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper(DataType.FLOAT));
        INDArray g1 = Nd4j.rand(DataType.FLOAT, 1, c), b1 = Nd4j.rand(DataType.FLOAT, 1, c);
        INDArray dg1 = Nd4j.create(DataType.FLOAT, 1, c), db1 = Nd4j.create(DataType.FLOAT, 1, c);
        INDArray m1 = Nd4j.create(DataType.FLOAT, 1, c), v1 = Nd4j.ones(DataType.FLOAT, 1, c);
        var ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        var nchw = org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;
        report("bn fwd train java", rounds, () -> time(() -> fast.preOutput(out, true, null, g1, b1, m1, v1, 0.9, 1e-5, nchw, ws)));
        report("bn bwd java", rounds, () -> time(() -> fast.backpropGradient(out, eps, null, g1, b1, dg1, db1, 1e-5, nchw, ws)));
    }

    static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    static void report(String what, int rounds, LongSupplier run) {
        double[] t = new double[rounds];
        for (int i = -3; i < rounds; i++) {
            long ns = run.getAsLong();
            if (i >= 0) {
                t[i] = ns / 1e6;
            }
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-26s %.2f ms%n", what, t[rounds / 2]);
    }
}
