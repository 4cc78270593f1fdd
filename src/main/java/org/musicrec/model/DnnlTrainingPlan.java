package org.musicrec.model;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.inner_product_backward_data;
import org.bytedeco.dnnl.inner_product_backward_weights;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.musicrec.model.DnnlForward.Add;
import org.musicrec.model.DnnlForward.Bn;
import org.musicrec.model.DnnlForward.Conv;
import org.musicrec.model.DnnlForward.Dense;
import org.musicrec.model.DnnlForward.GlobalAvg;
import org.musicrec.model.DnnlForward.Node;
import org.musicrec.model.DnnlForward.Pool;
import org.musicrec.model.DnnlForward.Relu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.dnnl.global.dnnl.*;
import static org.musicrec.model.DnnlChainPlan.convOutput;
import static org.musicrec.model.DnnlChainPlan.pads;
import static org.musicrec.model.DnnlChainPlan.plain;
import static org.musicrec.model.DnnlChainPlan.reorderArgs;

/**
 * One {@link DnnlTraining} pass built for one input shape: forward primitives (training mode) that keep
 * every tensor backward reads, and backward primitives in reverse order.
 *
 * <p>Built in one walk over the vertices: each forward step registers how to emit its backward, and those
 * emitters run in reverse once the forward is built. A vertex's gradient is complete when its emitter runs,
 * since every reader of it comes later in topological order and so has emitted before. Gradient tensors
 * are counted by the names holding them: an add hands one tensor to both inputs (no copy); a second
 * contribution to a name adds into its tensor in place when nobody else holds it; a tensor's buffer returns
 * to the pool when no name holds it. Forward tensors stay for the whole pass (backward reads them).
 */
final class DnnlTrainingPlan {
    private final DnnlTraining owner;
    private final List<DnnlStep> forwardSteps = new ArrayList<>();
    private final List<DnnlStep> backwardSteps = new ArrayList<>();
    /** Where the next step goes: forward while the forward is built, then backward. */
    private List<DnnlStep> steps = forwardSteps;
    private final DnnlBufferPool buffers = new DnnlBufferPool();
    private final List<Pointer> keepAlive = new ArrayList<>();   // native objects the steps refer to
    private final Map<String, DnnlTensor> activations = new HashMap<>();
    private final Map<String, DnnlTensor> gradients = new HashMap<>();
    private final List<Runnable> backwardEmitters = new ArrayList<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, INDArray[]> statistics = new HashMap<>();
    private final memory inputMem;
    private final memory[] outputMems;
    private final memory[] outputGradientMems;
    private final long[][] outputShapes;

    DnnlTrainingPlan(DnnlTraining owner, long[] inputShape) {
        this.owner = owner;
        for (Node n : owner.nodes) {
            for (String i : n.inputs()) {
                readers.merge(i, 1, Integer::sum);
            }
        }
        memory.desc inDesc = plain(inputShape);
        inputMem = new memory(inDesc, owner.runtime.engine(), (Pointer) null);
        activations.put(owner.input, new DnnlTensor(inputShape, inDesc, inputMem, null));

        Map<String, String> fusedInto = new HashMap<>();   // ReLU name → the BN or add it runs inside
        for (Node n : owner.nodes) {
            if (n instanceof Relu r && fusedInto.containsKey(r.name())) {
                activations.put(r.name(), activations.get(fusedInto.get(r.name())));
                continue;
            }
            String relu = soleReluReader(n);
            boolean fuse = relu != null && (n instanceof Bn || n instanceof Add);
            if (fuse) {
                fusedInto.put(relu, n.name());
            }
            String gradName = fuse ? relu : n.name();   // the name whose gradient this vertex's backward reads
            DnnlTensor out;
            if (n instanceof Conv c) {
                out = conv(c);
            } else if (n instanceof Bn b) {
                out = batchNorm(b, gradName, fuse);
            } else if (n instanceof Relu r) {
                out = relu(r);
            } else if (n instanceof Add a) {
                out = add(a, gradName, fuse);
            } else if (n instanceof Pool p) {
                out = pool(p);
            } else if (n instanceof GlobalAvg g) {
                out = globalAvg(g);
            } else {
                out = dense((Dense) n);
            }
            activations.put(n.name(), out);
        }

        int outs = owner.outputs.size();
        outputMems = new memory[outs];
        outputGradientMems = new memory[outs];
        outputShapes = new long[outs][];
        for (int i = 0; i < outs; i++) {
            DnnlTensor t = activations.get(owner.outputs.get(i));
            outputShapes[i] = t.dims.clone();
            outputMems[i] = new memory(plain(t.dims), owner.runtime.engine(), (Pointer) null);
            addReorder(t.mem, outputMems[i]);
            outputGradientMems[i] = new memory(plain(t.dims), owner.runtime.engine(), (Pointer) null);
        }

        steps = backwardSteps;
        for (int i = 0; i < outs; i++) {   // the caller's dLoss/dOutput: read, never written
            DnnlTensor t = new DnnlTensor(outputShapes[i], plain(outputShapes[i]), outputGradientMems[i], null);
            give(owner.outputs.get(i), t);
        }
        for (int i = backwardEmitters.size() - 1; i >= 0; i--) {
            backwardEmitters.get(i).run();
        }
    }

    /** The outputs (plain, in the graph's output order) of a training-mode forward of {@code x}. */
    INDArray[] forward(INDArray x) {
        INDArray[] outs = new INDArray[outputShapes.length];
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int i = 0; i < outs.length; i++) {
                outs[i] = Nd4j.createUninitialized(DataType.FLOAT, outputShapes[i]);
                outputMems[i].set_data_handle(outs[i].data().addressPointer());
            }
        }
        inputMem.set_data_handle(x.data().addressPointer());
        DnnlStep.runAll(forwardSteps, owner.runtime);
        return outs;
    }

    /** Backprop of {@code outputGradients} (dense float, the outputs' shapes) into the gradient views. */
    void backward(INDArray[] outputGradients) {
        for (int i = 0; i < outputGradients.length; i++) {
            if (!java.util.Arrays.equals(outputGradients[i].shape(), outputShapes[i])) {
                throw new IllegalArgumentException("gradient of output " + owner.outputs.get(i) + " has shape "
                        + java.util.Arrays.toString(outputGradients[i].shape()) + ", the output "
                        + java.util.Arrays.toString(outputShapes[i]));
            }
            outputGradientMems[i].set_data_handle(outputGradients[i].data().addressPointer());
        }
        DnnlStep.runAll(backwardSteps, owner.runtime);
    }

    /** Per BatchNorm vertex, {mean, biased variance} of the last forward's batch. */
    Map<String, INDArray[]> batchStatistics() {
        return statistics;
    }

    /** Frees the plan's native memory (buffers, primitives); the plan is not used afterwards. */
    void close() {
        keepAlive.forEach(Pointer::close);
        keepAlive.clear();
        buffers.close();
    }

    private String soleReluReader(Node n) {
        if (readers.getOrDefault(n.name(), 0) != 1 || owner.outputs.contains(n.name())) {
            return null;
        }
        for (Node r : owner.nodes) {
            if (r.inputs().contains(n.name())) {
                return r instanceof Relu ? r.name() : null;
            }
        }
        return null;
    }

    // ---- convolution

    private DnnlTensor conv(Conv c) {
        DnnlTensor src = activations.get(c.inputs().get(0));
        long[] w = c.weights().shape();
        long[] dst = convOutput(src.dims, w, c.strides(), c.pad(), c.same());
        long[][] pads = pads(src.dims, dst, new long[] {w[2], w[3]}, c.strides(), c.pad(), c.same());
        memory.desc biasDesc = c.bias() == null ? null : vector(w[0]);
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(biasDesc == null
                ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, any(src.dims),
                any(w), any(dst), c.strides(), pads[0], pads[1])
                : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, any(src.dims),
                any(w), biasDesc, any(dst), c.strides(), pads[0], pads[1]), owner.runtime.engine());
        memory userWeights = user(c.weights(), weightsDesc(w));
        DnnlTensor out = weightedForward(new convolution_forward(pd), src, pd.src_desc(), userWeights, pd.weights_desc(),
                c.bias() == null ? null : user(c.bias(), biasDesc), dst, pd.dst_desc());
        backwardEmitters.add(() -> {
            DnnlTensor diffDst = take(c.name());
            String input = c.inputs().get(0);
            DnnlTensor dataDiffDst = null;
            if (!input.equals(owner.input)) {   // nothing reads the network input's gradient
                convolution_backward_data.primitive_desc dpd = new convolution_backward_data.primitive_desc(
                        new convolution_backward_data.desc(algorithm.convolution_direct, any(src.dims), any(w), any(dst),
                                c.strides(), pads[0], pads[1]), owner.runtime.engine(), pd);
                dataDiffDst = inLayout(diffDst, dpd.diff_dst_desc());
                dataBackward(new convolution_backward_data(dpd), dataDiffDst, userWeights, dpd.weights_desc(), input,
                        src.dims, dpd.diff_src_desc());
            }
            convolution_backward_weights.primitive_desc wpd = new convolution_backward_weights.primitive_desc(biasDesc == null
                    ? new convolution_backward_weights.desc(algorithm.convolution_direct, any(src.dims), any(w), any(dst),
                    c.strides(), pads[0], pads[1])
                    : new convolution_backward_weights.desc(algorithm.convolution_direct, any(src.dims), any(w), biasDesc,
                    any(dst), c.strides(), pads[0], pads[1]), owner.runtime.engine(), pd);
            // backward-data's copy of diff_dst serves backward-weights too when both want the same layout
            DnnlTensor weightsDiffDst = dataDiffDst != null && dataDiffDst.desc.equals(wpd.diff_dst_desc())
                    ? dataDiffDst : inLayout(diffDst, wpd.diff_dst_desc());
            weightsBackward(new convolution_backward_weights(wpd), src, wpd.src_desc(), weightsDiffDst,
                    owner.gradientView(c.name(), ConvolutionParamInitializer.WEIGHT_KEY), weightsDesc(w),
                    wpd.diff_weights_desc(), biasDesc == null ? null
                            : user(owner.gradientView(c.name(), ConvolutionParamInitializer.BIAS_KEY), biasDesc));
            if (weightsDiffDst != dataDiffDst) {
                transientDone(weightsDiffDst, diffDst);
            }
            if (dataDiffDst != null) {
                transientDone(dataDiffDst, diffDst);
            }
            release(diffDst);
        });
        return out;
    }

    // ---- what convolutions and fully connected layers share

    /** A forward step with weights: src reordered to the primitive's layout if needed, weights read anew each run. */
    private DnnlTensor weightedForward(primitive prim, DnnlTensor src, memory.desc srcWant, memory userWeights,
                                   memory.desc weightsWant, memory bias, long[] dst, memory.desc dstDesc) {
        DnnlTensor in = inLayout(src, srcWant);
        DnnlTensor weights = parameter(userWeights, weightsWant);
        DnnlTensor out = allocate(dst, dstDesc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        args.put(DNNL_ARG_WEIGHTS, weights.mem);
        args.put(DNNL_ARG_DST, out.mem);
        if (bias != null) {
            args.put(DNNL_ARG_BIAS, bias);
        }
        add(prim, args);
        transientDone(in, src);
        release(weights);
        return out;
    }

    /** Backward-data ({@code diffDst} already in the primitive's layout): the input's gradient, given to {@code input}. */
    private void dataBackward(primitive prim, DnnlTensor diffDst, memory userWeights, memory.desc weightsWant, String input,
                              long[] srcDims, memory.desc diffSrcDesc) {
        DnnlTensor weights = parameter(userWeights, weightsWant);
        DnnlTensor diffSrc = allocate(srcDims, diffSrcDesc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_DIFF_DST, diffDst.mem);
        args.put(DNNL_ARG_WEIGHTS, weights.mem);
        args.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
        add(prim, args);
        release(weights);
        give(input, diffSrc);
        release(diffSrc);
    }

    /**
     * Backward-weights ({@code diffDst} already in the primitive's layout) into the weight gradient view (reordered
     * from the primitive's layout when it differs) and the bias gradient view ({@code diffBias}, or null).
     */
    private void weightsBackward(primitive prim, DnnlTensor src, memory.desc srcWant, DnnlTensor diffDst, INDArray gradientView,
                                 memory.desc userDesc, memory.desc diffWeightsDesc, memory diffBias) {
        DnnlTensor in = inLayout(src, srcWant);
        DnnlTensor diffWeights = userDesc.equals(diffWeightsDesc)
                ? new DnnlTensor(gradientView.shape(), userDesc, user(gradientView, userDesc), null)
                : allocate(gradientView.shape(), diffWeightsDesc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        args.put(DNNL_ARG_DIFF_DST, diffDst.mem);
        args.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights.mem);
        if (diffBias != null) {
            args.put(DNNL_ARG_DIFF_BIAS, diffBias);
        }
        add(prim, args);
        if (diffWeights.buffer != null) {
            addReorder(diffWeights.mem, user(gradientView, userDesc));
            release(diffWeights);
        }
        transientDone(in, src);
    }

    // ---- batch norm (with the following ReLU inside when it is the only reader)

    private DnnlTensor batchNorm(Bn b, String gradName, boolean relu) {
        DnnlTensor src = activations.get(b.inputs().get(0));
        long c = src.dims[1];
        int flags = dnnl_use_scaleshift | (relu ? dnnl_fuse_norm_relu : 0);
        batch_normalization_forward.primitive_desc pd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(prop_kind.forward_training.value, src.desc, (float) b.eps(), flags),
                owner.runtime.engine());
        INDArray mean;
        INDArray var;
        try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            mean = Nd4j.create(DataType.FLOAT, c);
            var = Nd4j.create(DataType.FLOAT, c);
        }
        statistics.put(b.name(), new INDArray[] {mean, var});
        memory meanMem = user(mean, vector(c));
        memory varMem = user(var, vector(c));
        // γ then β, adjacent in DL4J's parameter vector (DnnlTraining checks): oneDNN's [2, C] scale-shift
        memory scaleShift = user(b.gamma(), new memory.desc(new long[] {2, c}, memory.data_type.f32, memory.format_tag.nc));
        DnnlTensor out = allocate(src.dims, pd.dst_desc());
        memory workspace = relu ? allocate(new long[] {0}, pd.workspace_desc()).mem : null;
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        args.put(DNNL_ARG_SCALE_SHIFT, scaleShift);
        args.put(DNNL_ARG_MEAN, meanMem);
        args.put(DNNL_ARG_VARIANCE, varMem);
        if (relu) {
            args.put(DNNL_ARG_WORKSPACE, workspace);
        }
        add(new batch_normalization_forward(pd), args);
        backwardEmitters.add(() -> {
            batch_normalization_backward.primitive_desc bpd = new batch_normalization_backward.primitive_desc(
                    new batch_normalization_backward.desc(prop_kind.backward.value, src.desc, src.desc, (float) b.eps(), flags),
                    owner.runtime.engine(), pd);
            DnnlTensor diffDst = inLayout(take(gradName), bpd.diff_dst_desc(), true);
            DnnlTensor diffSrc = writable(diffDst) ? diffDst : allocate(src.dims, bpd.diff_src_desc());   // in place when ours
            INDArray gradGamma = owner.gradientView(b.name(), BatchNormalizationParamInitializer.GAMMA);
            IntMemoryMap bargs = new IntMemoryMap();
            bargs.put(DNNL_ARG_SRC, src.mem);
            bargs.put(DNNL_ARG_DIFF_DST, diffDst.mem);
            bargs.put(DNNL_ARG_SCALE_SHIFT, scaleShift);
            bargs.put(DNNL_ARG_MEAN, meanMem);
            bargs.put(DNNL_ARG_VARIANCE, varMem);
            if (relu) {
                bargs.put(DNNL_ARG_WORKSPACE, workspace);
            }
            bargs.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
            bargs.put(DNNL_ARG_DIFF_SCALE_SHIFT, user(gradGamma,
                    new memory.desc(new long[] {2, c}, memory.data_type.f32, memory.format_tag.nc)));
            add(new batch_normalization_backward(bpd), bargs);
            give(b.inputs().get(0), diffSrc);
            if (diffSrc != diffDst) {
                release(diffDst);
            }
            release(diffSrc);
        });
        return out;
    }

    // ---- ReLU on its own, add (with the following ReLU inside), pooling

    private DnnlTensor relu(Relu r) {
        DnnlTensor src = activations.get(r.inputs().get(0));
        eltwise_forward.primitive_desc pd = reluForward(src.desc);
        DnnlTensor out = allocate(src.dims, src.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new eltwise_forward(pd), args);
        backwardEmitters.add(() -> reluBackward(take(r.name()), out, pd, r.inputs()));
        return out;
    }

    private DnnlTensor add(Add a, String gradName, boolean relu) {
        DnnlTensor first = activations.get(a.inputs().get(0));
        DnnlTensor second = inLayout(activations.get(a.inputs().get(1)), first.desc);
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1.0f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        DnnlTensor out = allocate(first.dims, first.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC_0, first.mem);
        args.put(DNNL_ARG_SRC_1, second.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, first.desc, second.desc, first.desc),
                attr, owner.runtime.engine())), args);
        transientDone(second, activations.get(a.inputs().get(1)));
        backwardEmitters.add(() -> {
            if (relu) {
                reluBackward(take(gradName), out, reluForward(out.desc), a.inputs());
            } else {
                DnnlTensor g = take(gradName);   // d(x + y)/dx = d(x + y)/dy = 1: both inputs get the same tensor
                a.inputs().forEach(i -> give(i, g));
                release(g);
            }
        });
        return out;
    }

    /** ReLU's backward from its output {@code dst} (dst > 0), in place when the gradient is ours; to every input. */
    private void reluBackward(DnnlTensor diffDst, DnnlTensor dst, eltwise_forward.primitive_desc fwd, List<String> inputs) {
        eltwise_backward.primitive_desc bpd = new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                algorithm.eltwise_relu_use_dst_for_bwd, dst.desc, dst.desc, 0f, 0f), owner.runtime.engine(), fwd);
        DnnlTensor d = inLayout(diffDst, dst.desc, true);
        DnnlTensor diffSrc = writable(d) ? d : allocate(dst.dims, dst.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_DST, dst.mem);
        args.put(DNNL_ARG_DIFF_DST, d.mem);
        args.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
        add(new eltwise_backward(bpd), args);
        inputs.forEach(i -> give(i, diffSrc));
        if (diffSrc != d) {
            release(d);
        }
        release(diffSrc);
    }

    private eltwise_forward.primitive_desc reluForward(memory.desc desc) {
        return new eltwise_forward.primitive_desc(new eltwise_forward.desc(prop_kind.forward_training,
                algorithm.eltwise_relu_use_dst_for_bwd, desc, 0f, 0f), owner.runtime.engine());
    }

    private DnnlTensor pool(Pool p) {
        DnnlTensor src = activations.get(p.inputs().get(0));
        long[] dst = convOutput(src.dims, new long[] {src.dims[1], src.dims[1], p.kernel()[0], p.kernel()[1]},
                p.strides(), p.pad(), p.same());
        long[][] pads = pads(src.dims, dst, p.kernel(), p.strides(), p.pad(), p.same());
        return pooling(p.name(), p.inputs().get(0), dst, algorithm.pooling_max, p.strides(), p.kernel(), pads);
    }

    /** Mean over H and W as a 2-D [N, C] tensor (plain: what DL4J's global pooling hands the next layer). */
    private DnnlTensor globalAvg(GlobalAvg g) {
        DnnlTensor src = activations.get(g.inputs().get(0));
        long[] dst = {src.dims[0], src.dims[1], 1, 1};
        long[] zero = {0, 0};
        DnnlTensor pooled = pooling(g.name(), g.inputs().get(0), dst, algorithm.pooling_avg_exclude_padding, new long[] {1, 1},
                new long[] {src.dims[2], src.dims[3]}, new long[][] {zero, zero});
        DnnlTensor plain4 = inLayout(pooled, plain(dst));
        return plain4.flattened(owner.runtime.engine());
    }

    /**
     * A pooling step in training mode (max pooling keeps its argmax workspace) and its backward; the backward
     * reads the gradient of {@code name}, 2-D [N, C] for a global pool (viewed as [N, C, 1, 1]).
     */
    private DnnlTensor pooling(String name, String input, long[] dst, algorithm alg, long[] strides, long[] kernel,
                           long[][] pads) {
        DnnlTensor src = activations.get(input);
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                prop_kind.forward_training, alg, src.desc, any(dst), strides, kernel, pads[0], pads[1]),
                owner.runtime.engine());
        boolean max = alg == algorithm.pooling_max;
        DnnlTensor out = allocate(dst, pd.dst_desc());
        memory workspace = max ? allocate(new long[] {0}, pd.workspace_desc()).mem : null;
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        if (max) {
            args.put(DNNL_ARG_WORKSPACE, workspace);
        }
        add(new pooling_forward(pd), args);
        backwardEmitters.add(() -> {
            pooling_backward.primitive_desc bpd = new pooling_backward.primitive_desc(new pooling_backward.desc(alg,
                    any(src.dims), any(dst), strides, kernel, pads[0], pads[1]), owner.runtime.engine(), pd);
            DnnlTensor g = take(name);
            DnnlTensor g4 = g;
            if (g.dims.length == 2) {   // a global pool's [N, C] gradient, copied as [N, C, 1, 1] (small)
                g4 = allocate(dst, plain(dst));
                addReorder(g.mem, keep(new memory(plain(g.dims), owner.runtime.engine(), g4.buffer.memory())));
            }
            DnnlTensor d = inLayout(g4, bpd.diff_dst_desc());
            DnnlTensor diffSrc = allocate(src.dims, bpd.diff_src_desc());
            IntMemoryMap bargs = new IntMemoryMap();
            bargs.put(DNNL_ARG_DIFF_DST, d.mem);
            bargs.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
            if (max) {
                bargs.put(DNNL_ARG_WORKSPACE, workspace);
            }
            add(new pooling_backward(bpd), bargs);
            transientDone(d, g4);
            transientDone(g4, g);
            give(input, diffSrc);
            release(diffSrc);
            release(g);
        });
        return out;
    }

    // ---- fully connected

    private DnnlTensor dense(Dense d) {
        DnnlTensor src = activations.get(d.inputs().get(0));
        long[] w = d.weights().shape();   // [in, out]
        long[] oi = {w[1], w[0]};
        long[] dst = {src.dims[0], w[1]};
        memory.desc biasDesc = d.bias() == null ? null : vector(w[1]);
        inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(biasDesc == null
                ? new inner_product_forward.desc(prop_kind.forward_training, src.desc, any(oi), any(dst))
                : new inner_product_forward.desc(prop_kind.forward_training, src.desc, any(oi), biasDesc, any(dst)),
                owner.runtime.engine());
        memory userWeights = user(d.weights(), denseWeightsDesc(d.weights(), oi));
        DnnlTensor out = weightedForward(new inner_product_forward(pd), src, pd.src_desc(), userWeights, pd.weights_desc(),
                d.bias() == null ? null : user(d.bias(), biasDesc), dst, pd.dst_desc());
        backwardEmitters.add(() -> {
            DnnlTensor diffDst = take(d.name());
            inner_product_backward_data.primitive_desc dpd = new inner_product_backward_data.primitive_desc(
                    new inner_product_backward_data.desc(any(src.dims), any(oi), any(dst)), owner.runtime.engine(), pd);
            DnnlTensor dataDiffDst = inLayout(diffDst, dpd.diff_dst_desc());
            dataBackward(new inner_product_backward_data(dpd), dataDiffDst, userWeights, dpd.weights_desc(),
                    d.inputs().get(0), src.dims, dpd.diff_src_desc());
            transientDone(dataDiffDst, diffDst);
            inner_product_backward_weights.primitive_desc wpd = new inner_product_backward_weights.primitive_desc(
                    biasDesc == null ? new inner_product_backward_weights.desc(any(src.dims), any(oi), any(dst))
                            : new inner_product_backward_weights.desc(any(src.dims), any(oi), biasDesc, any(dst)),
                    owner.runtime.engine(), pd);
            DnnlTensor weightsDiffDst = inLayout(diffDst, wpd.diff_dst_desc());
            INDArray gradW = owner.gradientView(d.name(), DefaultParamInitializer.WEIGHT_KEY);
            weightsBackward(new inner_product_backward_weights(wpd), src, wpd.src_desc(), weightsDiffDst, gradW,
                    denseWeightsDesc(gradW, oi), wpd.diff_weights_desc(), biasDesc == null ? null
                            : user(owner.gradientView(d.name(), DefaultParamInitializer.BIAS_KEY), biasDesc));
            transientDone(weightsDiffDst, diffDst);
            release(diffDst);
        });
        return out;
    }


    /** DL4J's W is [in, out]; column-major ('f', as DL4J keeps it) that is row-major [out, in] ("oi"); row-major it is "io". */
    private static memory.desc denseWeightsDesc(INDArray w, long[] oi) {
        return new memory.desc(oi, memory.data_type.f32, w.ordering() == 'f' ? memory.format_tag.oi : memory.format_tag.io);
    }

    // ---- gradient bookkeeping

    /** Removes {@code name}'s gradient from the map; the caller now holds it (and releases it when done). */
    private DnnlTensor take(String name) {
        DnnlTensor t = gradients.remove(name);
        if (t == null) {
            throw new IllegalStateException("no gradient reached " + name);
        }
        return t;
    }

    /** Adds {@code g} to {@code name}'s gradient: the first contribution is shared as is, later ones are summed. */
    private void give(String name, DnnlTensor g) {
        if (name.equals(owner.input)) {
            return;
        }
        DnnlTensor have = gradients.get(name);
        if (have == null) {
            g.refs++;
            gradients.put(name, g);
            return;
        }
        DnnlTensor other = inLayout(g, have.desc);
        DnnlTensor sum = writable(have) ? have : allocate(have.dims, have.desc);   // in place when only this name holds it
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC_0, have.mem);
        args.put(DNNL_ARG_SRC_1, other.mem);
        args.put(DNNL_ARG_DST, sum.mem);
        add(new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, have.desc, other.desc, have.desc),
                owner.runtime.engine())), args);
        transientDone(other, g);
        if (sum != have) {
            gradients.put(name, sum);
            release(have);
        }
    }

    /** Nobody but the one holder (the map, or the caller that took it) has this plan-owned tensor. */
    private static boolean writable(DnnlTensor t) {
        return t.refs == 1 && t.buffer != null;
    }

    private void release(DnnlTensor t) {
        t.release(buffers);
    }

    // ---- memory

    /** {@code t} when it has layout {@code want}, else a reordered copy (a step); a copy is held by the caller. */
    private DnnlTensor inLayout(DnnlTensor t, memory.desc want) {
        if (t.desc.equals(want)) {
            return t;
        }
        DnnlTensor copy = allocate(t.dims, want);
        addReorder(t.mem, copy.mem);
        return copy;
    }

    /** As {@link #inLayout(DnnlTensor, memory.desc)} for a taken gradient: its copy replaces it (released). */
    private DnnlTensor inLayout(DnnlTensor taken, memory.desc want, boolean replaces) {
        DnnlTensor t = inLayout(taken, want);
        if (t != taken && replaces) {
            release(taken);
        }
        return t;
    }

    /** A copy made by {@link #inLayout} for one step: back to the pool once that step is emitted. */
    private void transientDone(DnnlTensor copy, DnnlTensor original) {
        if (copy != original) {
            release(copy);
        }
    }

    /**
     * A parameter in layout {@code want}: the parameter itself when the layouts agree, else a copy reordered
     * in the current step list (parameters change between steps, so the copy is made on every run).
     */
    private DnnlTensor parameter(memory user, memory.desc want) {
        DnnlTensor t = new DnnlTensor(null, user.get_desc(), user, null);
        return inLayout(t, want);
    }

    /** oneDNN memory over an ND4J array (parameters, gradient views, statistics): the array's own storage. */
    private memory user(INDArray a, memory.desc desc) {
        return keep(new memory(desc, owner.runtime.engine(), a.data().addressPointer()));
    }

    private memory keep(memory m) {
        keepAlive.add(m);
        return m;
    }

    private DnnlTensor allocate(long[] dims, memory.desc desc) {
        DnnlTensor t = DnnlTensor.allocate(buffers, dims, desc, owner.runtime.engine());
        t.refs = 1;   // the caller
        return t;
    }

    private void addReorder(memory from, memory to) {
        add(new reorder(from, to), reorderArgs(from, to));
    }

    private void add(primitive p, IntMemoryMap args) {
        keepAlive.add(p);
        steps.add(new DnnlStep(p, args));
    }

    private static memory.desc any(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    private static memory.desc vector(long length) {
        return new memory.desc(new long[] {length}, memory.data_type.f32, memory.format_tag.x);
    }

    private static memory.desc weightsDesc(long[] w) {
        return new memory.desc(w, memory.data_type.f32, memory.format_tag.oihw);
    }
}
