package org.musicrec.model;

import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

import static org.bytedeco.dnnl.global.dnnl.*;

/** Manual prototype: one convolution's forward, backward-data and backward-weights straight on oneDNN (NCHW in and out). */
public final class DnnlConvBench {
    static Pointer ptr(INDArray a) {
        return new FloatPointer(a.data().addressPointer()).position(a.offset());
    }

    static memory.desc md(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), c = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]), w = Integer.parseInt(a[3]);
        int k = Integer.parseInt(a[4]), rounds = Integer.parseInt(a[5]);
        int p = k / 2;
        // optional: input channels and stride (the stem: 1 channel, 7×7, stride 2)
        int cIn = a.length > 7 ? Integer.parseInt(a[7]) : c, stride = a.length > 8 ? Integer.parseInt(a[8]) : 1;
        int oh = (h + 2 * p - k) / stride + 1, ow = (w + 2 * p - k) / stride + 1;
        EngineThreads.configure();
        engine eng = new engine(engine.kind.cpu, 0);
        stream s = new stream(eng);
        long[] src = {n, cIn, h, w}, wt = {c, cIn, k, k}, dst = {n, c, oh, ow}, st = {stride, stride}, pad = {p, p};
        INDArray x = Nd4j.rand(DataType.FLOAT, n, cIn, h, w), W = Nd4j.rand(DataType.FLOAT, c, cIn, k, k);
        INDArray y = Nd4j.create(DataType.FLOAT, n, c, oh, ow), eps = Nd4j.rand(DataType.FLOAT, n, c, oh, ow);
        INDArray dx = Nd4j.create(DataType.FLOAT, n, cIn, h, w), dW = Nd4j.create(DataType.FLOAT, c, cIn, k, k);
        memory.format_tag any = a.length > 6 ? memory.format_tag.valueOf(a[6]) : memory.format_tag.any;
        convolution_forward.desc fd = new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct,
                md(src, any), md(wt, memory.format_tag.any), md(dst, any), st, pad, pad);
        convolution_forward.primitive_desc fpd = new convolution_forward.primitive_desc(fd, eng);
        convolution_backward_data.primitive_desc bdpd = new convolution_backward_data.primitive_desc(
                new convolution_backward_data.desc(algorithm.convolution_direct, md(src, any), md(wt, memory.format_tag.any), md(dst, any), st, pad, pad), eng, fpd);
        convolution_backward_weights.primitive_desc bwpd = new convolution_backward_weights.primitive_desc(
                new convolution_backward_weights.desc(algorithm.convolution_direct, md(src, any), md(wt, memory.format_tag.any), md(dst, any), st, pad, pad), eng, fpd);
        convolution_forward fwd = new convolution_forward(fpd);
        convolution_backward_data bwdD = new convolution_backward_data(bdpd);
        convolution_backward_weights bwdW = new convolution_backward_weights(bwpd);
        memory xu = new memory(md(src, memory.format_tag.nchw), eng, ptr(x));
        memory wu = new memory(md(wt, memory.format_tag.oihw), eng, ptr(W));
        memory yu = new memory(md(dst, memory.format_tag.nchw), eng, ptr(y));
        memory eu = new memory(md(dst, memory.format_tag.nchw), eng, ptr(eps));
        memory dxu = new memory(md(src, memory.format_tag.nchw), eng, ptr(dx));
        memory dwu = new memory(md(wt, memory.format_tag.oihw), eng, ptr(dW));
        // primitive-format copies
        memory xf = new memory(fpd.src_desc(), eng), wf = new memory(fpd.weights_desc(), eng), yf = new memory(fpd.dst_desc(), eng);
        memory ef = new memory(bdpd.diff_dst_desc(), eng), wbf = new memory(bdpd.weights_desc(), eng), dxf = new memory(bdpd.diff_src_desc(), eng);
        memory xbw = new memory(bwpd.src_desc(), eng), ebw = new memory(bwpd.diff_dst_desc(), eng), dwf = new memory(bwpd.diff_weights_desc(), eng);
        double[] tf = new double[rounds], td = new double[rounds], tw = new double[rounds];
        for (int r = -3; r < rounds; r++) {
            long t0 = System.nanoTime();
            new reorder(xu, xf).execute(s, args(DNNL_ARG_FROM, xu, DNNL_ARG_TO, xf));
            new reorder(wu, wf).execute(s, args(DNNL_ARG_FROM, wu, DNNL_ARG_TO, wf));
            fwd.execute(s, args(DNNL_ARG_SRC, xf, DNNL_ARG_WEIGHTS, wf, DNNL_ARG_DST, yf));
            new reorder(yf, yu).execute(s, args(DNNL_ARG_FROM, yf, DNNL_ARG_TO, yu));
            s._wait();
            long t1 = System.nanoTime();
            new reorder(eu, ef).execute(s, args(DNNL_ARG_FROM, eu, DNNL_ARG_TO, ef));
            new reorder(wu, wbf).execute(s, args(DNNL_ARG_FROM, wu, DNNL_ARG_TO, wbf));
            bwdD.execute(s, args(DNNL_ARG_DIFF_DST, ef, DNNL_ARG_WEIGHTS, wbf, DNNL_ARG_DIFF_SRC, dxf));
            new reorder(dxf, dxu).execute(s, args(DNNL_ARG_FROM, dxf, DNNL_ARG_TO, dxu));
            s._wait();
            long t2 = System.nanoTime();
            new reorder(xu, xbw).execute(s, args(DNNL_ARG_FROM, xu, DNNL_ARG_TO, xbw));
            new reorder(eu, ebw).execute(s, args(DNNL_ARG_FROM, eu, DNNL_ARG_TO, ebw));
            bwdW.execute(s, args(DNNL_ARG_SRC, xbw, DNNL_ARG_DIFF_DST, ebw, DNNL_ARG_DIFF_WEIGHTS, dwf));
            new reorder(dwf, dwu).execute(s, args(DNNL_ARG_FROM, dwf, DNNL_ARG_TO, dwu));
            s._wait();
            long t3 = System.nanoTime();
            if (r >= 0) {
                tf[r] = (t1 - t0) / 1e6;
                td[r] = (t2 - t1) / 1e6;
                tw[r] = (t3 - t2) / 1e6;
            }
        }
        Arrays.sort(tf);
        Arrays.sort(td);
        Arrays.sort(tw);
        System.out.printf(Locale.ROOT, "dnnl [%d,%d,%d,%d] k%d fwd %.2f bwd-data %.2f bwd-weights %.2f ms  impl fwd=%s bd=%s bw=%s%n",
                n, c, h, w, k, tf[rounds / 2], td[rounds / 2], tw[rounds / 2], fpd.impl_info_str().getString(),
                bdpd.impl_info_str().getString(), bwpd.impl_info_str().getString());
        // check against ND4J's own conv2d
        INDArray ref = Nd4j.cnn().conv2d(x, W.permute(2, 3, 1, 0).dup(), org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig.builder()
                .kH(k).kW(k).pH(p).pW(p).sH(stride).sW(stride).build());
        System.out.println("max |y - nd4j| = " + y.sub(ref).amaxNumber());
    }

    static IntMemoryMap args(Object... kv) {
        IntMemoryMap m = new IntMemoryMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Integer) kv[i], (memory) kv[i + 1]);
        }
        return m;
    }
}
