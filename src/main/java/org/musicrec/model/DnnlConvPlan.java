package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * oneDNN primitives for one convolution geometry (input and weight shapes, strides, paddings, bias or
 * not): forward, and — built on first use — backward-data and backward-weights, with their tensor
 * arguments staged between DL4J's NCHW/OIHW arrays and the layouts the primitives chose. With
 * {@code relu} the forward output is {@code max(0, conv)}: oneDNN applies it while the result is still
 * in cache, instead of a separate pass over the activation.
 *
 * <p>Created once per geometry and reused: creating a primitive descriptor costs more than running a
 * small convolution, which is where libnd4j's own oneDNN path loses its time on small feature maps.
 */
final class DnnlConvPlan {
    private final DnnlRuntime runtime;
    private final long[] src;
    private final long[] weights;
    private final long[] dst;
    private final long[] strides;
    private final long[] padLeft;
    private final long[] padRight;
    private final boolean bias;

    private final convolution_forward.primitive_desc forwardDesc;
    private final convolution_forward forward;
    private final StagedMemory fwdSrc;
    private final StagedMemory fwdWeights;
    private final StagedMemory fwdDst;
    private final memory fwdBias;
    private final IntMemoryMap forwardArgs = new IntMemoryMap();

    private Backward backward;

    /** The backward half, built the first time a gradient is asked for (inference never pays for it). */
    private final class Backward {
        final convolution_backward_data data;
        final StagedMemory dataDiffDst;
        final StagedMemory dataWeights;
        final StagedMemory dataDiffSrc;
        final IntMemoryMap dataArgs = new IntMemoryMap();
        final convolution_backward_weights weightsPrim;
        final StagedMemory wSrc;
        final StagedMemory wDiffDst;
        final StagedMemory wDiffWeights;
        final memory wDiffBias;
        final IntMemoryMap weightsArgs;
        /** Backward-weights reading the diff_dst copy backward-data made, when both want the same layout. */
        final IntMemoryMap weightsArgsSharingDiffDst;

        Backward() {
            convolution_backward_data.primitive_desc dpd = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, anyDesc(src), anyDesc(weights), anyDesc(dst),
                            strides, padLeft, padRight),
                    runtime.engine(), forwardDesc);
            data = new convolution_backward_data(dpd);
            dataDiffDst = new StagedMemory(runtime, plain(dst), dpd.diff_dst_desc(), DnnlRuntime.Role.DIFF_DST, true);
            dataWeights = new StagedMemory(runtime, plainWeights(weights), dpd.weights_desc(), DnnlRuntime.Role.WEIGHTS, true);
            dataDiffSrc = new StagedMemory(runtime, plain(src), dpd.diff_src_desc(), DnnlRuntime.Role.DIFF_SRC, false);
            dataArgs.put(DNNL_ARG_DIFF_DST, dataDiffDst.forPrimitive());
            dataArgs.put(DNNL_ARG_WEIGHTS, dataWeights.forPrimitive());
            dataArgs.put(DNNL_ARG_DIFF_SRC, dataDiffSrc.forPrimitive());

            convolution_backward_weights.desc wd = bias
                    ? new convolution_backward_weights.desc(algorithm.convolution_direct, anyDesc(src), anyDesc(weights),
                    biasDesc(), anyDesc(dst), strides, padLeft, padRight)
                    : new convolution_backward_weights.desc(algorithm.convolution_direct, anyDesc(src), anyDesc(weights),
                    anyDesc(dst), strides, padLeft, padRight);
            convolution_backward_weights.primitive_desc wpd =
                    new convolution_backward_weights.primitive_desc(wd, runtime.engine(), forwardDesc);
            weightsPrim = new convolution_backward_weights(wpd);
            wSrc = new StagedMemory(runtime, plain(src), wpd.src_desc(), DnnlRuntime.Role.SRC_FOR_WEIGHTS, true);
            wDiffDst = new StagedMemory(runtime, plain(dst), wpd.diff_dst_desc(), DnnlRuntime.Role.DIFF_DST_FOR_WEIGHTS, true);
            wDiffWeights = new StagedMemory(runtime, plainWeights(weights), wpd.diff_weights_desc(), DnnlRuntime.Role.DIFF_WEIGHTS, false);
            wDiffBias = bias ? new memory(biasDesc(), runtime.engine(), (Pointer) null) : null;
            weightsArgs = weightsArgs(wDiffDst.forPrimitive());
            weightsArgsSharingDiffDst = wpd.diff_dst_desc().equals(dpd.diff_dst_desc())
                    ? weightsArgs(dataDiffDst.forPrimitive()) : null;
        }

        /** Backward-weights' arguments, reading diff_dst from {@code diffDst}. */
        private IntMemoryMap weightsArgs(memory diffDst) {
            IntMemoryMap m = new IntMemoryMap();
            m.put(DNNL_ARG_SRC, wSrc.forPrimitive());
            m.put(DNNL_ARG_DIFF_DST, diffDst);
            m.put(DNNL_ARG_DIFF_WEIGHTS, wDiffWeights.forPrimitive());
            if (bias) {
                m.put(DNNL_ARG_DIFF_BIAS, wDiffBias);
            }
            return m;
        }
    }

    DnnlConvPlan(DnnlRuntime runtime, long[] src, long[] weights, long[] dst, long[] strides, long[] padLeft,
                 long[] padRight, boolean bias, boolean relu) {
        this.runtime = runtime;
        this.src = src.clone();
        this.weights = weights.clone();
        this.dst = dst.clone();
        this.strides = strides.clone();
        this.padLeft = padLeft.clone();
        this.padRight = padRight.clone();
        this.bias = bias;
        convolution_forward.desc fd = bias
                ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, anyDesc(src),
                anyDesc(weights), biasDesc(), anyDesc(dst), strides, padLeft, padRight)
                : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, anyDesc(src),
                anyDesc(weights), anyDesc(dst), strides, padLeft, padRight);
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1.0f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        forwardDesc = new convolution_forward.primitive_desc(fd, attr, runtime.engine());
        forward = new convolution_forward(forwardDesc);
        fwdSrc = new StagedMemory(runtime, plain(src), forwardDesc.src_desc(), DnnlRuntime.Role.SRC, true);
        fwdWeights = new StagedMemory(runtime, plainWeights(weights), forwardDesc.weights_desc(), DnnlRuntime.Role.WEIGHTS, true);
        fwdDst = new StagedMemory(runtime, plain(dst), forwardDesc.dst_desc(), DnnlRuntime.Role.DST, false);
        fwdBias = bias ? new memory(biasDesc(), runtime.engine(), (Pointer) null) : null;
        forwardArgs.put(DNNL_ARG_SRC, fwdSrc.forPrimitive());
        forwardArgs.put(DNNL_ARG_WEIGHTS, fwdWeights.forPrimitive());
        forwardArgs.put(DNNL_ARG_DST, fwdDst.forPrimitive());
        if (bias) {
            forwardArgs.put(DNNL_ARG_BIAS, fwdBias);
        }
    }

    /** dst = conv(src, weights) (+ bias) (then ReLU if the plan has it). All pointers address dense row-major float arrays of this plan's shapes. */
    void forward(Pointer srcData, Pointer weightsData, Pointer biasData, Pointer dstData) {
        fwdSrc.bind(srcData);
        fwdWeights.bind(weightsData);
        fwdDst.bind(dstData);
        if (bias) {
            fwdBias.set_data_handle(biasData);
        }
        fwdSrc.convert();
        fwdWeights.convert();
        forward.execute(runtime.stream(), forwardArgs);
        fwdDst.convert();
        runtime.stream()._wait();
    }

    /**
     * diffSrc = ∂L/∂src, diffWeights (and diffBias) = ∂L/∂weights (bias) from diffDst = ∂L/∂dst. A null
     * {@code diffSrcData} skips the input gradient (the stem's: its backward-data is the most expensive
     * convolution call of a ResNet step, with one input channel, and nothing uses it).
     */
    void backward(Pointer srcData, Pointer weightsData, Pointer diffDstData, Pointer diffSrcData,
                  Pointer diffWeightsData, Pointer diffBiasData) {
        if (backward == null) {
            backward = new Backward();
        }
        Backward b = backward;
        if (diffSrcData != null) {
            b.dataDiffDst.bind(diffDstData);
            b.dataWeights.bind(weightsData);
            b.dataDiffSrc.bind(diffSrcData);
            b.dataDiffDst.convert();
            b.dataWeights.convert();
            b.data.execute(runtime.stream(), b.dataArgs);
            b.dataDiffSrc.convert();
        }

        // the diff_dst backward-data reordered is still in its scratch: reuse it rather than reorder again
        boolean shareDiffDst = diffSrcData != null && b.weightsArgsSharingDiffDst != null;
        b.wSrc.bind(srcData);
        b.wDiffWeights.bind(diffWeightsData);
        if (bias) {
            b.wDiffBias.set_data_handle(diffBiasData);
        }
        b.wSrc.convert();
        if (!shareDiffDst) {
            b.wDiffDst.bind(diffDstData);
            b.wDiffDst.convert();
        }
        b.weightsPrim.execute(runtime.stream(), shareDiffDst ? b.weightsArgsSharingDiffDst : b.weightsArgs);
        b.wDiffWeights.convert();
        runtime.stream()._wait();
    }

    private static memory.desc anyDesc(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    private static memory.desc plain(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.nchw);
    }

    private static memory.desc plainWeights(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.oihw);
    }

    private memory.desc biasDesc() {
        return new memory.desc(new long[] {weights[0]}, memory.data_type.f32, memory.format_tag.x);
    }
}
