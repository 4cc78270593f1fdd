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
import org.bytedeco.javacpp.BytePointer;
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
    private static final class Tensor {
        final long[] dims;
        final memory.desc desc;
        final memory mem;
        final Buffer buffer;   // null: memory the plan does not own (the caller's arrays)
        int holders;

        Tensor(long[] dims, memory.desc desc, memory mem, Buffer buffer) {
            this.dims = dims;
            this.desc = desc;
            this.mem = mem;
            this.buffer = buffer;
        }
    }

    private record Buffer(BytePointer memory, long bytes) {
    }

    private record Step(primitive prim, IntMemoryMap args) {
    }

    private final DnnlTraining owner;
    private final List<Step> forwardSteps = new ArrayList<>();
    private final List<Step> backwardSteps = new ArrayList<>();
    /** Where the next step goes: forward while the forward is built, then backward. */
    private List<Step> steps = forwardSteps;
    private final List<Buffer> free = new ArrayList<>();
    private final List<Pointer> keepAlive = new ArrayList<>();   // native objects the steps refer to
    private final Map<String, Tensor> activations = new HashMap<>();
    private final Map<String, Tensor> gradients = new HashMap<>();
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
        activations.put(owner.input, new Tensor(inputShape, inDesc, inputMem, null));

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
            Tensor out;
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
            Tensor t = activations.get(owner.outputs.get(i));
            outputShapes[i] = t.dims.clone();
            outputMems[i] = new memory(plain(t.dims), owner.runtime.engine(), (Pointer) null);
            addReorder(t.mem, outputMems[i]);
            outputGradientMems[i] = new memory(plain(t.dims), owner.runtime.engine(), (Pointer) null);
        }

        steps = backwardSteps;
        for (int i = 0; i < outs; i++) {   // the caller's dLoss/dOutput: read, never written
            Tensor t = new Tensor(outputShapes[i], plain(outputShapes[i]), outputGradientMems[i], null);
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
        run(forwardSteps);
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
        run(backwardSteps);
    }

    /** Per BatchNorm vertex, {mean, biased variance} of the last forward's batch. */
    Map<String, INDArray[]> batchStatistics() {
        return statistics;
    }

    /** Frees the plan's native memory (buffers, primitives); the plan is not used afterwards. */
    void close() {
        keepAlive.forEach(Pointer::close);
        keepAlive.clear();
    }

    private void run(List<Step> list) {
        for (Step s : list) {
            s.prim().execute(owner.runtime.stream(), s.args());
        }
        owner.runtime.stream()._wait();
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

    private Tensor conv(Conv c) {
        Tensor src = activations.get(c.inputs().get(0));
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
        Tensor in = inLayout(src, pd.src_desc());
        Tensor out = allocate(dst, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        Tensor weights = parameter(userWeights, pd.weights_desc());
        args.put(DNNL_ARG_WEIGHTS, weights.mem);
        args.put(DNNL_ARG_DST, out.mem);
        if (biasDesc != null) {
            args.put(DNNL_ARG_BIAS, user(c.bias(), biasDesc));
        }
        add(new convolution_forward(pd), args);
        transientDone(in, src);
        release(weights);
        backwardEmitters.add(() -> convBackward(c, src, userWeights, pd, pads, dst));
        return out;
    }

    private void convBackward(Conv c, Tensor src, memory userWeights, convolution_forward.primitive_desc fwd,
                              long[][] pads, long[] dst) {
        long[] w = c.weights().shape();
        Tensor diffDst = take(c.name());
        String input = c.inputs().get(0);
        Tensor dataDiffDst = null;
        if (!input.equals(owner.input)) {   // nothing reads the network input's gradient
            convolution_backward_data.primitive_desc dpd = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, any(src.dims), any(w), any(dst),
                            c.strides(), pads[0], pads[1]), owner.runtime.engine(), fwd);
            dataDiffDst = inLayout(diffDst, dpd.diff_dst_desc());
            Tensor diffSrc = allocate(src.dims, dpd.diff_src_desc());
            IntMemoryMap args = new IntMemoryMap();
            args.put(DNNL_ARG_DIFF_DST, dataDiffDst.mem);
            Tensor weights = parameter(userWeights, dpd.weights_desc());
            args.put(DNNL_ARG_WEIGHTS, weights.mem);
            args.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
            add(new convolution_backward_data(dpd), args);
            release(weights);
            give(input, diffSrc);
            release(diffSrc);
        }
        memory.desc biasDesc = c.bias() == null ? null : vector(w[0]);
        convolution_backward_weights.primitive_desc wpd = new convolution_backward_weights.primitive_desc(biasDesc == null
                ? new convolution_backward_weights.desc(algorithm.convolution_direct, any(src.dims), any(w), any(dst),
                c.strides(), pads[0], pads[1])
                : new convolution_backward_weights.desc(algorithm.convolution_direct, any(src.dims), any(w), biasDesc,
                any(dst), c.strides(), pads[0], pads[1]), owner.runtime.engine(), fwd);
        // backward-data's copy of diff_dst serves backward-weights too when both want the same layout
        Tensor weightsDiffDst = dataDiffDst != null && dataDiffDst.desc.equals(wpd.diff_dst_desc())
                ? dataDiffDst : inLayout(diffDst, wpd.diff_dst_desc());
        Tensor in = inLayout(src, wpd.src_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        args.put(DNNL_ARG_DIFF_DST, weightsDiffDst.mem);
        Tensor diffWeights = gradientOut(owner.gradientView(c.name(), ConvolutionParamInitializer.WEIGHT_KEY),
                weightsDesc(w), wpd.diff_weights_desc());
        args.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights.mem);
        if (biasDesc != null) {
            args.put(DNNL_ARG_DIFF_BIAS, user(owner.gradientView(c.name(), ConvolutionParamInitializer.BIAS_KEY), biasDesc));
        }
        add(new convolution_backward_weights(wpd), args);
        gradientWritten(diffWeights, owner.gradientView(c.name(), ConvolutionParamInitializer.WEIGHT_KEY), weightsDesc(w));
        transientDone(in, src);
        if (weightsDiffDst != dataDiffDst) {
            transientDone(weightsDiffDst, diffDst);
        }
        if (dataDiffDst != null) {
            transientDone(dataDiffDst, diffDst);
        }
        release(diffDst);
    }

    // ---- batch norm (with the following ReLU inside when it is the only reader)

    private Tensor batchNorm(Bn b, String gradName, boolean relu) {
        Tensor src = activations.get(b.inputs().get(0));
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
        Tensor out = allocate(src.dims, pd.dst_desc());
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
            Tensor diffDst = inLayout(take(gradName), bpd.diff_dst_desc(), true);
            Tensor diffSrc = writable(diffDst) ? diffDst : allocate(src.dims, bpd.diff_src_desc());   // in place when ours
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

    private Tensor relu(Relu r) {
        Tensor src = activations.get(r.inputs().get(0));
        eltwise_forward.primitive_desc pd = reluForward(src.desc);
        Tensor out = allocate(src.dims, src.desc);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, src.mem);
        args.put(DNNL_ARG_DST, out.mem);
        add(new eltwise_forward(pd), args);
        backwardEmitters.add(() -> reluBackward(take(r.name()), out, pd, r.inputs()));
        return out;
    }

    private Tensor add(Add a, String gradName, boolean relu) {
        Tensor first = activations.get(a.inputs().get(0));
        Tensor second = inLayout(activations.get(a.inputs().get(1)), first.desc);
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1.0f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        Tensor out = allocate(first.dims, first.desc);
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
                Tensor g = take(gradName);   // d(x + y)/dx = d(x + y)/dy = 1: both inputs get the same tensor
                a.inputs().forEach(i -> give(i, g));
                release(g);
            }
        });
        return out;
    }

    /** ReLU's backward from its output {@code dst} (dst > 0), in place when the gradient is ours; to every input. */
    private void reluBackward(Tensor diffDst, Tensor dst, eltwise_forward.primitive_desc fwd, List<String> inputs) {
        eltwise_backward.primitive_desc bpd = new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                algorithm.eltwise_relu_use_dst_for_bwd, dst.desc, dst.desc, 0f, 0f), owner.runtime.engine(), fwd);
        Tensor d = inLayout(diffDst, dst.desc, true);
        Tensor diffSrc = writable(d) ? d : allocate(dst.dims, dst.desc);
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

    private Tensor pool(Pool p) {
        Tensor src = activations.get(p.inputs().get(0));
        long[] dst = convOutput(src.dims, new long[] {src.dims[1], src.dims[1], p.kernel()[0], p.kernel()[1]},
                p.strides(), p.pad(), p.same());
        long[][] pads = pads(src.dims, dst, p.kernel(), p.strides(), p.pad(), p.same());
        return pooling(p.name(), p.inputs().get(0), dst, algorithm.pooling_max, p.strides(), p.kernel(), pads);
    }

    /** Mean over H and W as a 2-D [N, C] tensor (plain: what DL4J's global pooling hands the next layer). */
    private Tensor globalAvg(GlobalAvg g) {
        Tensor src = activations.get(g.inputs().get(0));
        long[] dst = {src.dims[0], src.dims[1], 1, 1};
        long[] zero = {0, 0};
        Tensor pooled = pooling(g.name(), g.inputs().get(0), dst, algorithm.pooling_avg_exclude_padding, new long[] {1, 1},
                new long[] {src.dims[2], src.dims[3]}, new long[][] {zero, zero});
        Tensor plain4 = inLayout(pooled, plain(dst));
        long[] flat = {dst[0], dst[1]};
        memory.desc nc = plain(flat);
        return new Tensor(flat, nc, new memory(nc, owner.runtime.engine(), plain4.buffer.memory()), plain4.buffer);
    }

    /**
     * A pooling step in training mode (max pooling keeps its argmax workspace) and its backward; the backward
     * reads the gradient of {@code name}, 2-D [N, C] for a global pool (viewed as [N, C, 1, 1]).
     */
    private Tensor pooling(String name, String input, long[] dst, algorithm alg, long[] strides, long[] kernel,
                           long[][] pads) {
        Tensor src = activations.get(input);
        pooling_forward.primitive_desc pd = new pooling_forward.primitive_desc(new pooling_forward.desc(
                prop_kind.forward_training, alg, src.desc, any(dst), strides, kernel, pads[0], pads[1]),
                owner.runtime.engine());
        boolean max = alg == algorithm.pooling_max;
        Tensor out = allocate(dst, pd.dst_desc());
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
            Tensor g = take(name);
            Tensor g4 = g;
            if (g.dims.length == 2) {   // a global pool's [N, C] gradient, copied as [N, C, 1, 1] (small)
                g4 = allocate(dst, plain(dst));
                addReorder(g.mem, keep(new memory(plain(g.dims), owner.runtime.engine(), g4.buffer.memory())));
            }
            Tensor d = inLayout(g4, bpd.diff_dst_desc());
            Tensor diffSrc = allocate(src.dims, bpd.diff_src_desc());
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

    private Tensor dense(Dense d) {
        Tensor src = activations.get(d.inputs().get(0));
        long[] w = d.weights().shape();   // [in, out]
        long[] oi = {w[1], w[0]};
        long[] dst = {src.dims[0], w[1]};
        memory.desc biasDesc = d.bias() == null ? null : vector(w[1]);
        inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(biasDesc == null
                ? new inner_product_forward.desc(prop_kind.forward_training, src.desc, any(oi), any(dst))
                : new inner_product_forward.desc(prop_kind.forward_training, src.desc, any(oi), biasDesc, any(dst)),
                owner.runtime.engine());
        memory.desc userWeightsDesc = denseWeightsDesc(d.weights(), oi);
        memory userWeights = user(d.weights(), userWeightsDesc);
        Tensor in = inLayout(src, pd.src_desc());
        Tensor out = allocate(dst, pd.dst_desc());
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, in.mem);
        Tensor weights = parameter(userWeights, pd.weights_desc());
        args.put(DNNL_ARG_WEIGHTS, weights.mem);
        args.put(DNNL_ARG_DST, out.mem);
        if (biasDesc != null) {
            args.put(DNNL_ARG_BIAS, user(d.bias(), biasDesc));
        }
        add(new inner_product_forward(pd), args);
        release(weights);
        transientDone(in, src);
        backwardEmitters.add(() -> {
            Tensor diffDst = take(d.name());
            inner_product_backward_data.primitive_desc dpd = new inner_product_backward_data.primitive_desc(
                    new inner_product_backward_data.desc(any(src.dims), any(oi), any(dst)), owner.runtime.engine(), pd);
            Tensor dd = inLayout(diffDst, dpd.diff_dst_desc());
            Tensor diffSrc = allocate(src.dims, dpd.diff_src_desc());
            IntMemoryMap dargs = new IntMemoryMap();
            dargs.put(DNNL_ARG_DIFF_DST, dd.mem);
            Tensor dataWeights = parameter(userWeights, dpd.weights_desc());
            dargs.put(DNNL_ARG_WEIGHTS, dataWeights.mem);
            dargs.put(DNNL_ARG_DIFF_SRC, diffSrc.mem);
            add(new inner_product_backward_data(dpd), dargs);
            release(dataWeights);
            transientDone(dd, diffDst);
            give(d.inputs().get(0), diffSrc);
            release(diffSrc);

            inner_product_backward_weights.primitive_desc wpd = new inner_product_backward_weights.primitive_desc(
                    biasDesc == null ? new inner_product_backward_weights.desc(any(src.dims), any(oi), any(dst))
                            : new inner_product_backward_weights.desc(any(src.dims), any(oi), biasDesc, any(dst)),
                    owner.runtime.engine(), pd);
            Tensor wIn = inLayout(src, wpd.src_desc());
            Tensor wd = inLayout(diffDst, wpd.diff_dst_desc());
            INDArray gradW = owner.gradientView(d.name(), DefaultParamInitializer.WEIGHT_KEY);
            memory.desc gradWDesc = denseWeightsDesc(gradW, oi);
            Tensor diffWeights = gradientOut(gradW, gradWDesc, wpd.diff_weights_desc());
            IntMemoryMap wargs = new IntMemoryMap();
            wargs.put(DNNL_ARG_SRC, wIn.mem);
            wargs.put(DNNL_ARG_DIFF_DST, wd.mem);
            wargs.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights.mem);
            if (biasDesc != null) {
                wargs.put(DNNL_ARG_DIFF_BIAS, user(owner.gradientView(d.name(), DefaultParamInitializer.BIAS_KEY), biasDesc));
            }
            add(new inner_product_backward_weights(wpd), wargs);
            gradientWritten(diffWeights, gradW, gradWDesc);
            transientDone(wIn, src);
            transientDone(wd, diffDst);
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
    private Tensor take(String name) {
        Tensor t = gradients.remove(name);
        if (t == null) {
            throw new IllegalStateException("no gradient reached " + name);
        }
        return t;
    }

    /** Adds {@code g} to {@code name}'s gradient: the first contribution is shared as is, later ones are summed. */
    private void give(String name, Tensor g) {
        if (name.equals(owner.input)) {
            return;
        }
        Tensor have = gradients.get(name);
        if (have == null) {
            g.holders++;
            gradients.put(name, g);
            return;
        }
        Tensor other = inLayout(g, have.desc);
        Tensor sum = writable(have) ? have : allocate(have.dims, have.desc);   // in place when only this name holds it
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
    private static boolean writable(Tensor t) {
        return t.holders == 1 && t.buffer != null;
    }

    private void release(Tensor t) {
        if (--t.holders == 0 && t.buffer != null) {
            free.add(t.buffer);
        }
    }

    // ---- memory

    /** {@code t} when it has layout {@code want}, else a reordered copy (a step); a copy is held by the caller. */
    private Tensor inLayout(Tensor t, memory.desc want) {
        if (t.desc.equals(want)) {
            return t;
        }
        Tensor copy = allocate(t.dims, want);
        addReorder(t.mem, copy.mem);
        return copy;
    }

    /** As {@link #inLayout(Tensor, memory.desc)} for a taken gradient: its copy replaces it (released). */
    private Tensor inLayout(Tensor taken, memory.desc want, boolean replaces) {
        Tensor t = inLayout(taken, want);
        if (t != taken && replaces) {
            release(taken);
        }
        return t;
    }

    /** A copy made by {@link #inLayout} for one step: back to the pool once that step is emitted. */
    private void transientDone(Tensor copy, Tensor original) {
        if (copy != original) {
            release(copy);
        }
    }

    /** Where a primitive writes a weight gradient: the gradient view itself when the layouts agree, else a copy. */
    private Tensor gradientOut(INDArray view, memory.desc userDesc, memory.desc want) {
        if (userDesc.equals(want)) {
            return new Tensor(view.shape(), userDesc, user(view, userDesc), null);
        }
        return allocate(view.shape(), want);
    }

    /** After the primitive that wrote {@code written}: reorder it into the gradient view when it is a copy. */
    private void gradientWritten(Tensor written, INDArray view, memory.desc userDesc) {
        if (written.buffer != null) {
            addReorder(written.mem, user(view, userDesc));
            release(written);
        }
    }

    /**
     * A parameter in layout {@code want}: the parameter itself when the layouts agree, else a copy reordered
     * in the current step list (parameters change between steps, so the copy is made on every run).
     */
    private Tensor parameter(memory user, memory.desc want) {
        Tensor t = new Tensor(null, user.get_desc(), user, null);
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

    private Tensor allocate(long[] dims, memory.desc desc) {
        long bytes = desc.get_size();
        Buffer best = null;
        for (Buffer b : free) {
            if (b.bytes() >= bytes && (best == null || b.bytes() < best.bytes())) {
                best = b;
            }
        }
        if (best != null) {
            free.remove(best);
        } else {
            BytePointer raw = new BytePointer(bytes + DnnlRuntime.ALIGNMENT);
            keepAlive.add(raw);
            best = new Buffer(DnnlRuntime.aligned(raw), bytes);
        }
        Tensor t = new Tensor(dims, desc, new memory(desc, owner.runtime.engine(), best.memory()), best);
        t.holders = 1;   // the caller
        return t;
    }

    private void addReorder(memory from, memory to) {
        add(new reorder(from, to), reorderArgs(from, to));
    }

    private void add(primitive p, IntMemoryMap args) {
        keepAlive.add(p);
        steps.add(new Step(p, args));
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
